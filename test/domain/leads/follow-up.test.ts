import { describe, expect, it } from 'vitest';
import { activityKindOf, leadSeqOf, lostReasonOf } from '../../../src/domain/leads/follow-up.ts';

describe('follow-up words', () => {
  it.each<[string, number | null]>([
    ['L-000042', 42],
    ['l42', 42],
    ['42', 42],
    ['Ｌ－０００４２', 42],
    ['L-', null],
    ['abc', null],
  ])('lead number %s', (text, seq) => {
    expect(leadSeqOf(text)).toBe(seq);
  });

  it.each<[string, string | null]>([
    ['call', 'call'],
    ['CALL', 'call'],
    ['电话', 'call'],
    ['微信', 'message'],
    ['拜访', 'visit'],
    ['fax', null],
  ])('activity %s', (word, kind) => {
    expect(activityKindOf(word)).toBe(kind);
  });

  it.each<[string, string | null]>([
    ['competitor', 'competitor'],
    ['竞品', 'competitor'],
    ['无预算', 'no-budget'],
    ['No-Response', 'no-response'],
    ['weather', null],
  ])('lost reason %s', (word, reason) => {
    expect(lostReasonOf(word)).toBe(reason);
  });
});
