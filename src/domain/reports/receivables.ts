// Owns the receivables definitions: DSO by the count-back method, expected cash per week from installment due dates,
// and promise-to-pay keeping. Aging buckets and collection rate are src/domain/collections/aging.ts.
import { addDays, daysBetween } from '../time.ts';
import type { Totals } from './stats.ts';

// Count-back DSO: walk back day by day from the report date, taking each day's credit sales (approved order value)
// off the open balance until it is used up; the days walked (the last one pro rata) are the DSO. `capped` when the
// history ran out first (the balance is older than every sale looked at).
export function countBackDso(
  openMinor: number,
  // Credit sales per day, index 0 = the report date, then one day further back each.
  dailySales: readonly number[],
): { days: number; capped: boolean } {
  let remaining = openMinor;
  let days = 0;
  for (const sales of dailySales) {
    if (remaining <= 0) break;
    if (sales >= remaining) return { days: Math.round((days + remaining / sales) * 10) / 10, capped: false };
    remaining -= sales;
    days++;
  }
  return { days, capped: remaining > 0 };
}

// Daily sales for countBackDso from (day, amount) rows, newest first, `window` days ending on asOf.
export function dailySeries(
  rows: readonly { day: string; minor: number }[],
  asOf: string,
  window: number,
): number[] {
  const out = new Array<number>(window).fill(0);
  for (const r of rows) {
    const back = daysBetween(r.day, asOf);
    if (back >= 0 && back < window) out[back] = (out[back] ?? 0) + r.minor;
  }
  return out;
}

export interface CashWeek {
  // Local dates, inclusive.
  from: string;
  to: string;
  expected: Totals;
}

// What is still owed on installments falling due in each of the next `weeks` weeks, counted from today.
export function expectedCashByWeek(
  open: readonly { dueOn: string; outstandingMinor: number; currency: string }[],
  today: string,
  weeks = 8,
): CashWeek[] {
  const out: CashWeek[] = Array.from({ length: weeks }, (_, i) => ({
    from: addDays(today, i * 7),
    to: addDays(today, i * 7 + 6),
    expected: {},
  }));
  for (const i of open) {
    const index = Math.floor(daysBetween(today, i.dueOn) / 7);
    const week = out[index];
    if (index < 0 || !week) continue;
    week.expected[i.currency] = (week.expected[i.currency] ?? 0) + i.outstandingMinor;
  }
  return out;
}

export interface PromiseStats {
  kept: number;
  broken: number;
  open: number;
  // kept / (kept + broken), 0..1; null when none came due.
  keptRate: number | null;
}

export function promiseStats(counts: { kept: number; broken: number; open: number }): PromiseStats {
  const due = counts.kept + counts.broken;
  return { ...counts, keptRate: due === 0 ? null : counts.kept / due };
}
