// Owns the KPI aggregate straight from the facts: every fact a rep's KPI row is built from, as (owner, manager at the
// time, metric, currency) sums in one statement — what the hourly roll-up is held to (narrowed to a source or routing
// rule through each fact's lead), and what a period that does not start and end on a whole hour reads.
import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { leadWhere, managerAt, managerJoin, scopeWhere } from './fact-scope.ts';
import { type KpiQuery, type KpiRow, type KpiSqlRow, toKpiRows } from './kpi-query.ts';

const userRef = (expr: string) =>
  sql.raw(
    `case when ${expr} ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then (${expr})::uuid end`,
  );

export async function queryKpiFromFacts(db: Executor, q: KpiQuery): Promise<KpiRow[]> {
  const { from, to } = q;
  const result = await db.execute<KpiSqlRow>(sql`
    with facts (owner_id, at, metric, currency, value, lead_id) as (
      select coalesce(l.owner_id, l.offered_to_id), l.created_at, 'new', null::text, 1::numeric, l.id
        from leads l where l.created_at >= ${from} and l.created_at < ${to} and l.merged_into_id is null
      union all
      select a.actor_id, a.created_at,
          case a.kind when 'accepted' then 'accepted' when 'claimed' then 'accepted'
            when 'stage' then 'first_contact' when 'converted' then 'won' else 'lost' end,
          null, 1, a.lead_id
        from lead_activities a
        where a.kind in ('accepted', 'claimed', 'converted', 'lost', 'stage')
          and (a.kind <> 'stage' or a.data->>'to' = 'contacted')
          and a.created_at >= ${from} and a.created_at < ${to}
      union all
      select ${userRef("a.data->>'to'")}, a.created_at,
          case a.kind when 'sla_timeout' then 'accept_timeout' else 'first_contact_timeout' end, null, 1, a.lead_id
        from lead_activities a
        where a.kind in ('sla_timeout', 'first_contact_timeout') and a.created_at >= ${from} and a.created_at < ${to}
      union all
      select o.owner_id, o.decided_at, 'approved', o.currency, o.total_minor, o.lead_id
        from orders o where o.status = 'approved' and o.decided_at >= ${from} and o.decided_at < ${to}
      union all
      select o.owner_id, o.decided_at, 'decided', null, extract(epoch from o.decided_at - o.submitted_at), o.lead_id
        from orders o
        where o.status in ('approved', 'rejected') and o.submitted_at is not null
          and o.decided_at >= ${from} and o.decided_at < ${to}
      union all
      select o.owner_id, al.created_at, 'collected', i.currency, al.amount_minor, o.lead_id
        from allocations al
        join installments i on i.id = al.installment_id
        join orders o on o.id = i.order_id
        where al.undone_at is null and al.kind <> 'write_off' and al.created_at >= ${from} and al.created_at < ${to}
      union all
      select o.owner_id, ${q.asOf}::timestamptz,
          case when i.due_on < ${q.today}::date then 'overdue' else 'open' end, i.currency, i.amount_minor - i.paid_minor,
          o.lead_id
        from installments i join orders o on o.id = i.order_id
        where o.status = 'approved' and i.paid_minor < i.amount_minor
    )
    select f.owner_id, ${managerAt} as manager_id,
      f.metric, f.currency, sum(f.value) as sum, count(*) as count
    from facts f
    ${managerJoin(sql`f.owner_id`, sql`f.at`)}
    ${q.leads ? sql`left join leads lf on lf.id = f.lead_id` : sql``}
    where f.owner_id is not null and ${scopeWhere(q.scope, sql`f.owner_id`)}
      and ${leadWhere(q.leads, sql`lf.source`, sql`lf.routing_rule`)}
    group by 1, 2, 3, 4
  `);
  return toKpiRows(result.rows);
}
