// A manager ("Boss", en) and reps reporting to them: the smallest tree a report test reads.
import type { Database } from '../../../src/db/client.ts';
import { users } from '../../../src/db/schema.ts';

export async function insertTeam(database: Database, reps: readonly { email: string; name: string }[]) {
  const db = database.db;
  const [boss] = await db
    .insert(users)
    .values({ email: 'boss@example.com', name: 'Boss', roles: ['manager'], locale: 'en' })
    .returning();
  const ids: string[] = [];
  for (const r of reps) {
    const [row] = await db
      .insert(users)
      .values({ ...r, roles: ['rep'], managerId: boss!.id, locale: 'en' })
      .returning({ id: users.id });
    ids.push(row!.id);
  }
  return { boss: boss!, reps: ids };
}
