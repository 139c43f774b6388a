// The period of `export …` typed as people type it: a range in one word, two dates apart with or without a joiner,
// or one date for that day; a joiner without a second date is still refused naming the word.
import { describe, expect, it } from 'vitest';
import { readExportWords } from '../../../src/domain/exports/export-request.ts';

const periodOf = (words: string) => readExportWords(words.split(' '), {}, '2026-11-02').period;

describe('export period words', () => {
  it.each([
    ['leads 2026-10-01..2026-10-31', '2026-10-01', '2026-10-31'],
    ['leads 2026-10-01 2026-10-31 xlsx', '2026-10-01', '2026-10-31'],
    ['线索 2026-10-01 至 2026-10-31', '2026-10-01', '2026-10-31'],
    ['orders csv 2026-10-01 - 2026-10-31', '2026-10-01', '2026-10-31'],
    ['leads 2026-10-05', '2026-10-05', '2026-10-05'],
  ])('%s is %s..%s', (words, from, to) => {
    expect(periodOf(words)).toEqual({ kind: 'range', from, to });
  });

  it('the format after a spaced range is still read', () => {
    expect(
      readExportWords(['leads', '2026-10-01', '到', '2026-10-31', 'xlsx'], {}, '2026-11-02').format,
    ).toBe('xlsx');
  });

  it.each(['leads 2026-10-01 至', 'leads 至 2026-10-31'])('%s is refused naming a word', (words) => {
    expect(() => periodOf(words)).toThrow(expect.objectContaining({ code: 'export_bad_word' }));
  });
});
