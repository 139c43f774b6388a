// Use case (query): approved order value per week for the last N weeks (this week included) in the asker's scope —
// narrowed, like every report, to a rep, team or region and to the leads of one source or routing rule (then only the
// orders made from those leads count). One read of the KPI table's approved value per org-local day (the roll-up, or
// under a source or rule the orders themselves), summed by week, so a week's point equals that week's KPI table.
import { queryDailySales } from '../../db/reports/sales-query.ts';
import { weekStart } from '../../domain/reports/period.ts';
import type { ScopeRequest } from '../../domain/reports/scope.ts';
import { addDays, daysBetween } from '../../domain/time.ts';
import type { TrendWeek } from '../../messages/catalogue/report-charts.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { openReport, orgToday } from './report-window.ts';

export async function readWeeklyTrend(
  deps: AppDeps,
  actor: Actor,
  options: { weeks?: number; scope?: ScopeRequest } = {},
): Promise<{ currency: string; weeks: TrendWeek[] }> {
  const weeks = options.weeks ?? 8;
  const currency = deps.policy.org.currency;
  const today = orgToday(deps);
  const first = addDays(weekStart(today), -7 * (weeks - 1));
  const { resolved, w } = await openReport(deps, actor, {
    period: { kind: 'range', from: first, to: today },
    ...(options.scope ? { scope: options.scope } : {}),
  });
  const sales = await queryDailySales(deps.db, {
    today: w.today,
    asOf: w.asOf,
    scope: resolved.scope,
    days: daysBetween(first, today),
    timezone: w.timezone,
    leads: resolved.leads,
  });
  const out: TrendWeek[] = Array.from({ length: weeks }, (_, i) => ({
    from: addDays(first, 7 * i),
    approvedValue: 0,
  }));
  for (const s of sales) {
    const week = out[Math.floor(daysBetween(first, s.day) / 7)];
    if (week && s.day >= first && s.currency === currency) week.approvedValue += s.minor;
  }
  return { currency, weeks: out };
}
