import { describe, expect, it } from 'vitest';
import { parseUntil } from '../../../src/domain/leads/pause.ts';

// Monday 2 November 2026, 10:00 in Shanghai.
const now = new Date('2026-11-02T02:00:00Z');

describe('parseUntil', () => {
  it.each<[string, string | null]>([
    ['2026-11-20', '2026-11-20T16:00:00.000Z'],
    ['11-20', '2026-11-20T16:00:00.000Z'],
    ['11/20', '2026-11-20T16:00:00.000Z'],
    ['11月20日', '2026-11-20T16:00:00.000Z'],
    ['2026年11月20日', '2026-11-20T16:00:00.000Z'],
    // Today: paused through tonight.
    ['11-02', '2026-11-02T16:00:00.000Z'],
    ['01-05', '2027-01-05T16:00:00.000Z'],
    ['3d', '2026-11-05T02:00:00.000Z'],
    ['2w', '2026-11-16T02:00:00.000Z'],
    ['4h', '2026-11-02T06:00:00.000Z'],
    ['3天', '2026-11-05T02:00:00.000Z'],
    ['１周', '2026-11-09T02:00:00.000Z'],
    ['2026-11-01', null],
    ['2026-02-30', null],
    ['0d', null],
    ['someday', null],
  ])('%s', (text, expected) => {
    expect(parseUntil(text, now, 'Asia/Shanghai')?.toISOString() ?? null).toBe(expected);
  });
});
