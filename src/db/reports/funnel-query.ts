// Owns the funnel aggregate over the stage roll-up (report_lead_stages, kept by triggers with the facts): per group and
// stage, what entered in the period, moved on or was lost by "as of", and the time in stage — the definitions of
// src/domain/reports/funnel.ts, counted where the rows are.
import { type SQL, sql } from 'drizzle-orm';
import type { FunnelGroupBy, FunnelStage, StageCounts } from '../../domain/reports/funnel.ts';
import type { FactScope } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';
import { scopeWhere } from './fact-scope.ts';

// 'repTeam' (the rep and the manager of the lead's arrival) is what the KPI table rolls up by.
export type FunnelQueryGroup = FunnelGroupBy | 'repTeam';

export interface FunnelQuery {
  from: Date;
  to: Date;
  // Moves and losses after this instant do not count yet.
  asOf: Date;
  groupBy: FunnelQueryGroup;
  scope: FactScope;
}

export interface FunnelRow extends StageCounts {
  // The group's key (a user id, a source, a region …); null for leads without one.
  key: string | null;
}

const groupExpr: Record<FunnelQueryGroup, SQL> = {
  repTeam: sql`s.owner_id::text || ':' || coalesce(s.manager_id::text, '')`,
  none: sql`''`,
  rep: sql`s.owner_id::text`,
  team: sql`s.manager_id::text`,
  source: sql`s.source`,
  campaign: sql`s.campaign`,
  region: sql`s.region`,
  rule: sql`s.routing_rule`,
};

export async function queryFunnel(db: Executor, q: FunnelQuery): Promise<FunnelRow[]> {
  return aggregateStages(
    db,
    sql`select ${groupExpr[q.groupBy]} as key, s.stage, s.entered_at as entered, s.left_at, s.lost_at, s.lost_reason
      from report_lead_stages s
      where s.entered_at >= ${q.from} and s.entered_at < ${q.to}
        and ${scopeWhere(q.scope, sql`s.owner_id`, sql`s.manager_id`)}`,
    q.asOf,
  );
}

// Counts stage rows (key, stage, entered, left_at, lost_at, lost_reason) as the funnel defines them as of `asOf`.
export async function aggregateStages(db: Executor, stageRows: SQL, asOf: Date): Promise<FunnelRow[]> {
  const result = await db.execute<{
    key: string | null;
    stage: FunnelStage;
    entered: string;
    moved: string;
    lost: string;
    median: number | null;
    p90: number | null;
    reasons: Record<string, number> | null;
  }>(sql`
    with st as materialized (
      select r.*, (r.left_at is not null and r.left_at <= ${asOf}) as moved from (${stageRows}) r
    ),
    lost as (
      select key, stage, lost_reason, count(*)::int as n from st
      where not moved and lost_at >= entered and lost_at <= ${asOf} and (left_at is null or lost_at < left_at)
      group by key, stage, lost_reason
    ),
    agg as (
      select key, stage, count(*) as entered, count(*) filter (where moved) as moved,
        percentile_cont(0.5) within group (order by extract(epoch from left_at - entered)) filter (where moved)
          as median,
        percentile_cont(0.9) within group (order by extract(epoch from left_at - entered)) filter (where moved)
          as p90
      from st group by key, stage
    )
    select agg.key, agg.stage, agg.entered, agg.moved, agg.median, agg.p90,
      coalesce((select sum(n) from lost where lost.key is not distinct from agg.key and lost.stage = agg.stage), 0)
        as lost,
      (select jsonb_object_agg(lost.lost_reason, lost.n) from lost
        where lost.key is not distinct from agg.key and lost.stage = agg.stage) as reasons
    from agg
  `);
  return result.rows.map((r) => ({
    key: r.key,
    stage: r.stage,
    entered: Number(r.entered),
    movedOn: Number(r.moved),
    lost: Number(r.lost),
    medianSeconds: r.median === null ? null : Number(r.median),
    p90Seconds: r.p90 === null ? null : Number(r.p90),
    lostReasons: r.reasons ?? {},
  }));
}
