import { describe, expect, it } from 'vitest';
import { ageReceivables, agingBucket, collectionRate } from '../../src/domain/collections/aging.ts';

describe('aging', () => {
  it.each([
    [1, '0-30'],
    [30, '0-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '90+'],
    [400, '90+'],
  ] as const)('%i days overdue → %s', (days, bucket) => {
    expect(agingBucket(days)).toBe(bucket);
  });

  it('sums per bucket and currency', () => {
    expect(
      ageReceivables([
        { daysOverdue: 5, outstandingMinor: 100, currency: 'CNY' },
        { daysOverdue: 29, outstandingMinor: 50, currency: 'CNY' },
        { daysOverdue: 45, outstandingMinor: 7, currency: 'USD' },
        { daysOverdue: 120, outstandingMinor: 9, currency: 'CNY' },
      ]),
    ).toEqual({ '0-30': { CNY: 150 }, '31-60': { USD: 7 }, '61-90': {}, '90+': { CNY: 9 } });
  });

  it('collection rate: collected of what fell due, per currency, capped at each amount', () => {
    expect(
      collectionRate([
        { amountMinor: 1000, paidMinor: 1000, currency: 'CNY' },
        { amountMinor: 1000, paidMinor: 200, currency: 'CNY' },
        { amountMinor: 1000, paidMinor: 0, currency: 'CNY' },
        { amountMinor: 500, paidMinor: 600, currency: 'USD' },
      ]),
    ).toEqual([
      { currency: 'CNY', dueMinor: 3000, collectedMinor: 1200, percent: 40 },
      { currency: 'USD', dueMinor: 500, collectedMinor: 500, percent: 100 },
    ]);
  });
});
