import { describe, expect, it } from 'vitest';
import {
  type CandidateInstallment,
  type CandidateOrder,
  matchLine,
  referenceCandidates,
  referenceKey,
} from '../../src/domain/reconcile/matcher.ts';

const inst = (over: Partial<CandidateInstallment>): CandidateInstallment => ({
  id: 'x',
  position: 1,
  label: 'On signing',
  dueOn: '2026-11-01',
  amountMinor: 30_000,
  paidMinor: 0,
  currency: 'CNY',
  ...over,
});

const order12: CandidateOrder = {
  id: 'o12',
  number: 'SO-2026-00012',
  installments: [
    inst({ id: 'i3', position: 3, dueOn: '2027-01-01', amountMinor: 10_000 }),
    inst({ id: 'i1', position: 1, dueOn: '2026-11-01', amountMinor: 30_000, paidMinor: 30_000 }),
    inst({ id: 'i2', position: 2, dueOn: '2026-12-01', amountMinor: 60_000 }),
    inst({ id: 'i4', position: 4, dueOn: '2027-02-01', amountMinor: 10_000 }),
  ],
};
const usdOrder: CandidateOrder = {
  id: 'o7',
  number: 'SO-2026-00007',
  installments: [inst({ id: 'u1', amountMinor: 5_000, currency: 'USD' })],
};
const orders = [order12, usdOrder];

describe('referenceCandidates', () => {
  it.each([
    ['SO-2026-00012', 'SO202600012'],
    ['ＳＯ－2026－00012', 'SO202600012'],
    ['so 2026 00012', 'SO202600012'],
    ['货款SO2026-00012。谢谢', 'SO202600012'],
    ['Payment for order so_2026_00012 thanks', 'SO202600012'],
    ['SO\u30002026\u201400012', 'SO202600012'],
  ])('%s contains %s', (memo, key) => {
    expect(referenceCandidates(memo)).toContain(key);
  });

  it.each([
    ['SO-2026-000123', 'SO202600012'],
    ['XSO-2026-00012', 'SO202600012'],
    ['SO-2026-00012X', 'SO202600012'],
    ['SO,2026,00012', 'SO202600012'],
  ])('%s does not name %s (whole tokens only)', (memo, key) => {
    expect(referenceCandidates(memo)).not.toContain(key);
  });

  it('compacts order numbers the same way', () => {
    expect(referenceKey('ＳＯ－2026－00012')).toBe(referenceKey('so-2026-00012'));
  });
});

describe('matchLine', () => {
  it.each([
    ['full-width memo, amount of installment 2', 'ＳＯ－2026－００012 货款', 60_000, 'CNY', 'match:i2'],
    ['spaced lower-case memo', 'so 2026 00012', 60_000, 'CNY', 'match:i2'],
    ['two installments of one amount: the earliest due', 'SO-2026-00012', 10_000, 'CNY', 'match:i3'],
    [
      'paid installment is not open',
      'SO-2026-00012',
      30_000,
      'CNY',
      'exception:amount_mismatch:SO-2026-00012',
    ],
    [
      'amount owed by no installment',
      'SO-2026-00012',
      12_345,
      'CNY',
      'exception:amount_mismatch:SO-2026-00012',
    ],
    ['order in another currency', 'SO-2026-00007', 5_000, 'CNY', 'exception:currency_mismatch:SO-2026-00007'],
    ['second reference matches', 'SO-2026-00007 / SO-2026-00012', 60_000, 'CNY', 'match:i2'],
    ['unknown order number', 'SO-2026-99999', 60_000, 'CNY', 'exception:unknown_reference:SO202699999'],
    ['no order number at all', '货款 ACME', 60_000, 'CNY', 'exception:no_reference:'],
    ['empty memo', '', 60_000, 'CNY', 'exception:no_reference:'],
    [
      'a refund (negative) never pays',
      'SO-2026-00012',
      -60_000,
      'CNY',
      'exception:amount_mismatch:SO-2026-00012',
    ],
  ])('%s', (_name, memo, amountMinor, currency, expected) => {
    const r = matchLine({ memo, amountMinor, currency }, orders);
    expect(
      r.kind === 'match' ? `match:${r.installment.id}` : `exception:${r.exception}:${r.reference ?? ''}`,
    ).toBe(expected);
  });

  it('pays the rest of a partly paid installment and says why', () => {
    const partly: CandidateOrder = {
      ...order12,
      installments: [inst({ id: 'p', amountMinor: 60_000, paidMinor: 20_000 })],
    };
    const r = matchLine({ memo: 'SO-2026-00012', amountMinor: 40_000, currency: 'CNY' }, [partly]);
    expect(r).toMatchObject({ kind: 'match', orderId: 'o12', installment: { id: 'p' } });
    expect(r.kind === 'match' && r.reason).toContain('SO-2026-00012');
  });
});
