// A report period typed as two dates in chat, however people join them: "..", "至" with or without spaces, "to",
// a dash, or just a space; a joiner without a second date is still refused naming the word.
import { describe, expect, it } from 'vitest';
import { readReportArgs } from '../../../src/app/reports/report-args.ts';

const read = (text: string) =>
  readReportArgs({ positional: text.split(' '), named: {} }, '2026-11-02').period;

describe('a from–to period in chat', () => {
  it.each([
    '2026-10-01..2026-10-31',
    '2026-10-01至2026-10-31',
    '2026-10-01 至 2026-10-31',
    '2026-10-01 到 2026-10-31',
    '2026-10-01 - 2026-10-31',
    '2026-10-01 ~ 2026-10-31',
    '2026-10-01 to 2026-10-31',
    '2026-10-01 2026-10-31',
  ])('%s is October', (text) => {
    expect(read(text)).toEqual({ kind: 'range', from: '2026-10-01', to: '2026-10-31' });
  });

  it.each(['2026-10-01 至', '2026-10-01 至 月底'])('%s is refused naming a word', (text) => {
    expect(() => read(text)).toThrow(expect.objectContaining({ code: 'report_bad_period' }));
  });
});
