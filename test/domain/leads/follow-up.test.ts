import { describe, expect, it } from 'vitest';
import { activityKindOf, lostReasonOf, nextStepDateOf } from '../../../src/domain/leads/follow-up.ts';

describe('follow-up words', () => {
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

  it.each<[string, string | null]>([
    ['budget-cut', 'budget-cut'],
    ['Budget Cut', 'budget-cut'],
    ['砍预算', 'budget-cut'],
    ['ＰＡＵＳＥＤ', 'paused'],
    ['price', null],
    ['', null],
  ])('lost reason %j from a list of the yaml', (word, reason) => {
    const reasons = {
      'budget-cut': { en: 'budget cut', 'zh-CN': '预算砍掉', aliases: ['砍预算'] },
      'project-paused': { en: 'paused', 'zh-CN': '项目暂停' },
    };
    expect(lostReasonOf(word, reasons)).toBe(reason === 'paused' ? 'project-paused' : reason);
  });

  it.each<[string, string | null]>([
    ['2026-12-03', '2026-12-03'],
    ['2026/12/3', '2026-12-03'],
    ['12-03', '2026-12-03'],
    ['12月3日', '2026-12-03'],
    ['２０２６－１２－０３', '2026-12-03'],
    // Without a year, a day already past this year is next year's; with a year it stays (and is refused as past later).
    ['01-15', '2027-01-15'],
    ['2026-01-15', '2026-01-15'],
    ['2026-02-30', null],
    ['next week', null],
    ['2026-12-03 +0800', null],
  ])('next step %s (today 2026-11-28)', (text, date) => {
    expect(nextStepDateOf(text, '2026-11-28')).toBe(date);
  });
});
