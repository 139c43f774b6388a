// Dates typed in chat, in both languages, read against the person's own today and time zone.
import { describe, expect, it } from 'vitest';
import { parseTypedDate, parseTypedDateOn } from '../../../src/domain/time/typed-date.ts';

// Wednesday 2026-12-02.
const wednesday = '2026-12-02';

describe('parseTypedDateOn (today Wednesday 2026-12-02)', () => {
  it.each([
    ['2026-12-10', '2026-12-10'],
    ['2026/12/3', '2026-12-03'],
    ['12-03', '2026-12-03'],
    ['12月3日', '2026-12-03'],
    ['2027年1月5号', '2027-01-05'],
    ['１２月５日', '2026-12-05'],
    ['11-30', '2027-11-30'],
    ['today', '2026-12-02'],
    ['今天', '2026-12-02'],
    ['明天', '2026-12-03'],
    ['Tomorrow', '2026-12-03'],
    ['后天', '2026-12-04'],
    ['大后天', '2026-12-05'],
    ['the day after tomorrow', '2026-12-04'],
    ['下周一', '2026-12-07'],
    ['下星期一', '2026-12-07'],
    ['下个礼拜五', '2026-12-11'],
    ['下周日', '2026-12-13'],
    ['下下周二', '2026-12-15'],
    ['next Monday', '2026-12-07'],
    ['next friday', '2026-12-11'],
    ['this Friday', '2026-12-04'],
    ['本周五', '2026-12-04'],
    ['周五', '2026-12-04'],
    ['星期三', '2026-12-09'],
    ['Wednesday', '2026-12-09'],
    ['mon', '2026-12-07'],
    ['in 3 days', '2026-12-05'],
    ['in a week', '2026-12-09'],
    ['in 2 weeks', '2026-12-16'],
    ['3天后', '2026-12-05'],
    ['3 天后', '2026-12-05'],
    ['三天后', '2026-12-05'],
    ['十天后', '2026-12-12'],
    ['两周后', '2026-12-16'],
    ['2个星期后', '2026-12-16'],
    ['yesterday', '2026-12-01'],
    ['前天', '2026-11-30'],
    ['2 days ago', '2026-11-30'],
    ['三天前', '2026-11-29'],
    ['last Monday', '2026-11-23'],
    ['上周一', '2026-11-23'],
  ])('%s → %s', (typed, iso) => {
    expect(parseTypedDateOn(typed, wednesday)).toBe(iso);
  });

  it.each([
    ['', null],
    ['soon', null],
    ['next month', null],
    ['2026-02-30', null],
    ['13-01', null],
    ['下周八', null],
    ['abc天后', null],
    ['in many days', null],
  ])('%s is no date', (typed, iso) => {
    expect(parseTypedDateOn(typed, wednesday)).toBe(iso);
  });

  it.each([
    ['12-25', '2025-12-25'],
    ['11-30', '2026-11-30'],
    ['周一', '2026-11-30'],
    ['Wednesday', '2026-11-25'],
  ])('leaning past, %s → %s', (typed, iso) => {
    expect(parseTypedDateOn(typed, wednesday, 'past')).toBe(iso);
  });

  it('Sunday: next Monday is tomorrow (weeks start on Monday), "Monday" alone too', () => {
    expect(parseTypedDateOn('next Monday', '2026-12-06')).toBe('2026-12-07');
    expect(parseTypedDateOn('下周一', '2026-12-06')).toBe('2026-12-07');
    expect(parseTypedDateOn('Monday', '2026-12-06')).toBe('2026-12-07');
  });

  it('Monday: "Monday" alone is a week ahead, "this Monday" today', () => {
    expect(parseTypedDateOn('周一', '2026-12-07')).toBe('2026-12-14');
    expect(parseTypedDateOn('this Monday', '2026-12-07')).toBe('2026-12-07');
  });

  it('crosses a month and a year', () => {
    expect(parseTypedDateOn('明天', '2026-12-31')).toBe('2027-01-01');
    expect(parseTypedDateOn('下周一', '2026-12-30')).toBe('2027-01-04');
  });
});

describe('parseTypedDate (the moment and the time zone)', () => {
  // 17:30 UTC on Wednesday is already 01:30 Thursday in Shanghai.
  const now = new Date('2026-12-02T17:30:00Z');
  it.each([
    ['明天', 'Asia/Shanghai', '2026-12-04'],
    ['明天', 'Europe/London', '2026-12-03'],
    ['tomorrow', 'America/New_York', '2026-12-03'],
    ['next Monday', 'Asia/Shanghai', '2026-12-07'],
  ])('%s in %s → %s', (typed, zone, iso) => {
    expect(parseTypedDate(typed, now, zone)).toBe(iso);
  });
});
