// What the Acknowledge and Split… dialogs of an exception card tell finance, in the neutral card and as each chat
// platform draws it (the console's dialog is driven in test/browser/console-recon.test.ts).
import { describe, expect, it } from 'vitest';
import { renderCard as larkCard } from '../../adapters/lark/render.ts';
import { readButtonValue, renderCard as slackCard } from '../../adapters/slack/render.ts';
import { promptModal } from '../../adapters/slack/views.ts';
import { receiptCard } from '../../src/messages/catalogue/receipts.ts';
import { type ReconExceptionCardData, reconExceptionCard } from '../../src/messages/catalogue/reconcile.ts';
import type { Action } from '../../src/messages/model.ts';
import { asTyped } from '../../src/messages/plain-text.ts';

const line: ReconExceptionCardData = {
  exceptionId: '0d7c1f6e-3f8f-4d0a-9a51-6d2f0c8b1a11',
  kind: 'unknown_payer',
  reference: null,
  bookedOn: '2026-11-09',
  amountMinor: 50_000_00,
  currency: 'CNY',
  payer: '星河贸易',
  memo: null,
  bankTxnId: 'TXN-1',
  suggestions: [],
  bankTransactionId: '7d3f7a38-6a8e-4a44-9a55-0b7a4e0b9c11',
};
const partlySplit: ReconExceptionCardData = {
  ...line,
  split: {
    by: '陈静',
    at: '2026-11-10 10:00',
    parts: [{ label: 'SO-2026-00012#1', amountMinor: 30_000_00 }],
    remainderMinor: 20_000_00,
    rest: 'open',
  },
};

const action = (data: ReconExceptionCardData, id: string, locale: 'en' | 'zh-CN' = 'en') =>
  reconExceptionCard(data, locale).actions.find((a) => a.id === id) as Action;

describe('Acknowledge asks first, saying that nothing is posted', () => {
  it('the card: a confirm step naming the amount that stays unmatched', () => {
    expect(action(line, 'recon.ack').confirm).toEqual({
      title: 'Acknowledge without matching?',
      text: 'Acknowledging only closes this exception: nothing is posted. The CNY 50,000.00 line stays unmatched, no installment is paid, and the card keeps no button to match it later. Use it when the money is dealt with outside closeloop.',
      confirm: 'Acknowledge',
      deny: 'Cancel',
    });
    expect(action(line, 'recon.ack', 'zh-CN').confirm?.text).toContain(
      '这笔 ¥50,000.00 的流水仍为未匹配，不核销任何分期',
    );
    // Partly split: what is not yet allocated is what stays unallocated.
    expect(action(partlySplit, 'recon.ack').confirm?.text).toContain(
      'the CNY 20,000.00 not yet allocated stays unallocated',
    );
  });

  it('once acknowledged the card says the line is still unmatched, not that it was confirmed or resolved', () => {
    const card = reconExceptionCard(
      { ...line, acknowledged: { by: '陈静', at: '2026-11-10 10:00' } },
      'zh-CN',
    );
    expect(card.body).toContain('✅ 陈静 已于 2026-11-10 10:00 确认知悉：未入账，该流水仍未匹配');
    expect(card.context).toBe('对账异常 · 已知悉，流水未匹配');
  });

  it('Slack: the button carries a confirm object', () => {
    const blocks = slackCard(reconExceptionCard(line, 'en'), 'en');
    const buttons = blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    const ack = buttons.find((b) => b.type === 'button' && b.value === line.exceptionId && 'confirm' in b);
    expect(ack).toMatchObject({
      text: { text: 'Acknowledge' },
      confirm: {
        title: { text: 'Acknowledge without matching?' },
        text: { text: expect.stringContaining('The CNY 50,000.00 line stays unmatched') },
        confirm: { text: 'Acknowledge' },
        deny: { text: 'Cancel' },
      },
    });
  });

  it('Lark: the button carries a confirm', () => {
    const card = larkCard(reconExceptionCard(line, 'zh-CN'), 'zh-CN');
    const buttons: { text?: { content: string }; confirm?: { text: { content: string } } }[] = [];
    JSON.stringify(card, (_, v) => {
      if (v && typeof v === 'object' && v.tag === 'button') buttons.push(v);
      return v;
    });
    const ack = buttons.find((b) => b.text?.content === '确认知悉');
    expect(ack?.confirm?.text.content).toContain('这笔 ¥50,000.00 的流水仍为未匹配');
  });
});

describe('Split… shows the bank line and what is left to allocate', () => {
  it('the card: the prompt names the amount, the payer, the date and what is left', () => {
    expect(action(line, 'recon.split').prompt?.intro).toBe(
      'Bank line: CNY 50,000.00 from 星河贸易, booked on 2026-11-09. Left to allocate: CNY 50,000.00.',
    );
    expect(asTyped(action(partlySplit, 'recon.split', 'zh-CN').prompt?.intro ?? '')).toBe(
      '银行流水：¥50,000.00，付款人 星河贸易，记账日期 2026-11-09。待分配：¥20,000.00。',
    );
  });

  it('Slack: the modal the button opens shows them above the input', () => {
    const blocks = slackCard(reconExceptionCard(partlySplit, 'en'), 'en');
    const button = blocks
      .flatMap((b) => (b.type === 'actions' ? b.elements : []))
      .find((b) => b.type === 'button' && b.text.text === 'Split…');
    const value = readButtonValue(button && 'value' in button ? (button.value ?? '') : '');
    const view = promptModal(
      { ...value.prompt!, title: value.prompt!.title },
      { action: 'recon.split', entityId: value.entityId, minLength: 4, locale: 'en' },
    );
    expect(JSON.stringify(view.blocks[0])).toContain(
      'Bank line: CNY 50,000.00 from 星河贸易, booked on 2026-11-09. Left to allocate: CNY 20,000.00.',
    );
    expect(view.blocks[1]?.type).toBe('input');
  });

  it('Lark: the split form shows them above the input', () => {
    const card = larkCard(reconExceptionCard(line, 'zh-CN'), 'zh-CN');
    const forms = card.body.elements.filter((e) => e.tag === 'form') as unknown as {
      elements: { tag: string; content?: string }[];
    }[];
    const split = forms.find((f) => JSON.stringify(f).includes('拆分该流水'));
    expect(split?.elements[0]).toEqual({
      tag: 'markdown',
      content: '银行流水：¥50,000.00，付款人 星河贸易，记账日期 2026-11-09。待分配：¥50,000.00。',
    });
    expect(split?.elements[1]?.tag).toBe('input');
  });
});

// 核销 is what a Chinese finance clerk does when money is applied to receivables: it must not name a waived
// difference, a line kept out of receivables, or an installment closed without cash.
describe('zh-CN: money words say what happens to the money', () => {
  const suggested: ReconExceptionCardData = {
    ...line,
    kind: 'low_confidence',
    suggestions: [
      {
        basis: 'payer',
        fit: 'under',
        customerId: 'c1',
        allocations: [
          { installmentId: 'i1', orderNumber: 'SO-2026-00012', dueOn: '2026-11-01', amountMinor: 49_980_00 },
        ],
        writeOffs: [{ installmentId: 'i1', amountMinor: 20_00 }],
        excessMinor: 0,
        confidence: 0.82,
        tied: false,
      },
    ],
  };

  it('Write off is "入账并免收差额" with a suggestion and "不计入应收" without; neither is 核销', () => {
    expect(action(suggested, 'recon.writeoff', 'zh-CN')).toMatchObject({
      label: '入账并免收差额',
      prompt: { label: '为什么免收差额？' },
    });
    expect(action(line, 'recon.writeoff', 'zh-CN')).toMatchObject({
      label: '不计入应收',
      prompt: { label: '为什么该流水不计入应收？' },
    });
    const body = reconExceptionCard(suggested, 'zh-CN').body ?? '';
    expect(body).toContain('在容差内：差额免收');
    expect(body).not.toContain('核销');
    const written = reconExceptionCard(
      {
        ...line,
        writtenOff: { by: '陈静', at: '2026-11-10 10:00', reason: '房租退款', posted: false, diffMinor: 0 },
      },
      'zh-CN',
    );
    expect(written.body).toContain(
      '陈静 已于 2026-11-10 10:00 将该流水标记为不计入应收（未核销任何分期）：房租退款',
    );
  });

  it("an overpayment is the customer's 预收款 (advance receipt), not their 余额 (which reads as what they owe)", () => {
    const credit = reconExceptionCard({ ...line, kind: 'credit', creditMinor: 100_00 }, 'zh-CN');
    expect(credit.body).toBe('已自动入账。多出的 ¥100.00 记为客户预收款：请退款或抵扣后续分期。');
  });

  it('an installment closed without cash reads "已免收（未收款）", not 已核销 (settled)', () => {
    const card = receiptCard(
      {
        orderNumber: 'SO-2026-00012',
        customer: '星河贸易',
        amountMinor: 100_00,
        currency: 'CNY',
        receivedOn: '2026-11-09',
        reference: null,
        by: '陈静',
        installments: [{ label: '尾款', amountMinor: 100_00, status: 'written_off' }],
      },
      'zh-CN',
    );
    expect(card.body).toContain('已免收（未收款）');
    expect(card.body).not.toContain('核销');
  });
});
