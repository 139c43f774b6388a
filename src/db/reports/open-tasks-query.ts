// Owns the digest's count of follow-up tasks still open in a scope (by assignee), and how many are past their due day.
import { sql } from 'drizzle-orm';
import type { FactScope } from '../../domain/reports/scope.ts';
import type { Executor } from '../client.ts';
import { scopeJoin, scopeWhere } from './fact-scope.ts';

export async function queryOpenTasks(
  db: Executor,
  q: { today: string; asOf: Date; scope: FactScope },
): Promise<{ open: number; past: number }> {
  const owner = sql`t.assignee_id`;
  const result = await db.execute<{ open: string; past: string }>(sql`
    select count(*) as open, count(*) filter (where t.due_on < ${q.today}::date) as past
    from follow_up_tasks t
    ${scopeJoin(q.scope, owner, sql`${q.asOf}::timestamptz`)}
    where t.status <> 'done' and ${scopeWhere(q.scope, owner)}
  `);
  const row = result.rows[0];
  return { open: Number(row?.open ?? 0), past: Number(row?.past ?? 0) };
}
