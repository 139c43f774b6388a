// Owns the idle-leads aggregate: open leads in a funnel stage whose last touch (updated_at) is older than an instant,
// per owner.
import { type SQL, sql } from 'drizzle-orm';
import type { FunnelStage } from '../../domain/reports/funnel.ts';
import type { FactScope, LeadFilter } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';
import { leadWhere, scopeJoin, scopeWhere } from './fact-scope.ts';

export interface IdleLeadsQuery {
  scope: FactScope;
  leads: LeadFilter | null | undefined;
  stage: FunnelStage;
  since: Date;
}

// Null for stages past the lead (orders): no lead sits in them.
export async function queryIdleLeads(
  db: Executor,
  q: IdleLeadsQuery,
): Promise<{ ownerId: string | null; count: number }[] | null> {
  const inStage = stageCondition(q.stage);
  if (!inStage) return null;
  const owner = sql`coalesce(l.owner_id, l.offered_to_id)`;
  const result = await db.execute<{ owner_id: string | null; n: string }>(sql`
    select ${owner} as owner_id, count(*) as n from leads l
    ${scopeJoin(q.scope, owner, sql`now()`)}
    where l.closed_at is null and l.merged_into_id is null and ${inStage}
      and ${leadWhere(q.leads, sql`l.source`, sql`l.routing_rule`)} and l.updated_at < ${q.since}
      and ${scopeWhere(q.scope, owner)}
    group by 1 order by 2 desc
  `);
  return result.rows.map((r) => ({ ownerId: r.owner_id, count: Number(r.n) }));
}

// The open leads sitting in a stage, as a condition on leads `l`.
function stageCondition(stage: FunnelStage): SQL | null {
  switch (stage) {
    case 'new':
      return sql`l.status in ('new', 'offered')`;
    case 'accepted':
      return sql`l.status = 'accepted' and l.stage is null`;
    case 'contacted':
      return sql`l.status = 'accepted' and l.stage = 'contacted'`;
    case 'qualified':
      return sql`l.status = 'accepted' and l.stage = 'qualified'`;
    default:
      return null;
  }
}
