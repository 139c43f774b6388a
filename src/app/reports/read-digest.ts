// Use case (query): the team digest for one reader — their tree (or the org) over yesterday or last week against the
// period before, month-to-date attainment, the funnel's bottleneck, the reps furthest behind and ahead of target, the
// receivables to act on today and (for finance's viewers) reconciliation exceptions older than a day. Read through the
// same report use cases as `kpi`, `funnel` and /dashboard, so the digest never disagrees with them.
import { queryActionToday } from '../../db/reports/digest-query.ts';
import { queryOpenTasks } from '../../db/reports/open-tasks-query.ts';
import { queryOpenExceptions } from '../../db/reports/receivables-query.ts';
import type { Bottleneck, IdleInStage } from '../../domain/reports/bottleneck.ts';
import {
  type DigestKind,
  type DigestPeriods,
  digestPeriods,
  type Movement,
  movement,
  type TargetStandings,
  targetStandings,
} from '../../domain/reports/digest.ts';
import { gapToTarget, type Kpi } from '../../domain/reports/kpi.ts';
import { subtreeOf } from '../../domain/reports/tree.ts';
import type { TrendWeek } from '../../messages/catalogue/report-charts.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { readFunnelReport } from './read-funnel-report.ts';
import { type KpiReport, readKpiReport } from './read-kpi-report.ts';
import { readWeeklyTrend } from './read-weekly-trend.ts';
import { reportVisibility } from './report-visibility.ts';
import { openReport } from './report-window.ts';
import type { ScopeView } from './resolve-report-scope.ts';

export interface DigestFigures {
  newLeads: Movement;
  accepted: Movement;
  ordersApproved: Movement;
  // In the org currency's minor units (other currencies are in the KPI table).
  approvedValue: Movement;
  collected: Movement;
}

export interface DigestView {
  kind: DigestKind;
  // The reader's local date the digest is for.
  today: string;
  periods: DigestPeriods;
  scope: ScopeView;
  currency: string;
  // Active people in the tree below the reader (everyone, for an org-wide reader).
  teamSize: number;
  figures: DigestFigures;
  month: { approved: number; target: number; attainment: number | null };
  bottleneck: Bottleneck | null;
  idle: IdleInStage | null;
  standings: TargetStandings;
  actionToday: { currency: string; count: number; owed: number; overdueCount: number }[];
  // Follow-up tasks of the dunning ladder still open in the tree, and how many are past their due day.
  openTasks?: { open: number; past: number };
  // Reconciliation exceptions open longer than a day; null for a reader who does not see finance's queue.
  staleExceptions: number | null;
  // The one chart: attainment per rep when targets exist, else the 8-week trend.
  chart: { kind: 'attainment'; report: KpiReport } | { kind: 'trend'; weeks: TrendWeek[] };
}

const figuresOf = (k: Kpi, currency: string) => ({
  newLeads: k.newLeads,
  accepted: k.accepted,
  ordersApproved: k.ordersApproved,
  approvedValue: k.approvedValue[currency] ?? 0,
  collected: k.collected[currency] ?? 0,
});

export async function readDigest(
  deps: AppDeps,
  actor: UserActor,
  kind: DigestKind,
  today: string,
): Promise<DigestView> {
  const periods = digestPeriods(kind, today);
  const currency = deps.policy.org.currency;
  const current = await readKpiReport(deps, actor, { period: periods.current });
  const previous = await readKpiReport(deps, actor, { period: periods.previous });
  const month = await readKpiReport(deps, actor, { period: periods.month });
  const funnel = await readFunnelReport(deps, actor, { period: periods.funnel });
  const { people, resolved, w } = await openReport(deps, actor, { period: periods.current });
  const now = figuresOf(current.tree.figures, currency);
  const before = figuresOf(previous.tree.figures, currency);
  const reps = month.rows
    .filter((r) => r.leaf && r.depth > 0 && !r.former)
    .map((r) => ({
      id: r.id,
      name: r.name,
      attainment: r.figures.attainment,
      gap: gapToTarget(r.figures, currency),
    }));
  const standings = targetStandings(reps);
  const below = resolved.rootId === null ? null : subtreeOf(people, resolved.rootId);
  const teamSize = people.filter(
    (p) => p.active && (below === null || (below.has(p.id) && p.id !== resolved.rootId)),
  ).length;
  const actionToday = await queryActionToday(deps.db, { today, asOf: w.now, scope: resolved.scope });
  const openTasks = await queryOpenTasks(deps.db, { today, asOf: w.now, scope: resolved.scope });
  const staleExceptions =
    reportVisibility(deps, actor) === 'org'
      ? (await queryOpenExceptions(deps.db, w.now)).reduce((s, e) => s + e.olderThanDay, 0)
      : null;
  const withTarget = reps.some((r) => r.attainment !== null);
  const chart: DigestView['chart'] = withTarget
    ? { kind: 'attainment', report: month }
    : { kind: 'trend', weeks: (await readWeeklyTrend(deps, actor)).weeks };
  return {
    kind,
    today,
    periods,
    scope: current.scope,
    currency,
    teamSize,
    figures: {
      newLeads: movement(now.newLeads, before.newLeads),
      accepted: movement(now.accepted, before.accepted),
      ordersApproved: movement(now.ordersApproved, before.ordersApproved),
      approvedValue: movement(now.approvedValue, before.approvedValue),
      collected: movement(now.collected, before.collected),
    },
    month: {
      approved: month.tree.figures.approvedValue[currency] ?? 0,
      target: month.tree.figures.targetMinor,
      attainment: month.tree.figures.attainment,
    },
    bottleneck: funnel.bottleneck,
    idle: funnel.idle,
    standings,
    actionToday,
    openTasks,
    staleExceptions,
    chart,
  };
}
