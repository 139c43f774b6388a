import { describe, expect, it } from 'vitest';
import { planInstallments } from '../../src/domain/collections/payment-plan.ts';
import {
  lineAmount,
  marginPercent,
  maxDiscountPercent,
  orderTotal,
  percentToBp,
} from '../../src/domain/orders/order-lines.ts';

describe('lineAmount', () => {
  it.each([
    [
      { quantity: 3, unitPriceMinor: 12_345, discountBp: 0 },
      { ok: true, amountMinor: 37_035 },
    ],
    [
      { quantity: 1, unitPriceMinor: 10_000, discountBp: 1_250 },
      { ok: true, amountMinor: 8_750 },
    ],
    // 3 × 0.33 = 0.99; 10 % off = 0.099 → rounds half up to 0.10 discount → 0.89
    [
      { quantity: 3, unitPriceMinor: 33, discountBp: 1_000 },
      { ok: true, amountMinor: 89 },
    ],
    [
      { quantity: 1, unitPriceMinor: 5, discountBp: 1_000 },
      { ok: true, amountMinor: 4 },
    ],
    [
      { quantity: 2, unitPriceMinor: 999, discountBp: 10_000 },
      { ok: true, amountMinor: 0 },
    ],
    [
      { quantity: 0, unitPriceMinor: 100, discountBp: 0 },
      { ok: false, error: 'quantity' },
    ],
    [
      { quantity: 1.5, unitPriceMinor: 100, discountBp: 0 },
      { ok: false, error: 'quantity' },
    ],
    // Past the 32-bit quantity column even though the amount would fit.
    [
      { quantity: 3_000_000_000, unitPriceMinor: 1, discountBp: 0 },
      { ok: false, error: 'quantity' },
    ],
    [
      { quantity: 1_000_000_000, unitPriceMinor: 1, discountBp: 0 },
      { ok: true, amountMinor: 1_000_000_000 },
    ],
    [
      { quantity: 1, unitPriceMinor: -1, discountBp: 0 },
      { ok: false, error: 'unitPrice' },
    ],
    [
      { quantity: 1, unitPriceMinor: 1, discountBp: 10_001 },
      { ok: false, error: 'discount' },
    ],
    [
      { quantity: 9_000_000, unitPriceMinor: 9_000_000_000, discountBp: 0 },
      { ok: false, error: 'overflow' },
    ],
  ])('%o → %o', (line, expected) => {
    expect(lineAmount(line)).toEqual(expected);
  });

  it('totals, largest discount and percent → bp', () => {
    expect(orderTotal([37_035, 8_750, 0])).toBe(45_785);
    expect(orderTotal([])).toBe(0);
    expect(maxDiscountPercent([{ discountBp: 500 }, { discountBp: 1_550 }])).toBe(15.5);
    expect(percentToBp(12.5)).toBe(1_250);
    expect(percentToBp(0.07)).toBe(7);
    expect(percentToBp(12.345)).toBeNull();
    expect(percentToBp(101)).toBeNull();
  });
});

describe('planInstallments', () => {
  const thirds = [
    { label: 'A', percent: 30, dueDays: 0 },
    { label: 'B', percent: 60, dueDays: 30 },
    { label: 'C', percent: 10, dueDays: 60 },
  ];
  it.each([
    [thirds, 100_000, '2026-11-02', [30_000, 60_000, 10_000], ['2026-11-02', '2026-12-02', '2027-01-01']],
    [thirds, 1, '2026-02-27', [0, 0, 1], ['2026-02-27', '2026-03-29', '2026-04-28']],
    [
      thirds,
      12_345_67,
      '2028-02-28',
      [370_370, 740_740, 123_457],
      ['2028-02-28', '2028-03-29', '2028-04-28'],
    ],
    [
      [
        { label: 'x', percent: 33.33, dueDays: 0 },
        { label: 'y', percent: 33.33, dueDays: 1 },
        { label: 'z', percent: 33.34, dueDays: 2 },
      ],
      100,
      '2026-12-31',
      [33, 33, 34],
      ['2026-12-31', '2027-01-01', '2027-01-02'],
    ],
    [[{ label: 'Net 30', percent: 100, dueDays: 30 }], 987_654, '2026-11-02', [987_654], ['2026-12-02']],
  ])(
    '%#: parts sum to the total and fall due dueDays after the start',
    (steps, total, start, amounts, dues) => {
      const plan = planInstallments(steps, total, start);
      expect(plan.map((p) => p.amountMinor)).toEqual(amounts);
      expect(plan.map((p) => p.dueOn)).toEqual(dues);
      expect(plan.map((p) => p.position)).toEqual(steps.map((_s, i) => i + 1));
      expect(plan.reduce((s, p) => s + p.amountMinor, 0)).toBe(total);
    },
  );
});

describe('marginPercent', () => {
  it.each<[string, { quantity: number; amountMinor: number; unitCostMinor: number | null }[], number | null]>(
    [
      ['40 % margin', [{ quantity: 2, amountMinor: 1_000, unitCostMinor: 300 }], 40],
      [
        'two lines',
        [
          { quantity: 1, amountMinor: 1_000, unitCostMinor: 500 },
          { quantity: 3, amountMinor: 1_000, unitCostMinor: 100 },
        ],
        60,
      ],
      ['a loss', [{ quantity: 1, amountMinor: 1_000, unitCostMinor: 1_100 }], -10],
      [
        'one unknown cost',
        [
          { quantity: 1, amountMinor: 1_000, unitCostMinor: 500 },
          { quantity: 1, amountMinor: 1_000, unitCostMinor: null },
        ],
        null,
      ],
      ['a free order', [{ quantity: 1, amountMinor: 0, unitCostMinor: 0 }], null],
    ],
  )('%s', (_name, lines, expected) => {
    expect(marginPercent(lines)).toBe(expected);
  });
});
