import { describe, expect, it } from 'vitest';
import {
  addWorkingMinutes,
  onShift,
  orgClock,
  parseWorkingHours,
  personalClock,
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

describe('addWorkingMinutes: when an SLA started at `from` falls due', () => {
  const office = hours('09:00-18:00 Mon-Fri');
  const night = hours('22:00-06:00 Mon-Fri');
  const gulf = hours('08:30-17:30 Sun-Thu');
  const h = 60;
  it.each<[string, ReturnType<typeof hours>, string, string, number, string]>([
    // The case: Friday 17:30 Shanghai + 4h → Monday 12:30 Shanghai, not Friday night.
    [
      'Friday 17:30 + 4h → Monday 12:30',
      office,
      'Asia/Shanghai',
      '2026-11-06T09:30:00Z',
      4 * h,
      '2026-11-09T04:30:00Z',
    ],
    ['within a morning', office, 'Asia/Shanghai', '2026-11-02T02:00:00Z', 30, '2026-11-02T02:30:00Z'],
    [
      'submitted at night starts at 09:00',
      office,
      'Asia/Shanghai',
      '2026-11-02T14:00:00Z',
      60,
      '2026-11-03T02:00:00Z',
    ],
    [
      'Saturday submit waits for Monday',
      office,
      'Asia/Shanghai',
      '2026-11-07T04:00:00Z',
      2 * h,
      '2026-11-09T03:00:00Z',
    ],
    [
      'ending exactly at 18:00 stays that day',
      office,
      'Asia/Shanghai',
      '2026-11-02T01:00:00Z',
      9 * h,
      '2026-11-02T10:00:00Z',
    ],
    [
      '24h of working time is 2 days 6 hours',
      office,
      'Asia/Shanghai',
      '2026-11-02T01:00:00Z',
      24 * h,
      '2026-11-04T07:00:00Z',
    ],
    ['zero is now', office, 'Asia/Shanghai', '2026-11-07T04:00:00Z', 0, '2026-11-07T04:00:00Z'],
    // The same Friday 17:30 instant (09:30Z) is 10:30 in Berlin: 4h end there at 14:30 local the same day.
    [
      'the approver’s own time zone',
      office,
      'Europe/Berlin',
      '2026-11-06T09:30:00Z',
      4 * h,
      '2026-11-06T13:30:00Z',
    ],
    [
      'New York Friday 17:30 + 1h → Monday 09:30',
      office,
      'America/New_York',
      '2026-11-06T22:30:00Z',
      h,
      '2026-11-09T14:30:00Z',
    ],
    // Night shift 22:00-06:00: Friday 05:00 Shanghai is inside Thursday's shift; 2h → 1h left Friday 22:00.
    [
      'night shift crossing midnight',
      night,
      'Asia/Shanghai',
      '2026-11-05T21:00:00Z',
      2 * h,
      '2026-11-06T15:00:00Z',
    ],
    [
      'night shift: Saturday morning waits for Monday night',
      night,
      'Asia/Shanghai',
      '2026-11-07T01:00:00Z',
      30,
      '2026-11-09T14:30:00Z',
    ],
    // Dubai Thursday 17:00 + 1h: 30 min that day, the rest from Sunday 08:30.
    [
      'a Sunday-Thursday week skips Friday and Saturday',
      gulf,
      'Asia/Dubai',
      '2026-11-05T13:00:00Z',
      h,
      '2026-11-08T05:00:00Z',
    ],
    // Berlin leaves summer time on 25 October 2026: Friday 17:00 CEST + 2h → Monday 10:00 CET (09:00Z).
    [
      'across the daylight-saving change',
      office,
      'Europe/Berlin',
      '2026-10-23T15:00:00Z',
      2 * h,
      '2026-10-26T09:00:00Z',
    ],
  ])('%s', (_name, working, tz, from, minutes, due) => {
    const at = addWorkingMinutes(working, tz, new Date(from), minutes);
    expect(at?.toISOString()).toBe(new Date(due).toISOString());
    // The two calculations agree: exactly `minutes` of working time lie between `from` and the due instant.
    expect(workingMinutesBetween(working, tz, new Date(from), at ?? new Date(from))).toBe(minutes);
  });

  it('hours with no working day never fall due', () => {
    expect(addWorkingMinutes({ start: 540, end: 1080, days: new Set() }, 'UTC', new Date(0), 60)).toBeNull();
  });
});

describe("whose clock: a person's own hours and zone, else the org's", () => {
  const org = orgClock({ workingHours: '09:00-18:00 Mon-Fri', timezone: 'Asia/Shanghai' });
  it.each([
    ['nothing of their own', null, null, '09:00-18:00 Mon-Fri', 'Asia/Shanghai'],
    ['own hours and zone', '08:00-17:00 Sun-Thu', 'Asia/Dubai', '08:00-17:00 Sun-Thu', 'Asia/Dubai'],
    ['own zone only', null, 'Europe/Berlin', '09:00-18:00 Mon-Fri', 'Europe/Berlin'],
    [
      "unreadable own hours fall back to the org's",
      'whenever',
      'Asia/Tokyo',
      '09:00-18:00 Mon-Fri',
      'Asia/Tokyo',
    ],
  ])('%s', (_, workingHours, timezone, expectedHours, expectedZone) => {
    expect(personalClock(org, { workingHours, timezone })).toEqual({
      hours: hours(expectedHours),
      timeZone: expectedZone,
    });
  });

  it('an unreadable org entry is a bug that stops the job', () => {
    expect(() => orgClock({ workingHours: 'always', timezone: 'UTC' })).toThrow('org.workingHours "always"');
  });
});
