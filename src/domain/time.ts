// Owns calendar arithmetic in a given IANA time zone; the caller always passes "now".

// Building an Intl.DateTimeFormat loads ICU data outside the V8 heap; one per call grew the process by gigabytes
// under load while the heap stayed small. A formatter is a pure function of its options, so each is made once.
const formatters = new Map<string, Intl.DateTimeFormat>();
// Zone names come from configuration and the roster (a few hundred IANA names at most, in any letter case);
// the bound only stops a caller feeding endless spellings from growing the memo.
const maxFormatters = 2_000;

export function zoneFormatter(
  locale: string,
  options: Intl.DateTimeFormatOptions & { timeZone: string },
): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    if (formatters.size >= maxFormatters) formatters.clear();
    formatters.set(key, format);
  }
  return format;
}

// Whether `value` names a time zone Intl knows (IANA names and their aliases).
export function isTimeZone(value: string): boolean {
  try {
    zoneFormatter('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

// The calendar date (YYYY-MM-DD) that `instant` falls on in `timeZone`.
export function localDate(instant: Date, timeZone: string): string {
  return zoneFormatter('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

// "HH:MM" wall-clock time of `instant` in `timeZone`.
export function localTime(instant: Date, timeZone: string): string {
  return zoneFormatter('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    instant,
  );
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// Whole days from `from` to `to`, both YYYY-MM-DD.
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// The instant local midnight began on `instant`'s calendar date in `timeZone` (DST-safe: re-checks the offset once).
export function startOfLocalDay(instant: Date, timeZone: string): Date {
  const midnightUtc = Date.parse(`${localDate(instant, timeZone)}T00:00:00Z`);
  const offsetAt = (at: number) => {
    const parts = zoneFormatter('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(at));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return (
      Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - at
    );
  };
  const guess = midnightUtc - offsetAt(midnightUtc);
  return new Date(midnightUtc - offsetAt(guess));
}
