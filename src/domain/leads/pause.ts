// Owns reading "until …" for pausing a rep: a date (through that day, in the rep's zone; "明天", "next Monday" too) or
// a length such as 3d or 2w.

import { localMidnight } from '../roster/working-hours.ts';
import { parseTypedDateOn } from '../time/typed-date.ts';
import { addDays, localDate } from '../time.ts';

const units: Record<string, number> = { h: 60, d: 1440, w: 10_080, 小时: 60, 天: 1440, 周: 10_080 };

// The instant the rep is back; null when the text is neither a date nor a length, or lies in the past.
export function parseUntil(text: string, now: Date, timeZone: string): Date | null {
  const t = text.normalize('NFKC').trim().toLowerCase();
  const length = /^(\d{1,3})\s*(h|d|w|小时|天|周)$/.exec(t);
  if (length?.[1] && length[2]) {
    const minutes = Number(length[1]) * (units[length[2]] ?? 0);
    return minutes > 0 ? new Date(now.getTime() + minutes * 60_000) : null;
  }
  const today = localDate(now, timeZone);
  const through = parseTypedDateOn(t, today, 'future');
  if (!through || through < today) return null;
  return localMidnight(addDays(through, 1), timeZone);
}
