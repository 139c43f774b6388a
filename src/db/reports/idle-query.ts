// Owns the idle-leads aggregate: open leads in a stage whose last touch (updated_at) is older than an instant, per owner.
import { type SQL, sql } from 'drizzle-orm';
import type { FactScope } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';
import { scopeJoin, scopeWhere } from './fact-scope.ts';

export async function queryIdleLeads(
  db: Executor,
  q: { scope: FactScope; stageWhere: SQL; since: Date },
): Promise<{ ownerId: string | null; count: number }[]> {
  const owner = sql`coalesce(l.owner_id, l.offered_to_id)`;
  const result = await db.execute<{ owner_id: string | null; n: string }>(sql`
    select ${owner} as owner_id, count(*) as n from leads l
    ${scopeJoin(q.scope, owner, sql`now()`)}
    where l.closed_at is null and l.merged_into_id is null and ${q.stageWhere} and l.updated_at < ${q.since}
      and ${scopeWhere(q.scope, owner)}
    group by 1 order by 2 desc
  `);
  return result.rows.map((r) => ({ ownerId: r.owner_id, count: Number(r.n) }));
}
