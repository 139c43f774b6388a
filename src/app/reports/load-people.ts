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
