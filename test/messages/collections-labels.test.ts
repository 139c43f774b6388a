// Dunning reminders, the customer's reminder text and email, the credit-hold, invoice, receipt and follow-up task cards name the installment step by its
// closeloop.yaml label and the dunning wording in the reader's language, never by the raw key.
import { describe, expect, it } from 'vitest';
import { labelBook } from '../../src/domain/labels.ts';
import { creditHoldCard } from '../../src/messages/catalogue/collections-holds.ts';
import { invoiceIssuedCard } from '../../src/messages/catalogue/collections-invoices.ts';
import {
  customerReminderEmail,
  type DunningCardData,
  dunningCard,
} from '../../src/messages/catalogue/collections-reminders.ts';
import { taskCard } from '../../src/messages/catalogue/collections-tasks.ts';
import { receiptCard, receiptReplyText } from '../../src/messages/catalogue/receipts.ts';
import type { Card } from '../../src/messages/model.ts';
import { sampleTask } from '../helpers/label-samples.ts';

const labels = labelBook({ steps: { 'On signing': { 'zh-CN': '签约时', en: 'At signing' } } });
const text = (card: Card) => JSON.stringify(card);

const item = {
  orderNumber: 'SO-2026-00012',
  installmentLabel: 'On signing',
  labels,
  dueOn: '2026-12-01',
  outstandingMinor: 30_00,
  currency: 'CNY',
  daysPastDue: 3,
};
const card: DunningCardData = {
  ...item,
  customerName: '星辰',
  customerEmail: null,
  offsetDays: 3,
  template: 'firm',
  repName: '李雷',
  audience: 'rep',
  task: false,
  customerLocale: 'zh-CN',
  others: [{ ...item, orderNumber: 'SO-2026-00013' }],
};

describe('dunning texts show the step label and the wording in the reader language', () => {
  it('the reminder card: field, item lines, text for the customer and the wording in the context', () => {
    const zh = text(dunningCard(card, 'zh-CN'));
    expect(zh).toContain('签约时');
    expect(zh).toContain('正式催款');
    expect(zh).not.toMatch(/On signing|\(firm\)|（firm）/);
    const en = text(dunningCard({ ...card, customerLocale: 'en' }, 'en'));
    expect(en).toContain('At signing');
    expect(en).not.toContain('On signing');
  });

  it("the card's footer names the step as a rep reads it, not the -3d of closeloop.yaml", () => {
    const footer = (offsetDays: number, locale: 'en' | 'zh-CN') =>
      dunningCard({ ...card, offsetDays, template: undefined }, locale).context;
    expect(footer(3, 'zh-CN')).toBe('催收步骤：到期后 3 天 · SO-2026-00012');
    expect(footer(0, 'zh-CN')).toBe('催收步骤：到期当天 · SO-2026-00012');
    expect(footer(-1, 'en')).toBe('Dunning step: 1 day before due · SO-2026-00012');
    expect(footer(-7, 'en')).toBe('Dunning step: 7 days before due · SO-2026-00012');
    expect(dunningCard(card, 'zh-CN').context).toBe('催收步骤：到期后 3 天（正式催款）· SO-2026-00012');
  });

  it('the reminder email to the customer', () => {
    const email = customerReminderEmail(
      { org: '某公司', customerName: '星辰', repName: '李雷', items: [item] },
      'zh-CN',
    );
    expect(email.text).toContain('（签约时）');
    expect(email.text).not.toContain('On signing');
    const en = customerReminderEmail(
      { org: 'Acme', customerName: 'Star', repName: 'Li', items: [item] },
      'en',
    );
    expect(en.text).toContain('(At signing)');
  });

  it('the credit-hold card', () => {
    const zh = text(creditHoldCard({ customerName: '星辰', repName: '李雷', items: [item] }, 'zh-CN'));
    expect(zh).toContain('签约时');
    expect(zh).not.toContain('On signing');
  });

  it('an unlabelled step reads as written', () => {
    const plain = { ...card, installmentLabel: 'On delivery', others: [] };
    expect(text(dunningCard(plain, 'zh-CN'))).toContain('On delivery');
  });
});

describe('invoice, receipt and follow-up task cards show the step label', () => {
  it('the invoice card', () => {
    const data = {
      orderNumber: 'SO-2026-00012',
      customerName: '星辰',
      position: 1,
      label: 'On signing',
      invoiceNo: 'INV-1',
      invoiceOn: '2026-12-01',
      previous: null,
      labels,
    };
    expect(text(invoiceIssuedCard(data, 'zh-CN'))).toContain('第 1 期（签约时）');
    expect(text(invoiceIssuedCard(data, 'zh-CN'))).not.toContain('On signing');
    expect(text(invoiceIssuedCard(data, 'en'))).toContain('installment 1 (At signing)');
  });

  it('the receipt card and reply', () => {
    const data = {
      orderNumber: 'SO-2026-00012',
      customer: '星辰',
      amountMinor: 30_00,
      currency: 'CNY',
      receivedOn: '2026-12-01',
      reference: null,
      by: '财务',
      installments: [{ label: 'On signing', amountMinor: 30_00, status: 'paid' as const }],
      labels,
    };
    expect(text(receiptCard(data, 'zh-CN'))).toContain('签约时');
    expect(text(receiptCard(data, 'zh-CN'))).not.toContain('On signing');
    expect(receiptReplyText('done', 'zh-CN', data, labels)).toContain('签约时');
    expect(receiptReplyText('done', 'en', data, labels)).toContain('At signing');
  });

  it('the follow-up task card', () => {
    const view = sampleTask('On signing');
    const may = { complete: true, promise: true, escalate: false };
    expect(text(taskCard(view, may, 'zh-CN', labels))).toContain('SO-2026-00012（签约时）');
    expect(text(taskCard(view, may, 'zh-CN', labels))).not.toContain('On signing');
    expect(text(taskCard(view, may, 'en', labels))).toContain('(At signing)');
  });
});
