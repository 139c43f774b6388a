// Owns the stand-in line of approval cards: who holds an approval in place of the away approver, by name.
import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { users } from '../../db/schema.ts';

export async function namesOf(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// The stand-in line of each approval card about to be posted: approval id → its holder and the away approver.
export async function standInsOf(
  db: Executor,
  rows: readonly { id: string; approverId: string; standingInFor: string | null }[],
): Promise<Map<string, { name: string; standingInFor: string }>> {
  const standing = rows.filter((r) => r.standingInFor !== null);
  const names = await namesOf(
    db,
    standing.flatMap((r) => [r.approverId, r.standingInFor ?? r.approverId]),
  );
  return new Map(
    standing.map((r) => [
      r.id,
      { name: names.get(r.approverId) ?? '?', standingInFor: names.get(r.standingInFor ?? '') ?? '?' },
    ]),
  );
}
