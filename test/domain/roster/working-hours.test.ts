import { describe, expect, it } from 'vitest';
import {
  onShift,
  parseWorkingHours,
  type WorkingHours,
  workingMinutesBetween,
} from '../../../src/domain/roster/working-hours.ts';

const hours = (text: string): WorkingHours => {
  const parsed = parseWorkingHours(text);
  if (!parsed) throw new Error(`unreadable hours ${text}`);
  return parsed;
};

describe('parseWorkingHours', () => {
  it.each<[string, { start: number; end: number; days: number[] } | null]>([
    ['09:00-18:00 Mon-Fri', { start: 540, end: 1080, days: [1, 2, 3, 4, 5] }],
    ['08:30-17:30 Sun-Thu', { start: 510, end: 1050, days: [0, 1, 2, 3, 4] }],
    ['22:00-06:00 Mon,Wed,Fri', { start: 1320, end: 360, days: [1, 3, 5] }],
    ['10:00-16:00 Sat-Mon', { start: 600, end: 960, days: [0, 1, 6] }],
    ['00:00-24:00', { start: 0, end: 1440, days: [0, 1, 2, 3, 4, 5, 6] }],
    ['9-18', null],
    ['09:00-18:00 Monday-Friday', null],
    ['25:00-18:00', null],
  ])('%s', (text, expected) => {
    const parsed = parseWorkingHours(text);
    expect(parsed && { start: parsed.start, end: parsed.end, days: [...parsed.days].sort() }).toEqual(
      expected,
    );
  });
});

describe('onShift', () => {
  const office = hours('09:00-18:00 Mon-Fri');
  it.each<[string, string, string, boolean]>([
    ['Monday 10:00 Shanghai', 'Asia/Shanghai', '2026-11-02T02:00:00Z', true],
    ['Monday 08:59 Shanghai', 'Asia/Shanghai', '2026-11-02T00:59:00Z', false],
    ['Monday 18:00 Shanghai is after hours', 'Asia/Shanghai', '2026-11-02T10:00:00Z', false],
    ['Saturday noon Shanghai', 'Asia/Shanghai', '2026-11-07T04:00:00Z', false],
    ['the same instant is 03:00 in Berlin', 'Europe/Berlin', '2026-11-02T02:00:00Z', false],
    ['Monday 09:30 New York', 'America/New_York', '2026-11-02T14:30:00Z', true],
  ])('%s', (_name, tz, at, expected) => {
    expect(onShift(office, tz, new Date(at))).toBe(expected);
  });

  it('a night shift belongs to the day it starts on', () => {
    const night = hours('22:00-06:00 Mon-Fri');
    // Saturday 05:00 in Shanghai: the Friday night shift.
    expect(onShift(night, 'Asia/Shanghai', new Date('2026-11-06T21:00:00Z'))).toBe(true);
    // Sunday 05:00: Saturday had no shift.
    expect(onShift(night, 'Asia/Shanghai', new Date('2026-11-07T21:00:00Z'))).toBe(false);
  });
});

describe('workingMinutesBetween', () => {
  const office = hours('09:00-18:00 Mon-Fri');
  it.each<[string, string, string, string, number]>([
    ['within one morning', 'Asia/Shanghai', '2026-11-02T02:00:00Z', '2026-11-02T02:15:00Z', 15],
    ['over lunch counts (one block)', 'Asia/Shanghai', '2026-11-02T03:50:00Z', '2026-11-02T04:10:00Z', 20],
    [
      'evening to next morning: only the minutes on shift',
      'Asia/Shanghai',
      '2026-11-02T09:50:00Z',
      '2026-11-03T01:10:00Z',
      20,
    ],
    [
      'Friday 17:50 to Monday 09:10 is 20 minutes',
      'Asia/Shanghai',
      '2026-11-06T09:50:00Z',
      '2026-11-09T01:10:00Z',
      20,
    ],
    ['a whole week is 45 hours', 'Asia/Shanghai', '2026-11-02T00:00:00Z', '2026-11-09T00:00:00Z', 45 * 60],
    ['backwards is zero', 'Asia/Shanghai', '2026-11-02T02:15:00Z', '2026-11-02T02:00:00Z', 0],
    // Berlin leaves summer time on 25 October 2026: 09:00 local is 07:00Z before, 08:00Z after.
    [
      'across the daylight-saving change in Berlin',
      'Europe/Berlin',
      '2026-10-23T15:50:00Z',
      '2026-10-26T08:10:00Z',
      20,
    ],
  ])('%s', (_name, tz, from, to, minutes) => {
    expect(workingMinutesBetween(office, tz, new Date(from), new Date(to))).toBe(minutes);
  });
});
