// Use case (query): the funnel of a period for the asker's scope, grouped by rep, team, source, campaign, region or
// rule; with the org's trailing-90-day rates beside it, the bottleneck and the idle leads sitting in it.
import { queryEntrantsBefore } from '../../db/reports/entrant-ages-query.ts';
import { queryFunnels } from '../../db/reports/funnel-query.ts';
import { queryIdleLeads } from '../../db/reports/idle-query.ts';
import {
  ageThresholds,
  type Bottleneck,
  defaultBottleneckOptions,
  findBottleneck,
  type IdleInStage,
  type StageAges,
  stagesWorthAging,
} from '../../domain/reports/bottleneck.ts';
import {
  completeStages,
  type FunnelGroupBy,
  type FunnelStage,
  type StageFigures,
} from '../../domain/reports/funnel.ts';
import type { Period } from '../../domain/reports/period.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { openReport, type ReportRequest } from './report-window.ts';
import type { ResolvedScope } from './resolve-report-scope.ts';

export interface FunnelGroupView {
  // A user id, source, region … as stored; null for leads without one.
  key: string | null;
  // What to call the group: a person's name for rep/team, else the key itself.
  label: string;
  stages: StageFigures[];
}

export interface FunnelReport {
  period: Period;
  groupBy: FunnelGroupBy;
  scope: ResolvedScope['view'];
  // Every group together.
  total: StageFigures[];
  groups: FunnelGroupView[];
  // The org's own rates over the 90 days before the report's end, per stage.
  baseline: StageFigures[];
  bottleneck: Bottleneck | null;
  // Open leads in the bottleneck stage without a touch for `days` days.
  idle: IdleInStage | null;
}

export interface FunnelRequest extends ReportRequest {
  groupBy?: FunnelGroupBy;
}

const baselineDays = 90;
const idleDays = 5;

export async function readFunnelReport(
  deps: AppDeps,
  actor: Actor,
  request: FunnelRequest,
): Promise<FunnelReport> {
  const { people, resolved, w } = await openReport(deps, actor, request);
  const groupBy = request.groupBy ?? 'none';
  const over = { from: w.from, to: w.to, asOf: w.asOf, scope: resolved.scope, leads: resolved.leads };
  const baselineFrom = new Date(w.asOf.getTime() - baselineDays * 86_400_000);
  const baselineQuery = {
    from: baselineFrom,
    to: w.asOf,
    asOf: w.asOf,
    groupBy: 'none',
    scope: { kind: 'org' },
  } as const;
  // Times in stage do not add up across groups: a grouped report reads its total ungrouped. One statement for all.
  const [rows = [], baselineRows = [], totalRows = rows] = await queryFunnels(
    deps.db,
    groupBy === 'none'
      ? [{ ...over, groupBy }, baselineQuery]
      : [{ ...over, groupBy }, baselineQuery, { ...over, groupBy: 'none' }],
  );
  const names = new Map(people.map((p) => [p.id, p.name]));
  const byKey = new Map<string | null, typeof rows>();
  for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const groups = [...byKey].map(([key, stageRows]) => ({
    key,
    label: key === null ? '' : groupBy === 'rep' || groupBy === 'team' ? (names.get(key) ?? key) : key,
    stages: completeStages(stageRows),
  }));
  groups.sort(
    (a, b) => (b.stages[0]?.entered ?? 0) - (a.stages[0]?.entered ?? 0) || a.label.localeCompare(b.label),
  );
  const total = completeStages(totalRows);
  const baseline = completeStages(baselineRows);
  const worth = stagesWorthAging(total, baseline, defaultBottleneckOptions);
  const ages = await entrantAges(deps, baseline, { ...over, baselineFrom }, worth);
  const bottleneck = findBottleneck(total, baseline, ages, defaultBottleneckOptions);
  const idle = bottleneck ? await idleInStage(deps, resolved, bottleneck.stage, w.asOf, names) : null;
  return { period: request.period, groupBy, scope: resolved.view, total, groups, baseline, bottleneck, idle };
}

// Per stage, how many of the period's and of the baseline's entrants have been in it the baseline's median and p90
// time by "as of" — one statement for every stage and both sides (exported for the bench).
export async function entrantAges(
  deps: AppDeps,
  baseline: readonly StageFigures[],
  over: Pick<ResolvedScope, 'scope' | 'leads'> & { from: Date; asOf: Date; baselineFrom: Date },
  // Only these stages (stagesWorthAging); every stage when not given.
  only?: ReadonlySet<FunnelStage>,
): Promise<Map<FunnelStage, StageAges>> {
  const thresholds = ageThresholds(baseline).filter((t) => !only || only.has(t.stage));
  if (thresholds.length === 0) return new Map();
  const cuts = thresholds.flatMap((t) => [
    { stage: t.stage, before: new Date(over.asOf.getTime() - t.medianSeconds * 1000) },
    { stage: t.stage, before: new Date(over.asOf.getTime() - t.p90Seconds * 1000) },
  ]);
  const [period = [], base = []] = await queryEntrantsBefore(deps.db, [
    { from: over.from, scope: over.scope, leads: over.leads, cuts },
    { from: over.baselineFrom, scope: { kind: 'org' }, cuts },
  ]);
  return new Map(
    thresholds.map((t, i) => [
      t.stage,
      {
        period: { pastMedian: period[2 * i] ?? 0, pastP90: period[2 * i + 1] ?? 0 },
        baseline: { pastMedian: base[2 * i] ?? 0, pastP90: base[2 * i + 1] ?? 0 },
      },
    ]),
  );
}

async function idleInStage(
  deps: AppDeps,
  resolved: ResolvedScope,
  stage: FunnelStage,
  asOf: Date,
  names: ReadonlyMap<string, string>,
): Promise<IdleInStage | null> {
  const since = new Date(asOf.getTime() - idleDays * 86_400_000);
  const rows = await queryIdleLeads(deps.db, { scope: resolved.scope, leads: resolved.leads, stage, since });
  if (!rows) return null;
  const count = rows.reduce((s, r) => s + r.count, 0);
  const top = rows[0];
  return {
    count,
    days: idleDays,
    topOwner: top?.ownerId ? { name: names.get(top.ownerId) ?? '', count: top.count } : null,
  };
}
