// Owns the process-health aggregates in SQL: lead SLA breaches and re-routes, approval cycle time per level and
// approver, approvals stuck past their SLA — narrowed to a source or routing rule through each row's lead (an
// approval through its order's lead).
import { sql } from 'drizzle-orm';
import type { FactScope, LeadFilter } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';
import { leadJoin, leadWhere, scopeJoin, scopeWhere } from './fact-scope.ts';

export interface LeadEventRow {
  // sla_timeout | first_contact_timeout | declined | unclaimed
  kind: string;
  ownerId: string | null;
  count: number;
}

export interface ProcessQuery {
  from: Date;
  to: Date;
  asOf: Date;
  scope: FactScope;
  // Only leads of this source / routing rule, and the orders made from them.
  leads?: LeadFilter | null;
}

// Breaches (an SLA ran out) and every other re-route (declined, nobody claimed) in the period, per rep.
export async function queryLeadEvents(db: Executor, q: ProcessQuery): Promise<LeadEventRow[]> {
  const who = sql`(case when a.kind = 'declined' then a.actor_id
    when a.data->>'to' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then (a.data->>'to')::uuid end)`;
  const result = await db.execute<{ kind: string; owner_id: string | null; count: string }>(sql`
    select a.kind, ${who} as owner_id, count(*) as count
    from lead_activities a
    ${leadJoin(q.leads, sql`a.lead_id`)}
    ${scopeJoin(q.scope, who, sql`a.created_at`)}
    where a.kind in ('sla_timeout', 'first_contact_timeout', 'declined', 'unclaimed')
      and a.created_at >= ${q.from} and a.created_at < ${q.to}
      and (${q.scope.kind === 'org' ? sql`true` : scopeWhere(q.scope, who)})
    group by 1, 2
  `);
  return result.rows.map((r) => ({ kind: r.kind, ownerId: r.owner_id, count: Number(r.count) }));
}

// Leads that reached the re-route limit in the period (handed to a manager).
export async function queryEscalatedLeads(
  db: Executor,
  q: ProcessQuery & { limit: number },
): Promise<number> {
  const owner = sql`coalesce(l.owner_id, l.offered_to_id)`;
  const result = await db.execute<{ n: string }>(sql`
    select count(*) as n from leads l
    ${scopeJoin(q.scope, owner, sql`l.created_at`)}
    where l.reroutes >= ${q.limit} and l.updated_at >= ${q.from} and l.updated_at < ${q.to}
      and (${q.scope.kind === 'org' ? sql`true` : scopeWhere(q.scope, owner)})
      and ${leadWhere(q.leads, sql`l.source`, sql`l.routing_rule`)}
  `);
  return Number(result.rows[0]?.n ?? 0);
}

export interface ApprovalCycleRow {
  levelName: string;
  approverId: string;
  approverName: string;
  decided: number;
  medianHours: number | null;
  p90Hours: number | null;
}

// From the moment a level's card went out (the previous level's last decision, or the row's creation) to the decision.
const startOf = sql`greatest(ap.created_at, (select max(p.decided_at) from approvals p
  where p.order_id = ap.order_id and p.order_version = ap.order_version and p.level_index < ap.level_index))`;

export async function queryApprovalCycles(db: Executor, q: ProcessQuery): Promise<ApprovalCycleRow[]> {
  const owner = sql`o.owner_id`;
  const result = await db.execute<{
    level_name: string;
    approver_id: string;
    approver_name: string;
    decided: string;
    median: number | null;
    p90: number | null;
  }>(sql`
    select ap.level_name, ap.approver_id, ua.name as approver_name, count(*) as decided,
      percentile_cont(0.5) within group (order by extract(epoch from ap.decided_at - ${startOf})) / 3600 as median,
      percentile_cont(0.9) within group (order by extract(epoch from ap.decided_at - ${startOf})) / 3600 as p90
    from approvals ap
    join orders o on o.id = ap.order_id
    join users ua on ua.id = ap.approver_id
    ${leadJoin(q.leads, sql`o.lead_id`)}
    ${scopeJoin(q.scope, owner, sql`ap.decided_at`)}
    where ap.status in ('approved', 'rejected') and ap.decided_at >= ${q.from} and ap.decided_at < ${q.to}
      and ${scopeWhere(q.scope, owner)}
    group by 1, 2, 3 order by 1, 3
  `);
  return result.rows.map((r) => ({
    levelName: r.level_name,
    approverId: r.approver_id,
    approverName: r.approver_name,
    decided: Number(r.decided),
    medianHours: r.median === null ? null : Math.round(Number(r.median) * 10) / 10,
    p90Hours: r.p90 === null ? null : Math.round(Number(r.p90) * 10) / 10,
  }));
}

export interface StuckApprovalRow {
  orderNumber: string;
  levelName: string;
  approverName: string;
  waitingHours: number;
}

// Pending approvals waiting longer than `slaMinutes` (wall-clock), oldest first; and how many there are.
export async function queryStuckApprovals(
  db: Executor,
  q: ProcessQuery & { slaMinutes: number; limit: number },
): Promise<{ count: number; oldest: StuckApprovalRow[] }> {
  const owner = sql`o.owner_id`;
  const result = await db.execute<{
    number: string;
    level_name: string;
    approver_name: string;
    hours: number;
    total: string;
  }>(sql`
    with stuck as (
      select o.number, ap.level_name, ua.name as approver_name,
        extract(epoch from ${q.asOf}::timestamptz - ${startOf}) / 3600 as hours
      from approvals ap
      join orders o on o.id = ap.order_id
      join users ua on ua.id = ap.approver_id
      ${leadJoin(q.leads, sql`o.lead_id`)}
      ${scopeJoin(q.scope, owner, sql`${q.asOf}::timestamptz`)}
      where ap.status = 'pending' and o.status = 'pending_approval' and ${scopeWhere(q.scope, owner)}
    )
    select *, count(*) over () as total from stuck
    where hours * 60 > ${q.slaMinutes}
    order by hours desc limit ${q.limit}
  `);
  return {
    count: Number(result.rows[0]?.total ?? 0),
    oldest: result.rows.map((r) => ({
      orderNumber: r.number,
      levelName: r.level_name,
      approverName: r.approver_name,
      waitingHours: Math.round(Number(r.hours) * 10) / 10,
    })),
  };
}
