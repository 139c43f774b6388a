import { describe, expect, it } from 'vitest';
import { assessCredit, type CreditCase, type CreditRules } from '../../src/domain/credit/risk.ts';
import { type CreditScore, creditScore, type PaymentRecord } from '../../src/domain/credit/score.ts';

const today = '2026-11-02';
// n installments of 1,000.00 due every 30 days back from `lastDue`, each paid `late` days after its due date.
function paidHistory(n: number, late: number, lastDue = '2026-10-20'): PaymentRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const due = new Date(`${lastDue}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() - 30 * i);
    const paid = new Date(due);
    paid.setUTCDate(paid.getUTCDate() + late);
    return {
      dueOn: due.toISOString().slice(0, 10),
      amountMinor: 100_000,
      paidMinor: 100_000,
      paidOn: paid.toISOString().slice(0, 10),
    };
  });
}

describe('credit score on synthetic payment histories', () => {
  it.each<[string, { since: string; installments: PaymentRecord[] }, Partial<CreditScore>]>([
    [
      'new customer, nothing due yet → C, neither trusted nor punished',
      { since: today, installments: [] },
      { score: 69, grade: 'C', onTimeRatio: null, avgDaysLate: null, tenureDays: 0 },
    ],
    [
      'two years, always on time → A, full marks',
      { since: '2024-11-02', installments: paidHistory(12, 0) },
      { score: 100, grade: 'A', onTimeRatio: 1, avgDaysLate: 0, overdueMinor: 0, dsoTrendDays: 0 },
    ],
    [
      'always 15 days late → lateness halves its part',
      { since: '2024-11-02', installments: paidHistory(12, 15) },
      { onTimeRatio: 0, avgDaysLate: 15, grade: 'D', score: 50 - 10 + 10 },
    ],
    [
      'one installment 45 days overdue now → overdue balance and days',
      {
        since: '2025-11-02',
        installments: [
          ...paidHistory(3, 0, '2026-08-20'),
          { dueOn: '2026-09-18', amountMinor: 250_000, paidMinor: 50_000, paidOn: null },
        ],
      },
      { overdueMinor: 200_000, maxDaysOverdue: 45, onTimeRatio: 0.75 },
    ],
    [
      'paying slower lately → a positive DSO trend',
      {
        since: '2024-11-02',
        installments: [
          { dueOn: '2026-06-01', amountMinor: 1, paidMinor: 1, paidOn: '2026-06-01' },
          { dueOn: '2026-09-01', amountMinor: 1, paidMinor: 1, paidOn: '2026-09-21' },
        ],
      },
      { dsoTrendDays: 20 },
    ],
  ])('%s', (_name, history, expected) => {
    const result = creditScore({ today, customerSince: history.since, installments: history.installments });
    expect(result).toMatchObject(expected);
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(100);
  });

  it('a worse history never scores higher', () => {
    const good = creditScore({ today, customerSince: '2024-11-02', installments: paidHistory(6, 0) });
    const late = creditScore({ today, customerSince: '2024-11-02', installments: paidHistory(6, 10) });
    const overdue = creditScore({
      today,
      customerSince: '2024-11-02',
      installments: [
        ...paidHistory(6, 10),
        { dueOn: '2026-08-01', amountMinor: 1_000, paidMinor: 0, paidOn: null },
      ],
    });
    expect(good.score).toBeGreaterThan(late.score);
    expect(late.score).toBeGreaterThan(overdue.score);
    expect(overdue.grade).toMatch(/[DE]/);
  });
});

const rules: CreditRules = {
  warnAt: 0.8,
  holdAt: 1,
  unusualDiscountOver: 15,
  newCustomerDays: 90,
  largeOrderOver: 100_000,
  lowGrades: ['D', 'E'],
  actions: {
    over_limit: 'level',
    near_limit: 'warn',
    overdue_balance: 'level',
    low_grade: 'level',
    unusual_discount: 'warn',
    new_customer_large_order: 'warn',
    on_credit_hold: 'hold',
  },
};
const goodScore = creditScore({ today, customerSince: '2024-11-02', installments: paidHistory(12, 0) });
const base: CreditCase = {
  exposure: { openReceivablesMinor: 0, approvedNotInvoicedMinor: 0, inApprovalMinor: 1_000_000 },
  limitMinor: null,
  score: goodScore,
  orderTotalMinor: 1_000_000,
  currency: 'CNY',
  maxDiscountPercent: 0,
};

describe('credit gate: flags and what the policy does with them', () => {
  it.each<[string, Partial<CreditCase>, Partial<CreditRules>, string[], string, string]>([
    ['no limit, good payer', {}, {}, [], 'none', 'low'],
    [
      'exposure of three parts reaches the limit → over_limit adds a level',
      {
        limitMinor: 3_000_000,
        exposure: {
          openReceivablesMinor: 1_000_000,
          approvedNotInvoicedMinor: 1_000_000,
          inApprovalMinor: 1_000_000,
        },
      },
      {},
      ['over_limit'],
      'level',
      'high',
    ],
    ['80 % of the limit → near_limit warns', { limitMinor: 1_250_000 }, {}, ['near_limit'], 'warn', 'medium'],
    ['a zero limit means no credit', { limitMinor: 0 }, {}, ['over_limit'], 'level', 'high'],
    [
      '20 % discount → unusual_discount warns',
      { maxDiscountPercent: 20 },
      {},
      ['unusual_discount'],
      'warn',
      'medium',
    ],
    [
      'new customer with a 150,000 order',
      { score: { ...goodScore, tenureDays: 10 }, orderTotalMinor: 15_000_000 },
      {},
      ['new_customer_large_order'],
      'warn',
      'medium',
    ],
    [
      'overdue and low grade, with a policy that holds on overdue',
      { score: { ...goodScore, overdueMinor: 5, grade: 'E' } },
      { actions: { ...rules.actions, overdue_balance: 'hold' } },
      ['overdue_balance', 'low_grade'],
      'hold',
      'high',
    ],
    [
      'on credit hold by the dunning ladder → held',
      { onCreditHold: true },
      {},
      ['on_credit_hold'],
      'hold',
      'high',
    ],
    [
      'on credit hold with a policy that only warns',
      { onCreditHold: true },
      { actions: { ...rules.actions, on_credit_hold: 'warn' } },
      ['on_credit_hold'],
      'warn',
      'medium',
    ],
  ])('%s', (_name, patch, rulePatch, flags, action, risk) => {
    const result = assessCredit({ ...base, ...patch }, { ...rules, ...rulePatch });
    expect(result.flags.map((f) => f.flag)).toEqual(flags);
    expect(result.action).toBe(action);
    expect(result.risk).toBe(risk);
  });
});
