// Owns the SQL that reads the reporting lines above a set of people: each of them and everyone above, in one statement.
import { sql } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { users } from './schema.ts';

// Each given person and every manager above them, as (id, managerId) pairs. `union` drops a pair seen before, so a
// loop in bad roster data ends the walk instead of running forever. A manager id with no user row is named by the
// person above it but has no row of its own.
export async function queryReportingLines(
  db: Executor,
  userIds: readonly string[],
): Promise<{ id: string; managerId: string | null }[]> {
  if (userIds.length === 0) return [];
  const found = await db.execute<{ id: string; manager_id: string | null }>(sql`
    with recursive up(id, manager_id) as (
      select id, manager_id from ${users} where id = any(${sql.param([...userIds])}::uuid[])
      union
      select u.id, u.manager_id from ${users} u join up on u.id = up.manager_id
    )
    select id, manager_id from up`);
  return found.rows.map((r) => ({ id: r.id, managerId: r.manager_id }));
}
