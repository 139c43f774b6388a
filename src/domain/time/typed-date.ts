// Owns reading a date a person types in chat, in either language: "2026-12-03", "12月3日", "明天", "下周一",
// "tomorrow", "next Monday", "in 3 days", "3天后". Pure: the caller passes the moment and the person's time zone.
import { addDays, localDate } from '../time.ts';

// Which way a date typed without a year leans: a next step or a promise is ahead of today, a receipt behind it.
export type DateLean = 'future' | 'past';

const weekdayIndex: Record<string, number> = {
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
  sunday: 7,
  sun: 7,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
};

const namedDays: Record<string, number> = {
  today: 0,
  tomorrow: 1,
  yesterday: -1,
  'day after tomorrow': 2,
  'the day after tomorrow': 2,
  'day before yesterday': -2,
  今天: 0,
  今日: 0,
  明天: 1,
  明日: 1,
  后天: 2,
  大后天: 3,
  昨天: -1,
  昨日: -1,
  前天: -2,
};

const chineseDigits: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

// "3", "十", "十五", "二十一", "两" → a number; null for anything else.
function countOf(text: string): number | null {
  if (/^\d{1,3}$/.test(text)) return Number(text);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || text === '') return null;
  const [, tens, ten, ones] = m;
  if (!ten) return tens && !ones ? (chineseDigits[tens] ?? null) : null;
  return (tens ? (chineseDigits[tens] ?? 0) : 1) * 10 + (ones ? (chineseDigits[ones] ?? 0) : 0);
}

const unitDays: Record<string, number> = {
  day: 1,
  days: 1,
  week: 7,
  weeks: 7,
  天: 1,
  日: 1,
  周: 7,
  星期: 7,
  个星期: 7,
  礼拜: 7,
  个礼拜: 7,
};

// ISO weekday of a YYYY-MM-DD: Monday 1 … Sunday 7.
function weekdayOf(iso: string): number {
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

function validIso(iso: string): boolean {
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso;
}

function calendarDate(t: string, today: string, lean: DateLean): string | null {
  const m =
    /^(?:(\d{4})[-/.])?(\d{1,2})[-/.](\d{1,2})$/.exec(t) ??
    /^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(t);
  if (!m?.[2] || !m[3]) return null;
  const year = m[1] ?? today.slice(0, 4);
  const iso = `${year}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  if (!validIso(iso)) return null;
  if (m[1]) return iso;
  // A date without a year means the nearest such day on the side the field leans to.
  if (lean === 'future' && iso < today) return `${Number(year) + 1}${iso.slice(4)}`;
  if (lean === 'past' && iso > today) return `${Number(year) - 1}${iso.slice(4)}`;
  return iso;
}

// `today` is the person's own calendar date (YYYY-MM-DD). Null when the text is no date this reads.
export function parseTypedDateOn(text: string, today: string, lean: DateLean = 'future'): string | null {
  // "next-monday", "in_3_days": one token where a command splits on spaces.
  const t = text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/(?<=[a-z])[-_](?=[a-z0-9])|(?<=[0-9])[-_](?=[a-z])/g, ' ')
    .replace(/\s+/g, ' ');
  if (t === '') return null;
  const named = Object.hasOwn(namedDays, t) ? namedDays[t] : undefined;
  if (named !== undefined) return addDays(today, named);

  // "in 3 days", "in two weeks" is English only with digits or a/one; "3天后", "三天后", "2周后", "两个星期后".
  const inEnglish = /^in (\d{1,3}|a|an|one) (days?|weeks?)$/.exec(t);
  if (inEnglish?.[1] && inEnglish[2]) {
    const count = /^\d/.test(inEnglish[1]) ? Number(inEnglish[1]) : 1;
    return addDays(today, count * (unitDays[inEnglish[2]] ?? 1));
  }
  const agoEnglish = /^(\d{1,3}|a|an|one) (days?|weeks?) ago$/.exec(t);
  if (agoEnglish?.[1] && agoEnglish[2]) {
    const count = /^\d/.test(agoEnglish[1]) ? Number(agoEnglish[1]) : 1;
    return addDays(today, -count * (unitDays[agoEnglish[2]] ?? 1));
  }
  const inChinese = /^(\S+?) ?(天|日|周|星期|个星期|礼拜|个礼拜)(后|以后|之后|前|以前|之前)$/.exec(t);
  if (inChinese?.[1] && inChinese[2] && inChinese[3]) {
    const count = countOf(inChinese[1]);
    if (count === null) return null;
    const days = count * (unitDays[inChinese[2]] ?? 1);
    return addDays(today, inChinese[3].endsWith('后') ? days : -days);
  }

  // Weekdays. "next Monday" / "下周一": that day of next week (weeks start on Monday); "this Friday" / "本周五":
  // that day of this week; "Monday" / "周一" alone: the next one after today (or the last one before, leaning past).
  const english = /^(?:(next|this|last) )?([a-z]+)$/.exec(t);
  const chinese = /^(下下|下|这|本|上)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7])$/.exec(t);
  const which = english && Object.hasOwn(weekdayIndex, english[2] ?? '') ? english : chinese;
  if (which?.[2] && Object.hasOwn(weekdayIndex, which[2])) {
    const target = weekdayIndex[which[2]] ?? 1;
    const monday = addDays(today, 1 - weekdayOf(today));
    const week: Record<string, number> = { next: 1, 下: 1, 下下: 2, this: 0, 这: 0, 本: 0, last: -1, 上: -1 };
    const shift = which[1];
    if (shift !== undefined) return addDays(monday, (week[shift] ?? 0) * 7 + target - 1);
    const ahead = (target - weekdayOf(today) + 7) % 7 || 7;
    const behind = (weekdayOf(today) - target + 7) % 7 || 7;
    return lean === 'future' ? addDays(today, ahead) : addDays(today, -behind);
  }
  return calendarDate(t, today, lean);
}

// The same, from the moment and the person's IANA time zone: "tomorrow" is tomorrow where they are.
export function parseTypedDate(
  text: string,
  now: Date,
  timeZone: string,
  lean: DateLean = 'future',
): string | null {
  return parseTypedDateOn(text, localDate(now, timeZone), lean);
}
