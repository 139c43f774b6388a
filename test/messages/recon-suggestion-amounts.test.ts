// A suggestion's amounts as finance reads them: what an installment owes is what it owes, and a part payment says
// which part of it the money pays — never the paid part shown where the installment's amount goes.
import { describe, expect, it } from 'vitest';
import {
  type ExceptionKind,
  type MatchContext,
  matchLine,
  noTolerance,
  type OpenInstallment,
  type Proposal,
} from '../../src/domain/reconcile/matcher.ts';
import { proposalReason, reconExceptionCard } from '../../src/messages/catalogue/reconcile.ts';

const owing = (over: Partial<OpenInstallment> & { id: string }): OpenInstallment => ({
  orderId: 'o71',
  orderNumber: 'SO-H-00071',
  customerId: 'dalian',
  position: 1,
  label: 'Net 30',
  dueOn: '2026-11-18',
  amountMinor: 1_800_000,
  settledMinor: 0,
  currency: 'CNY',
  invoiceNo: null,
  ...over,
});

const payerContext = (pool: OpenInstallment[], over: Partial<MatchContext> = {}): MatchContext => ({
  referenced: [],
  payerInstallments: pool,
  payerCustomer: 'dalian',
  sameAmount: [],
  receipts: [],
  toleranceFor: () => noTolerance,
  autoConfirmAbove: 0.95,
  ...over,
});

function topSuggestion(amountMinor: number, ctx: MatchContext): Proposal & { kind: ExceptionKind } {
  const outcome = matchLine(
    { amountMinor, currency: 'CNY', memo: '货款', payer: '大连北方物流有限公司' },
    ctx,
  );
  if (outcome.kind !== 'exception') throw new Error(`expected an exception, got ${outcome.kind}`);
  const [top] = outcome.suggestions;
  if (!top) throw new Error('expected a suggestion');
  return { ...top, kind: outcome.exception };
}

const cardText = (p: Proposal & { kind: ExceptionKind }, amountMinor: number, locale: 'zh-CN' | 'en') =>
  reconExceptionCard(
    {
      exceptionId: 'e1',
      kind: p.kind,
      reference: null,
      bookedOn: '2026-12-07',
      amountMinor,
      currency: 'CNY',
      payer: '大连北方物流有限公司',
      memo: '货款',
      bankTxnId: 'CMB-C-0003',
      suggestions: [p],
    },
    locale,
  ).body ?? '';

describe('reconciliation suggestions name the right amounts', () => {
  it('¥17,000 paid on an installment owing ¥18,000: the card says ¥17,000 of it is paid, not that it is for ¥17,000', () => {
    const p = topSuggestion(1_700_000, payerContext([owing({ id: 'i71' })]));
    expect(p.fit).toBe('partial');
    const zh = cardText(p, 1_700_000, 'zh-CN');
    expect(zh).toContain('SO-H-00071（2026-11-18 到期）中的 ¥17,000.00');
    expect(zh).not.toContain('到期，¥17,000.00');
    const en = cardText(p, 1_700_000, 'en');
    expect(en).toContain('pays in part: CNY 17,000.00 towards SO-H-00071 due 2026-11-18');
    expect(en).not.toContain('(CNY 17,000.00)');
  });

  it('a payment ¥5 short within tolerance: the installment is shown owing ¥10,000, the ¥5 written off', () => {
    const tolerance = { under: { percent: 1, maxMinor: 1_000 }, over: { percent: 0, maxMinor: 0 } };
    const pool = [owing({ id: 'i9', orderNumber: 'SO-H-00090', amountMinor: 1_000_000 })];
    const p = topSuggestion(999_500, payerContext(pool, { toleranceFor: () => tolerance }));
    expect(p.fit).toBe('under');
    expect(cardText(p, 999_500, 'zh-CN')).toContain(
      '比 SO-H-00090（2026-11-18 到期，¥10,000.00） 的未付金额少 ¥5.00',
    );
    expect(proposalReason(p, 'CNY', 'en')).toContain(
      'CNY 5.00 short of what SO-H-00090 due 2026-11-18 (CNY 10,000.00) owes',
    );
  });
});
