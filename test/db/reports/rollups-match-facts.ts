// Each report roll-up row by row against the same roll-up recomputed from the facts, and daily sales straight from the
// orders as the DSO definition states them: what test/db/reports holds the trigger-kept roll-ups to.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Executor } from '../../../src/db/client.ts';
import { leadWhere } from '../../../src/db/reports/fact-scope.ts';
import type { SalesQuery } from '../../../src/db/reports/sales-query.ts';

// Daily sales straight from the orders, as the DSO definition states them (narrowed through each order's lead).
export async function salesFromOrders(db: Executor, q: SalesQuery) {
  const scoped =
    q.scope.kind === 'org'
      ? sql`true`
      : q.scope.kind === 'owners'
        ? sql`o.owner_id = any(${`{${q.scope.ownerIds.join(',')}}`}::uuid[])`
        : sql`(o.owner_id = ${q.scope.rootId}::uuid
            or (case when h.id is not null then h.manager_id else u.manager_id end)
              = any(${`{${q.scope.memberIds.join(',')}}`}::uuid[]))`;
  const rows = await db.execute<{ day: string; currency: string; minor: string }>(sql`
    select to_char((o.decided_at at time zone ${q.timezone})::date, 'YYYY-MM-DD') as day, o.currency,
      sum(o.total_minor) as minor
    from orders o left join leads l on l.id = o.lead_id left join users u on u.id = o.owner_id
    left join user_manager_history h on h.user_id = u.id and h.valid_from <= o.decided_at
      and (h.valid_to is null or h.valid_to > o.decided_at)
    where o.status = 'approved' and o.decided_at >= ${q.today}::date - ${q.days}::int - 1
      and o.decided_at <= ${q.asOf} and ${scoped} and ${leadWhere(q.leads, sql`l.source`, sql`l.routing_rule`)}
    group by 1, 2 order by 1 desc, 2`);
  return rows.rows.map((r) => ({ day: r.day, currency: r.currency, minor: Number(r.minor) }));
}

// Each roll-up row by row (the summed ones per lead source and routing rule too) against the same roll-up recomputed
// from the facts.
export async function expectRollUpsMatchFacts(db: Executor) {
  const diff = await db.execute<{ n: number }>(sql`
    with kept as (
      select hour, owner_id, manager_id, metric, currency, source, routing_rule, sum(sum) as sum, sum(n) as n
      from report_kpi_hourly group by 1, 2, 3, 4, 5, 6, 7 having sum(n) <> 0
    ),
    fresh as (
      select date_bin('1 hour', f.at, timestamptz '2000-01-01 00:00:00+00') as hour, f.owner_id,
        case when h.id is not null then h.manager_id else u.manager_id end as manager_id, f.metric,
        coalesce(f.currency, '') as currency, f.source, f.routing_rule, sum(f.value) as sum, count(*) as n
      from report_kpi_facts f left join users u on u.id = f.owner_id
      left join user_manager_history h on h.user_id = u.id and h.valid_from <= f.at
        and (h.valid_to is null or h.valid_to > f.at)
      where f.owner_id is not null and f.at is not null group by 1, 2, 3, 4, 5, 6, 7
    ),
    owed as (
      select owner_id, customer_id, due_on, currency, source, routing_rule, sum(sum) as sum, sum(n) as n
      from report_open_balances group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0
    ),
    owed_fresh as (
      select o.owner_id, o.customer_id, i.due_on, i.currency, l.source, l.routing_rule,
        sum(i.amount_minor - i.paid_minor) as sum, count(*) as n
      from installments i join orders o on o.id = i.order_id left join leads l on l.id = o.lead_id
      where o.status = 'approved' and i.paid_minor < i.amount_minor group by 1, 2, 3, 4, 5, 6
    ),
    fell_due as (
      select owner_id, due_on, currency, source, routing_rule, sum(due) as due, sum(collected) as collected,
        sum(n) as n
      from report_due_collected group by 1, 2, 3, 4, 5 having sum(n) <> 0
    ),
    moves as (
      select hour, owner_id, currency, source, routing_rule, sum(sum) as sum from report_balance_moves
      group by 1, 2, 3, 4, 5 having sum(sum) <> 0
    ),
    moves_fresh as (
      select date_bin('1 hour', f.at, timestamptz '2000-01-01 00:00:00+00') as hour, f.owner_id, f.currency,
        f.source, f.routing_rule, sum(f.value) as sum
      from report_balance_move_facts f group by 1, 2, 3, 4, 5 having sum(f.value) <> 0
    ),
    fell_due_fresh as (
      select o.owner_id, i.due_on, i.currency, l.source, l.routing_rule, sum(i.amount_minor) as due,
        sum(least(i.paid_minor, i.amount_minor)) as collected, count(*) as n
      from installments i join orders o on o.id = i.order_id left join leads l on l.id = o.lead_id
      where o.status = 'approved' group by 1, 2, 3, 4, 5
    ),
    stage_rows as (
      select (f.entered_at at time zone 'UTC')::date as day, f.stage, f.owner_id, f.manager_id, f.source,
        f.campaign, f.region, f.routing_rule, f.left_at is not null as moved,
        f.left_at is null and f.lost_at >= f.entered_at as lost,
        case when f.left_at is null and f.lost_at >= f.entered_at then f.lost_reason else '' end as reason,
        case when f.left_at is not null then report_round_seconds(extract(epoch from f.left_at - f.entered_at))
          end as seconds
      from report_lead_stage_facts f
    ),
    days as (
      select day, stage, owner_id, manager_id, source, campaign, region, routing_rule, lost_reason,
        sum(entered) as entered, sum(moved) as moved, sum(lost) as lost
      from report_stage_days group by 1, 2, 3, 4, 5, 6, 7, 8, 9
      having sum(entered) <> 0 or sum(moved) <> 0 or sum(lost) <> 0
    ),
    days_fresh as (
      select day, stage, owner_id, manager_id, source, campaign, region, routing_rule, reason, count(*),
        count(*) filter (where moved), count(*) filter (where lost)
      from stage_rows group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    ),
    times as (
      select day, stage, owner_id, manager_id, source, campaign, region, routing_rule, seconds, sum(n) as n
      from report_stage_day_times group by 1, 2, 3, 4, 5, 6, 7, 8, 9 having sum(n) <> 0
    ),
    times_fresh as (
      select day, stage, owner_id, manager_id, source, campaign, region, routing_rule, seconds, count(*)
      from stage_rows where moved group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    ),
    org as (
      select day, stage, lost_reason, seconds, sum(entered) as entered, sum(moved) as moved, sum(lost) as lost
      from report_org_stage_days group by 1, 2, 3, 4
      having sum(entered) <> 0 or sum(moved) <> 0 or sum(lost) <> 0
    ),
    org_fresh as (
      select day, stage, reason, seconds, count(*), count(*) filter (where moved), count(*) filter (where lost)
      from stage_rows group by 1, 2, 3, 4
    )
    select (select count(*) from (
        (select * from report_lead_stages except all select * from report_lead_stage_facts)
        union all (select * from report_lead_stage_facts except all select * from report_lead_stages)) x)::int
      + (select count(*) from ((select * from kept except all select * from fresh)
        union all (select * from fresh except all select * from kept)) y)::int
      + (select count(*) from ((select * from owed except all select * from owed_fresh)
        union all (select * from owed_fresh except all select * from owed)) z)::int
      + (select count(*) from ((select * from fell_due except all select * from fell_due_fresh)
        union all (select * from fell_due_fresh except all select * from fell_due)) v)::int
      + (select count(*) from ((select * from moves except all select * from moves_fresh)
        union all (select * from moves_fresh except all select * from moves)) m)::int
      + (select count(*) from ((select * from days except all select * from days_fresh)
        union all (select * from days_fresh except all select * from days)) sd)::int
      + (select count(*) from ((select * from times except all select * from times_fresh)
        union all (select * from times_fresh except all select * from times)) st)::int
      + (select count(*) from ((select * from org except all select * from org_fresh)
        union all (select * from org_fresh except all select * from org)) so)::int as n`);
  expect(diff.rows[0]?.n).toBe(0);
}
