import { describe, expect, it } from 'vitest';
import { leadRefOf, leadSeqOf, orderRefOf } from '../../src/domain/ids.ts';

const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('entity references', () => {
  it.each<[string, number | null]>([
    ['L-000042', 42],
    ['l42', 42],
    ['42', 42],
    ['#42', 42],
    ['Ｌ－０００４２', 42],
    ['L-', null],
    ['abc', null],
    // Past what the column holds: not a lead number, so "not found" rather than an overflow.
    ['L-3000000000000000000', null],
  ])('lead number %s', (text, seq) => {
    expect(leadSeqOf(text)).toBe(seq);
  });

  it.each([
    [' L-000001 ', { seq: 1 }],
    [id.toUpperCase(), { id }],
    ['constructor', null],
    ['', null],
  ])('lead reference %s', (text, ref) => {
    expect(leadRefOf(text)).toEqual(ref);
  });

  it.each([
    ['so-2026-00012', { number: 'SO-2026-00012' }],
    [` ${id} `, { id }],
    ['ＳＯ－２０２６－０００１２', { number: 'SO-2026-00012' }],
    ['SO202600012', { number: 'SO-2026-00012' }],
    ['so 2026 00012', { number: 'SO-2026-00012' }],
    ['SO2026123456', { number: 'SO-2026-123456' }],
    ['SO20260001', { number: 'SO20260001' }],
    ['PO-2026-00012', { number: 'PO-2026-00012' }],
  ])('order reference %s', (text, ref) => {
    expect(orderRefOf(text)).toEqual(ref);
  });
});
