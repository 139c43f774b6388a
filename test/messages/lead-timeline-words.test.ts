// A lead's timeline in its card: what routing and intake leave on the lead reads as words in the reader's language,
// never as the activity's code ("posted_for_claim", "created").
import { describe, expect, it } from 'vitest';
import { timelineText } from '../../src/messages/catalogue/records.ts';

const at = new Date('2026-12-07T04:42:00Z');
const entries = ['created', 'posted_for_claim', 'offered', 'unrouted'].map((activity) => ({
  at,
  by: '杨文博',
  kind: 'activity' as const,
  activity,
  note: null,
}));

describe('lead timeline words', () => {
  it('names intake and routing in Chinese for a zh-CN reader', () => {
    const text = timelineText(entries, 0, 'Asia/Shanghai', 'zh-CN');
    expect(text).toBe(
      [
        '- 12-07 12:42 杨文博：收到线索',
        '- 12-07 12:42 杨文博：发到群里待认领',
        '- 12-07 12:42 杨文博：分配了线索',
        '- 12-07 12:42 杨文博：没有可用的分配规则',
      ].join('\n'),
    );
  });

  it('names them in English for an English reader', () => {
    const text = timelineText(entries, 0, 'Asia/Shanghai', 'en');
    expect(text).not.toMatch(/posted_for_claim|: created$|unrouted/m);
    expect(text).toContain('posted it for claiming');
    expect(text).toContain('no routing rule took it');
  });
});
