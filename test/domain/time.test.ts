import { describe, expect, it } from 'vitest';
import { isTimeZone, localDate, localTime, startOfLocalDay, zoneFormatter } from '../../src/domain/time.ts';

describe('time zone formatters', () => {
  it('builds one formatter per zone and options, however often it is asked', () => {
    const a = zoneFormatter('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' });
    const b = zoneFormatter('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' });
    const c = zoneFormatter('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric' });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it.each([
    ['Asia/Shanghai', true],
    ['Europe/Berlin', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['', false],
    ['__proto__', false],
  ])('isTimeZone(%j) is %s', (zone, known) => {
    expect(isTimeZone(zone)).toBe(known);
  });

  it.each([
    ['2026-03-29T00:30:00Z', 'Europe/Berlin', '2026-03-29', '01:30', '2026-03-28T23:00:00.000Z'],
    ['2026-03-29T23:30:00Z', 'Europe/Berlin', '2026-03-30', '01:30', '2026-03-29T22:00:00.000Z'],
    ['2026-06-30T16:00:00Z', 'Asia/Shanghai', '2026-07-01', '00:00', '2026-06-30T16:00:00.000Z'],
    ['2026-11-01T07:30:00Z', 'America/New_York', '2026-11-01', '02:30', '2026-11-01T04:00:00.000Z'],
  ])('at %s in %s the date is %s, the clock %s and the day began %s', (at, zone, date, clock, midnight) => {
    // Asked twice: a reused formatter must give the same answers as a fresh one.
    for (let i = 0; i < 2; i++) {
      expect(localDate(new Date(at), zone)).toBe(date);
      expect(localTime(new Date(at), zone)).toBe(clock);
      expect(startOfLocalDay(new Date(at), zone).toISOString()).toBe(midnight);
    }
  });
});
