import { describe, expect, it } from 'vitest';
import { computeDigest, type DigestInput, digestDue } from '../../src/domain/kpi/digest.ts';

const from = new Date('2026-11-02T01:00:00Z');
const to = new Date('2026-11-03T01:00:00Z');
const t = (iso: string) => new Date(iso);

const base: DigestInput = {
  from,
  to,
  today: '2026-11-03',
  acceptSlaMinutes: 15,
  leads: [],
  approvedOrders: [],
  allocations: [],
  installments: [],
};

describe('digestDue', () => {
  it.each([
    ['08:59', '09:00', false],
    ['09:00', '09:00', true],
    ['23:10', '09:00', true],
    ['00:00', '00:00', true],
  ])('%s vs %s → %s', (now, at, expected) => {
    expect(digestDue(now, at)).toBe(expected);
  });
});

describe('computeDigest', () => {
  it('counts new leads in the window only', () => {
    const d = computeDigest({
      ...base,
      leads: [
        { createdAt: t('2026-11-02T01:00:00Z'), offeredAt: null, acceptedAt: null },
        { createdAt: t('2026-11-02T12:00:00Z'), offeredAt: null, acceptedAt: null },
        { createdAt: t('2026-11-03T01:00:00Z'), offeredAt: null, acceptedAt: null },
        { createdAt: t('2026-11-01T12:00:00Z'), offeredAt: null, acceptedAt: null },
      ],
    });
    expect(d.newLeads).toBe(2);
  });

  it.each([
    ['accepted 15 min after the offer', '2026-11-02T10:00:00Z', '2026-11-02T10:15:00Z', 1, 1],
    ['accepted 16 min after the offer', '2026-11-02T10:00:00Z', '2026-11-02T10:16:00Z', 1, 0],
    ['accepted before the window', '2026-11-01T10:00:00Z', '2026-11-01T10:05:00Z', 0, 0],
    [
      'offered before the window, accepted inside it, late',
      '2026-11-02T00:50:00Z',
      '2026-11-02T01:10:00Z',
      1,
      0,
    ],
  ])('%s', (_name, offeredAt, acceptedAt, accepted, within) => {
    const d = computeDigest({
      ...base,
      leads: [{ createdAt: t('2026-11-01T00:00:00Z'), offeredAt: t(offeredAt), acceptedAt: t(acceptedAt) }],
    });
    expect([d.accepted, d.acceptedWithinSla]).toEqual([accepted, within]);
  });

  it('sums orders approved, collections and overdue per currency', () => {
    const d = computeDigest({
      ...base,
      approvedOrders: [
        { decidedAt: t('2026-11-02T05:00:00Z'), totalMinor: 100_000, currency: 'CNY' },
        { decidedAt: t('2026-11-02T06:00:00Z'), totalMinor: 50_000, currency: 'CNY' },
        { decidedAt: t('2026-11-02T07:00:00Z'), totalMinor: 900, currency: 'USD' },
        { decidedAt: t('2026-11-01T07:00:00Z'), totalMinor: 1, currency: 'CNY' },
      ],
      allocations: [
        { createdAt: t('2026-11-02T08:00:00Z'), amountMinor: 30_000, currency: 'CNY' },
        { createdAt: t('2026-11-03T08:00:00Z'), amountMinor: 99, currency: 'CNY' },
      ],
      installments: [
        { dueOn: '2026-11-02', amountMinor: 10_000, paidMinor: 4_000, currency: 'CNY' },
        { dueOn: '2026-10-02', amountMinor: 10_000, paidMinor: 0, currency: 'CNY' },
        { dueOn: '2026-11-03', amountMinor: 10_000, paidMinor: 0, currency: 'CNY' },
        { dueOn: '2026-10-02', amountMinor: 10_000, paidMinor: 10_000, currency: 'CNY' },
      ],
    });
    expect(d).toMatchObject({
      ordersApproved: 3,
      approvedAmount: { CNY: 150_000, USD: 900 },
      collected: { CNY: 30_000 },
      overdueCount: 2,
      overdue: { CNY: 16_000 },
    });
  });
});
