// Owns the DSO trend: count-back DSO at each of the last month-ends and today, per currency, from the open balance
// each day ended with and the credit sales (approved order value) per day before it.
import { addDays, daysBetween } from '../time.ts';
import { countBackDso, dailySeries } from './receivables.ts';

export interface DsoPoint {
  // Org-local date: a month-end, or today for the last point.
  day: string;
  openMinor: number;
  days: number;
  capped: boolean;
  // Credit sales of the month the point ends (month to date for today): what the balance is read against in the export.
  salesMinor: number;
}

export interface DsoTrend {
  currency: string;
  points: DsoPoint[];
}

// The last `months` month-ends before `today` (org-local dates), oldest first, then today.
export function dsoTrendDays(today: string, months = 6): string[] {
  const firstOfMonth = `${today.slice(0, 8)}01`;
  const out = [today];
  let end = addDays(firstOfMonth, -1);
  for (let i = 0; i < months; i++) {
    out.unshift(end);
    end = addDays(`${end.slice(0, 8)}01`, -1);
  }
  return out;
}

// How many days of sales the trend needs: `window` days before its oldest point, through today.
export function dsoTrendSalesDays(days: readonly string[], window: number): number {
  const oldest = days[0];
  const today = days[days.length - 1];
  return oldest && today ? window + daysBetween(oldest, today) : window;
}

// DSO at each day of `days` per currency: a day without an open balance row had none (DSO 0). Currencies are those
// with a balance on any of the days, sorted.
export function dsoTrend(
  days: readonly string[],
  balances: readonly { day: string; currency: string; minor: number }[],
  sales: readonly { day: string; currency: string; minor: number }[],
  window: number,
): DsoTrend[] {
  const currencies = [...new Set(balances.filter((b) => b.minor !== 0).map((b) => b.currency))].sort();
  return currencies.map((currency) => {
    const ownSales = sales.filter((s) => s.currency === currency);
    return {
      currency,
      points: days.map((day) => {
        const openMinor = balances
          .filter((b) => b.currency === currency && b.day === day)
          .reduce((s, b) => s + b.minor, 0);
        const salesMinor = ownSales
          .filter((s) => s.day.slice(0, 7) === day.slice(0, 7) && s.day <= day)
          .reduce((sum, s) => sum + s.minor, 0);
        return { day, openMinor, ...countBackDso(openMinor, dailySeries(ownSales, day, window)), salesMinor };
      }),
    };
  });
}
