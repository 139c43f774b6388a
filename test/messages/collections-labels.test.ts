// Dunning reminders, the customer's reminder text and email, and the credit-hold card name the installment step by its
// closeloop.yaml label and the dunning wording in the reader's language, never by the raw key.
import { describe, expect, it } from 'vitest';
import { labelBook } from '../../src/domain/labels.ts';
import { creditHoldCard } from '../../src/messages/catalogue/collections-holds.ts';
import {
  customerReminderEmail,
  type DunningCardData,
  dunningCard,
} from '../../src/messages/catalogue/collections-reminders.ts';
import type { Card } from '../../src/messages/model.ts';

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
