// Use case (query): approved order value per week for the last N weeks (this week included) in the asker's scope —
// the KPI report's own roll-up, read once per week, so the trend never disagrees with the KPI table.
import { weekStart } from '../../domain/reports/period.ts';
import type { ScopeRequest } from '../../domain/reports/scope.ts';
import { addDays } from '../../domain/time.ts';
import type { TrendWeek } from '../../messages/catalogue/report-charts.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { readKpiReport } from './read-kpi-report.ts';
import { orgToday } from './report-window.ts';

export async function readWeeklyTrend(
  deps: AppDeps,
  actor: Actor,
  options: { weeks?: number; scope?: ScopeRequest } = {},
): Promise<{ currency: string; weeks: TrendWeek[] }> {
  const weeks = options.weeks ?? 8;
  const currency = deps.policy.org.currency;
  const thisWeek = weekStart(orgToday(deps));
  const out: TrendWeek[] = [];
  for (let i = weeks - 1; i >= 0; i -= 1) {
    const from = addDays(thisWeek, -7 * i);
    const report = await readKpiReport(deps, actor, {
      period: { kind: 'range', from, to: addDays(from, 6) },
      ...(options.scope ? { scope: options.scope } : {}),
    });
    out.push({ from, approvedValue: report.tree.figures.approvedValue[currency] ?? 0 });
  }
  return { currency, weeks: out };
}
