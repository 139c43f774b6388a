// Owns the funnel straight from the recorded history (lead activities, its orders' decisions and payments), unpivoted
// to (stage, entered, left) per lead and counted row by row: the reference the roll-ups that reports read
// (funnel-query.ts) are held to.
import { type SQL, sql } from 'drizzle-orm';
import { type FunnelStage, funnelStages } from '../../domain/reports/funnel.ts';
import type { Executor } from '../client.ts';
import { managerAt, managerJoin, scopeWhere } from './fact-scope.ts';
import {
  type FunnelDbRow,
  type FunnelQuery,
  type FunnelQueryGroup,
  type FunnelRow,
  funnelRow,
} from './funnel-query.ts';

const groupExpr: Record<FunnelQueryGroup, SQL> = {
  repTeam: sql`coalesce(l.owner_id, l.offered_to_id)::text || ':' || coalesce(${managerAt}::text, '')`,
  none: sql`''`,
  rep: sql`coalesce(l.owner_id, l.offered_to_id)::text`,
  team: sql`${managerAt}::text`,
  source: sql`l.source`,
  campaign: sql`l.campaign`,
  region: sql`l.region`,
  rule: sql`l.routing_rule`,
};

// When a lead left a stage: the earliest later stage it entered at or after entering this one. An order made before the
// lead it was later linked to (a merge moves orders to the kept lead) entered "converted" before "new"; the stages
// entered after it were not left then.
function leftAfter(stage: FunnelStage): SQL {
  const at = (s: FunnelStage) => sql.raw(`j.${s}_at`);
  const later = funnelStages
    .slice(funnelStages.indexOf(stage) + 1)
    .map((s) => sql`case when ${at(s)} >= ${at(stage)} then ${at(s)} end`);
  return later.length > 0 ? sql`least(${sql.join(later, sql`, `)})` : sql`null::timestamptz`;
}

export async function queryFunnelFromFacts(db: Executor, q: FunnelQuery): Promise<FunnelRow[]> {
  const owner = sql`coalesce(l.owner_id, l.offered_to_id)`;
  const stageRows = sql`
    with ev as (
      select a.lead_id,
        min(a.created_at) filter (where a.kind in ('accepted', 'claimed')) as accepted_at,
        min(a.created_at) filter (where a.kind = 'stage' and a.data->>'to' = 'contacted') as contacted_at,
        min(a.created_at) filter (where a.kind = 'stage' and a.data->>'to' = 'qualified') as qualified_at,
        min(a.created_at) filter (where a.kind = 'converted') as converted_at,
        max(a.created_at) filter (where a.kind = 'lost') as lost_at,
        (array_agg(coalesce(a.data->>'reason', 'other') order by a.created_at desc) filter (where a.kind = 'lost'))[1]
          as lost_reason
      from lead_activities a
      where a.kind in ('accepted', 'claimed', 'stage', 'converted', 'lost')
        and a.created_at >= ${q.from} and a.created_at <= ${q.asOf}
      group by a.lead_id
    ),
    ord as (
      select o.lead_id,
        min(o.created_at) as order_at,
        min(o.decided_at) filter (where o.status = 'approved') as approved_at,
        min(p.paid_at) as paid_at,
        max(coalesce(o.decided_at, o.updated_at)) filter (where o.status in ('rejected', 'cancelled')) as dropped_at,
        (array_agg('order-' || o.status order by o.updated_at desc)
          filter (where o.status in ('rejected', 'cancelled')))[1] as dropped_reason
      from orders o
      left join lateral (
        select case when bool_and(i.paid_minor >= i.amount_minor) then max(i.paid_at) end as paid_at
        from installments i where i.order_id = o.id and o.status = 'approved'
      ) p on true
      where o.lead_id is not null and o.status <> 'draft'
        and (o.created_at >= ${q.from} or o.decided_at >= ${q.from} or p.paid_at >= ${q.from})
      group by o.lead_id
    ),
    lead_set as (
      select id as lead_id from leads where created_at >= ${q.from} and created_at < ${q.to}
      union select lead_id from ev
      union select lead_id from ord
    ),
    j as (
      select ${groupExpr[q.groupBy]} as key,
        l.created_at as new_at, ev.accepted_at, ev.contacted_at, ev.qualified_at,
        least(ev.converted_at, ord.order_at) as converted_at, ord.approved_at, ord.paid_at,
        coalesce(ev.lost_at, ord.dropped_at) as lost_at,
        case when ev.lost_at is not null then ev.lost_reason else ord.dropped_reason end as lost_reason
      from lead_set s
      join leads l on l.id = s.lead_id
      left join ev on ev.lead_id = l.id
      left join ord on ord.lead_id = l.id
      ${managerJoin(owner, sql`l.created_at`)}
      where l.merged_into_id is null and ${scopeWhere(q.scope, owner)}
    )
    select j.key, s.stage, s.entered, s.left_at, j.lost_at, j.lost_reason
    from j cross join lateral (values
      ('new', j.new_at, ${leftAfter('new')}),
      ('accepted', j.accepted_at, ${leftAfter('accepted')}),
      ('contacted', j.contacted_at, ${leftAfter('contacted')}),
      ('qualified', j.qualified_at, ${leftAfter('qualified')}),
      ('converted', j.converted_at, ${leftAfter('converted')}),
      ('approved', j.approved_at, ${leftAfter('approved')}),
      ('paid', j.paid_at, ${leftAfter('paid')})
    ) as s(stage, entered, left_at)
    where s.entered >= ${q.from} and s.entered < ${q.to}
  `;
  return aggregateStages(db, stageRows, q.asOf);
}

// Counts stage rows (key, stage, entered, left_at, lost_at, lost_reason) as the funnel defines them as of `asOf`, every
// row at once: the exact percentiles of the moved-on rows' rounded times in stage and the lost rows' reasons per group.
async function aggregateStages(db: Executor, rows: SQL, asOf: Date): Promise<FunnelRow[]> {
  const result = await db.execute<FunnelDbRow>(sql`
    select g.key, g.stage, g.entered, g.moved, g.lost,
      (select percentile_cont(0.5) within group (order by x) from unnest(g.seconds) x) as median,
      (select percentile_cont(0.9) within group (order by x) from unnest(g.seconds) x) as p90,
      (select jsonb_object_agg(y.reason, y.n)
        from (select x as reason, count(*)::int as n from unnest(g.reasons) x group by x) y) as reasons
    from (
      select f.key, f.stage, count(*) as entered, count(*) filter (where f.moved) as moved,
        count(*) filter (where f.lost) as lost,
        array_agg(report_round_seconds(extract(epoch from f.left_at - f.entered))::float8) filter (where f.moved)
          as seconds,
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
  return result.rows.map(funnelRow);
}
