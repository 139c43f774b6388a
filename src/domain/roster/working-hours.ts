// Owns working hours ("09:00-18:00 Mon-Fri") in a person's time zone: whether an instant is on shift, working minutes
// between two instants and when a span of working time ends (lead routing and SLAs, approval SLAs).
import { addDays, localDate, zoneFormatter } from '../time.ts';

export interface WorkingHours {
  // Minutes after local midnight; end <= start means the shift runs past midnight into the next day.
  start: number;
  end: number;
  // Local weekdays (0 = Sunday) a shift starts on.
  days: ReadonlySet<number>;
}

const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function minutesOf(hhmm: string): number | null {
  const m = /^(\d\d):(\d\d)$/.exec(hhmm);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 24 && min < 60 && h * 60 + min <= 1440 ? h * 60 + min : null;
}

function dayIndex(name: string): number | null {
  const i = dayNames.indexOf(name.toLowerCase());
  return i === -1 ? null : i;
}

// The working week and time zone someone's working time runs in.
export interface WorkingClock {
  hours: WorkingHours;
  timeZone: string;
}

// The org's clock; its configuration was checked at start, so one unreadable here is a bug, not a user's mistake.
export function orgClock(org: { workingHours: string; timezone: string }): WorkingClock {
  const hours = parseWorkingHours(org.workingHours);
  if (!hours) throw new Error(`org.workingHours "${org.workingHours}" cannot be read`);
  return { hours, timeZone: org.timezone };
}

// A person's clock: their own hours and zone where set (an unreadable entry falls back rather than stopping the job
// that asks), else the org's.
export function personalClock(
  org: WorkingClock,
  person: { workingHours: string | null; timezone: string | null },
): WorkingClock {
  return {
    hours: (person.workingHours ? parseWorkingHours(person.workingHours) : null) ?? org.hours,
    timeZone: person.timezone ?? org.timeZone,
  };
}

// "09:00-18:00 Mon-Fri", "08:30-17:30 Sun-Thu", "22:00-06:00 Mon,Wed,Fri"; no days means every day. Null when unreadable.
export function parseWorkingHours(text: string): WorkingHours | null {
  const m = /^\s*(\d\d:\d\d)\s*-\s*(\d\d:\d\d)(?:\s+(\S+))?\s*$/.exec(text);
  if (!m?.[1] || !m[2]) return null;
  const start = minutesOf(m[1]);
  const end = minutesOf(m[2]);
  if (start === null || end === null || start === 1440) return null;
  const days = new Set<number>();
  if (m[3] === undefined) for (let d = 0; d < 7; d++) days.add(d);
  else {
    for (const part of m[3].split(',')) {
      const [from, to] = part.split('-');
      const a = from === undefined ? null : dayIndex(from);
      const b = to === undefined ? a : dayIndex(to);
      if (a === null || b === null) return null;
      // Mon-Fri, and also Sat-Mon wrapping over the weekend.
      for (let d = a; ; d = (d + 1) % 7) {
        days.add(d);
        if (d === b) break;
      }
    }
  }
  return { start, end, days };
}

// "Mon-Fri 09:00-18:00", "09:00-18:00 mon-fri", "9:00-18:00" → the stored form "09:00-18:00 Mon-Fri"; null when
// unreadable.
export function canonicalWorkingHours(text: string): string | null {
  const t = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  const time = /(\d{1,2}:\d\d)\s*-\s*(\d{1,2}:\d\d)/.exec(t);
  if (!time?.[1] || !time[2]) return null;
  const days = `${t.slice(0, time.index)} ${t.slice(time.index + time[0].length)}`
    .trim()
    .replace(/\s*([,-])\s*/g, '$1');
  if (days.includes(' ')) return null;
  const pad = (hm: string) => hm.padStart(5, '0');
  const dayName = (d: string) => d.slice(0, 1).toUpperCase() + d.slice(1, 3).toLowerCase();
  const daysText =
    days === '' ? '' : ` ${days.replace(/[A-Za-z]+/g, (d) => (d.length === 3 ? dayName(d) : d))}`;
  const canonical = `${pad(time[1])}-${pad(time[2])}${daysText}`;
  return parseWorkingHours(canonical) ? canonical : null;
}

// Offset of `timeZone` from UTC at `instant`, in milliseconds.
function offsetAt(instant: number, timeZone: string): number {
  const parts = zoneFormatter('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

// The instant a local wall-clock time (date + minutes after midnight) happens in `timeZone`.
function instantOf(isoDate: string, minutes: number, timeZone: string): number {
  const wall = Date.parse(`${isoDate}T00:00:00Z`) + minutes * 60_000;
  // Two passes settle the offset even when the wall time sits next to a daylight-saving change.
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

// The instant a local date begins in `timeZone`.
export function localMidnight(isoDate: string, timeZone: string): Date {
  return new Date(instantOf(isoDate, 0, timeZone));
}

const weekday = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`).getUTCDay();

// The shifts (as [from, to) instants) starting on each local date from `fromDate` to `toDate`.
function shifts(hours: WorkingHours, timeZone: string, fromDate: string, toDate: string): [number, number][] {
  const out: [number, number][] = [];
  for (let d = fromDate; d <= toDate; d = addDays(d, 1)) {
    if (!hours.days.has(weekday(d))) continue;
    const endDate = hours.end <= hours.start ? addDays(d, 1) : d;
    out.push([instantOf(d, hours.start, timeZone), instantOf(endDate, hours.end, timeZone)]);
  }
  return out;
}

// One formatter call: the local weekday and minutes after midnight (routing asks this for every rep on every lead).
function localClock(at: Date, timeZone: string): { day: number; minutes: number } {
  const parts = zoneFormatter('en-US', {
    timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    day: dayNames.indexOf(get('weekday').toLowerCase()),
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

export function onShift(hours: WorkingHours, timeZone: string, at: Date): boolean {
  return shiftAt(hours, localClock(at, timeZone));
}

// onShift for many people at one instant, reading each time zone's clock once.
export function shiftChecker(at: Date): (hours: WorkingHours, timeZone: string) => boolean {
  const clocks = new Map<string, { day: number; minutes: number }>();
  return (hours, timeZone) => {
    let clock = clocks.get(timeZone);
    if (!clock) {
      clock = localClock(at, timeZone);
      clocks.set(timeZone, clock);
    }
    return shiftAt(hours, clock);
  };
}

function shiftAt(hours: WorkingHours, { day, minutes }: { day: number; minutes: number }): boolean {
  if (hours.end > hours.start) return hours.days.has(day) && hours.start <= minutes && minutes < hours.end;
  // A shift past midnight: this evening's part, or the morning part of yesterday's shift.
  return (
    (hours.days.has(day) && minutes >= hours.start) || (hours.days.has((day + 6) % 7) && minutes < hours.end)
  );
}

// Minutes of working time between two instants: what an SLA such as "accept within 15m" counts.
export function workingMinutesBetween(hours: WorkingHours, timeZone: string, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  let ms = 0;
  for (const [s, e] of shifts(
    hours,
    timeZone,
    addDays(localDate(from, timeZone), -1),
    localDate(to, timeZone),
  )) {
    ms += Math.max(0, Math.min(e, b) - Math.max(s, a));
  }
  return ms / 60_000;
}

// The instant `minutes` of working time after `from` have passed: when an SLA started at `from` falls due ("4h" from
// Friday 17:30 in a 09:00-18:00 Mon-Fri week is Monday 12:30). Null when the hours name no working day at all.
export function addWorkingMinutes(
  hours: WorkingHours,
  timeZone: string,
  from: Date,
  minutes: number,
): Date | null {
  if (hours.days.size === 0) return null;
  const a = from.getTime();
  let left = minutes * 60_000;
  if (left <= 0) return new Date(a);
  // Every week holds a shift, so this ends within ceil(minutes / shift length) working days.
  for (let day = addDays(localDate(from, timeZone), -1); ; day = addDays(day, 1)) {
    for (const [s, e] of shifts(hours, timeZone, day, day)) {
      const start = Math.max(s, a);
      if (e <= start) continue;
      if (e - start >= left) return new Date(start + left);
      left -= e - start;
    }
  }
}
