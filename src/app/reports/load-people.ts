// Use case (query): the roster as the reporting tree sees it — a few hundred rows, read whole for tree walks.
import { asc } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import type { Person } from '../../domain/reports/tree.ts';

export async function loadPeople(db: Executor): Promise<Person[]> {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      managerId: users.managerId,
      roles: users.roles,
      region: users.region,
      active: users.active,
      targetMonthlyMinor: users.targetMonthlyMinor,
    })
    .from(users)
    .orderBy(asc(users.name));
}

// Everyone above a person, nearest first (cycles in bad data end the walk).
export function ancestorsOf(people: readonly Person[], id: string): string[] {
  const byId = new Map(people.map((p) => [p.id, p]));
  const out: string[] = [];
  for (let m = byId.get(id)?.managerId ?? null; m && !out.includes(m); m = byId.get(m)?.managerId ?? null)
    out.push(m);
  return out;
}
