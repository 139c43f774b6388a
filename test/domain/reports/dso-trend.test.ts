import { describe, expect, it } from 'vitest';
import { dsoTrend, dsoTrendDays, dsoTrendSalesDays } from '../../../src/domain/reports/dso-trend.ts';

describe('DSO trend', () => {
  it.each([
    ['2026-12-06', 2, ['2026-10-31', '2026-11-30', '2026-12-06']],
    ['2026-03-31', 3, ['2025-12-31', '2026-01-31', '2026-02-28', '2026-03-31']],
    ['2028-03-01', 2, ['2028-01-31', '2028-02-29', '2028-03-01']],
    [
      '2026-12-06',
      6,
      ['2026-06-30', '2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-06'],
    ],
  ])('on %s the last %d month-ends and today', (today, months, days) => {
    expect(dsoTrendDays(today, months)).toEqual(days);
  });

  it('needs the window before the oldest point', () => {
    expect(dsoTrendSalesDays(['2026-10-31', '2026-11-30', '2026-12-06'], 5)).toBe(5 + 36);
  });

  it('counts back at each day from the balance that day ended with (hand-computed, 5-day window)', () => {
    const days = ['2026-10-31', '2026-11-30', '2026-12-06'];
    const balances = [
      { day: '2026-10-31', currency: 'CNY', minor: 300 },
      { day: '2026-11-30', currency: 'CNY', minor: 150 },
      { day: '2026-12-06', currency: 'USD', minor: 1000 },
      { day: '2026-11-30', currency: 'EUR', minor: 0 },
    ];
    const sales = [
      { day: '2026-10-31', currency: 'CNY', minor: 100 },
      { day: '2026-10-30', currency: 'CNY', minor: 100 },
      { day: '2026-10-29', currency: 'CNY', minor: 200 },
      { day: '2026-11-30', currency: 'CNY', minor: 50 },
      { day: '2026-11-29', currency: 'CNY', minor: 50 },
      { day: '2026-11-27', currency: 'CNY', minor: 100 },
      { day: '2026-12-05', currency: 'USD', minor: 400 },
      // Outside every point's window, or after the point: never counted back (but in the month's sales: 10-20 in
      // October's 10,399, 12-01 in December's to date).
      { day: '2026-12-01', currency: 'CNY', minor: 9999 },
      { day: '2026-10-20', currency: 'CNY', minor: 9999 },
    ];
    expect(dsoTrend(days, balances, sales, 5)).toEqual([
      {
        currency: 'CNY',
        points: [
          // 300: 100 (10-31) + 100 (10-30) + half of 200 (10-29) → 2.5 days.
          { day: '2026-10-31', openMinor: 300, days: 2.5, capped: false, salesMinor: 10_399 },
          // 150: 50 + 50 + 0 (11-28) + half of 100 (11-27) → 3.5 days; November sold 200.
          { day: '2026-11-30', openMinor: 150, days: 3.5, capped: false, salesMinor: 200 },
          { day: '2026-12-06', openMinor: 0, days: 0, capped: false, salesMinor: 9999 },
        ],
      },
      {
        currency: 'USD',
        points: [
          { day: '2026-10-31', openMinor: 0, days: 0, capped: false, salesMinor: 0 },
          { day: '2026-11-30', openMinor: 0, days: 0, capped: false, salesMinor: 0 },
          // 1000 against 400 sold in the 5 days: the window runs out with 600 left.
          { day: '2026-12-06', openMinor: 1000, days: 5, capped: true, salesMinor: 400 },
        ],
      },
    ]);
  });
});
