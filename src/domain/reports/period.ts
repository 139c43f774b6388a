// Owns report periods: the words people type (today, week, month, quarter, from–to) as local calendar dates.
import { type DomainError, invalid } from '../errors.ts';
import { addDays, daysBetween, localDate, startOfLocalDay } from '../time.ts';

export type PeriodKind = 'today' | 'yesterday' | 'week' | 'lastweek' | 'month' | 'quarter' | 'range';

// Local calendar dates, both inclusive.
export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
}

const words: Record<string, Exclude<PeriodKind, 'range'>> = {
  today: 'today',
  今天: 'today',
  今日: 'today',
  yesterday: 'yesterday',
  昨天: 'yesterday',
  week: 'week',
  本周: 'week',
  这周: 'week',
  lastweek: 'lastweek',
  'last-week': 'lastweek',
  上周: 'lastweek',
  month: 'month',
  本月: 'month',
  这个月: 'month',
  quarter: 'quarter',
  本季度: 'quarter',
  季度: 'quarter',
};

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(text: string): boolean {
  if (!isoDate.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

// Monday of the ISO week `day` falls in.
export function weekStart(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((dow + 6) % 7));
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function quarterStart(day: string): string {
  const month = Number(day.slice(5, 7));
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return `${day.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
}

export function daysInMonth(day: string): number {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

// A named period ending today (the asker's local date); null when the word names none.
export function namedPeriod(word: string, today: string): Period | null {
  const kind = Object.hasOwn(words, word.toLowerCase()) ? words[word.toLowerCase()] : undefined;
  if (!kind) return null;
  switch (kind) {
    case 'today':
      return { kind, from: today, to: today };
    case 'yesterday':
      return { kind, from: addDays(today, -1), to: addDays(today, -1) };
    case 'week':
      return { kind, from: weekStart(today), to: today };
    case 'lastweek':
      return { kind, from: addDays(weekStart(today), -7), to: addDays(weekStart(today), -1) };
    case 'month':
      return { kind, from: monthStart(today), to: today };
    case 'quarter':
      return { kind, from: quarterStart(today), to: today };
  }
}

export type PeriodProblem = 'bad_date' | 'out_of_range' | 'reversed' | 'too_long';

// The calendar a period may fall in: PostgreSQL has no year 0, and the day after 9999-12-31 has no YYYY-MM-DD, so
// dates far out would fail in the database instead of being refused; no business record predates 1900.
export const firstPeriodDay = '1900-01-01';
export const lastPeriodDay = '2999-12-31';

export function inPeriodCalendar(day: string): boolean {
  return day >= firstPeriodDay && day <= lastPeriodDay;
}

// The longest period a report covers: two years keeps every aggregate bounded.
export const maxPeriodDays = 731;

// "2026-10-01..2026-10-31", "2026-10-01~2026-10-31", "2026-10-01–2026-10-31" or two dates given apart.
export function rangePeriod(from: string, to: string): Period | PeriodProblem {
  if (!isIsoDate(from) || !isIsoDate(to)) return 'bad_date';
  if (!inPeriodCalendar(from) || !inPeriodCalendar(to)) return 'out_of_range';
  if (to < from) return 'reversed';
  if (daysBetween(from, to) >= maxPeriodDays) return 'too_long';
  return { kind: 'range', from, to };
}

// A period typed in chat that makes none: dates far out are told the calendar, anything else how to write a period.
export function periodError(problem: PeriodProblem, value: string, field = 'period'): DomainError {
  return problem === 'out_of_range'
    ? invalid('report_period_out_of_range', field, { value, first: firstPeriodDay, last: lastPeriodDay })
    : invalid('report_bad_period', field, { value });
}

const isDay = (word: string | undefined) => /^\d{4}-\d{2}-\d{2}$/.test(word ?? '');
const rangeJoiners = new Set(['..', '~', '-', '–', '—', '至', '到', 'to']);

// Two dates typed as separate words from words[at]: "2026-10-01 2026-10-31" or with a joiner between them
// ("2026-10-01 至 2026-10-31", "… - …"); how many words they took, or null when words[at] starts none.
export function spacedRange(
  words: readonly string[],
  at: number,
): { from: string; to: string; words: number } | null {
  const [first, second, third] = [words[at], words[at + 1], words[at + 2]];
  if (!isDay(first)) return null;
  if (isDay(second)) return { from: first as string, to: second as string, words: 2 };
  if (rangeJoiners.has(second ?? '') && isDay(third))
    return { from: first as string, to: third as string, words: 3 };
  return null;
}

export function splitRange(token: string): [string, string] | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:\.\.|~|–|—|至|到|\/)(\d{4}-\d{2}-\d{2})$/.exec(token);
  return m?.[1] && m[2] ? [m[1], m[2]] : null;
}

// The instant local midnight begins on `day` in `timeZone`.
export function localMidnight(day: string, timeZone: string): Date {
  for (const hour of ['12', '00', '23', '06', '18']) {
    const probe = new Date(`${day}T${hour}:00:00Z`);
    if (localDate(probe, timeZone) === day) return startOfLocalDay(probe, timeZone);
  }
  return new Date(`${day}T00:00:00Z`);
}

// The half-open instant range [from, to) a period covers in `timeZone`.
export function periodInstants(period: Period, timeZone: string): { from: Date; to: Date } {
  return { from: localMidnight(period.from, timeZone), to: localMidnight(addDays(period.to, 1), timeZone) };
}

export function periodDays(period: Period): number {
  return daysBetween(period.from, period.to) + 1;
}

// The same period a week earlier (yesterday vs the same weekday last week).
export function weekEarlier(period: Period): Period {
  return { kind: 'range', from: addDays(period.from, -7), to: addDays(period.to, -7) };
}
