// Owns the funnel aggregate over the stage roll-up (report_lead_stages, kept by triggers with the facts): per group and
// stage, what entered in the period, moved on or was lost by "as of", and the time in stage — the definitions of
// src/domain/reports/funnel.ts, counted where the rows are.
import { type SQL, sql } from 'drizzle-orm';
import type { FunnelGroupBy, FunnelStage, StageCounts } from '../../domain/reports/funnel.ts';
import type { FactScope, LeadFilter } from '../../domain/reports/scope.ts';
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
  // Only the stage rows of leads of this source / routing rule.
  leads?: LeadFilter | null;
}

export interface FunnelRow extends StageCounts {
  // The group's key (a user id, a source, a region …); null for leads without one.
  key: string | null;
}

// Each grouping's key, and the columns it is made of (grouped by first, so the key is built once per group).
const grouping: Record<FunnelQueryGroup, { key: SQL; by: SQL }> = {
  repTeam: {
    key: sql`s.owner_id::text || ':' || coalesce(s.manager_id::text, '')`,
    by: sql`s.owner_id, s.manager_id`,
  },
  none: { key: sql`''`, by: sql`()` },
  rep: { key: sql`s.owner_id::text`, by: sql`s.owner_id` },
  team: { key: sql`s.manager_id::text`, by: sql`s.manager_id` },
  source: { key: sql`s.source`, by: sql`s.source` },
  campaign: { key: sql`s.campaign`, by: sql`s.campaign` },
  region: { key: sql`s.region`, by: sql`s.region` },
  rule: { key: sql`s.routing_rule`, by: sql`s.routing_rule` },
};

export async function queryFunnel(db: Executor, q: FunnelQuery): Promise<FunnelRow[]> {
  return aggregateStages(db, stageRows(q), q.asOf);
}

// What the KPI table needs of the funnel: entered and moved on per group and stage, in one pass.
export async function queryStageFlow(
  db: Executor,
  q: FunnelQuery,
): Promise<Pick<FunnelRow, 'key' | 'stage' | 'entered' | 'movedOn'>[]> {
  const result = await db.execute<{
    key: string | null;
    stage: FunnelStage;
    entered: string;
    moved: string;
  }>(sql`
    select ${grouping[q.groupBy].key} as key, s.stage, count(*) as entered,
      count(*) filter (where s.left_at <= ${q.asOf}) as moved
    from report_lead_stages s
    where ${stageWhere(q)}
    group by ${grouping[q.groupBy].by}, s.stage`);
  return result.rows.map((r) => ({
    key: r.key,
    stage: r.stage,
    entered: Number(r.entered),
    movedOn: Number(r.moved),
  }));
}

function stageRows(q: FunnelQuery): SQL {
  return sql`select ${grouping[q.groupBy].key} as key, s.stage, s.entered_at as entered, s.left_at, s.lost_at,
      s.lost_reason
    from report_lead_stages s
    where ${stageWhere(q)}`;
}

function stageWhere(q: FunnelQuery): SQL {
  return sql`s.entered_at >= ${q.from} and s.entered_at < ${q.to}
    and ${scopeWhere(q.scope, sql`s.owner_id`, sql`s.manager_id`)}
    and ${leadWhere(q.leads, sql`s.source`, sql`s.routing_rule`)}`;
}

// A lead filter as a condition on a row's source and routing rule columns.
export function leadWhere(leads: LeadFilter | null | undefined, source: SQL, rule: SQL): SQL {
  if (!leads) return sql`true`;
  return sql`${leads.kind === 'source' ? source : rule} = ${leads.value}`;
}

// Counts stage rows (key, stage, entered, left_at, lost_at, lost_reason) as the funnel defines them as of `asOf`, in one
// hashed pass: the seconds in stage of the rows that moved on and the reasons of the lost ones are gathered per group,
// and only those are sorted for the median and p90.
export async function aggregateStages(db: Executor, rows: SQL, asOf: Date): Promise<FunnelRow[]> {
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
    select g.key, g.stage, g.entered, g.moved, g.lost,
      (select percentile_cont(0.5) within group (order by x) from unnest(g.seconds) x) as median,
      (select percentile_cont(0.9) within group (order by x) from unnest(g.seconds) x) as p90,
      (select jsonb_object_agg(y.reason, y.n)
        from (select x as reason, count(*)::int as n from unnest(g.reasons) x group by x) y) as reasons
    from (
      select f.key, f.stage, count(*) as entered, count(*) filter (where f.moved) as moved,
        count(*) filter (where f.lost) as lost,
        array_agg(extract(epoch from f.left_at - f.entered)) filter (where f.moved) as seconds,
        array_agg(f.lost_reason) filter (where f.lost) as reasons
      from (
        select r.*, coalesce(r.left_at <= ${asOf}, false) as moved,
          (not coalesce(r.left_at <= ${asOf}, false) and r.lost_at >= r.entered and r.lost_at <= ${asOf}
            and (r.left_at is null or r.lost_at < r.left_at)) as lost
        from (${rows}) r
      ) f
      group by f.key, f.stage
    ) g
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
