// Use case: the active roster as a picker needs it (console user switcher, admin views).
import { asc, eq } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';

export interface RosterEntry {
  id: string;
  name: string;
  email: string;
  roles: string[];
  region: string | null;
  locale: string | null;
  // The person's IANA zone: the console shows message times in it, as the cards show dates.
  timezone: string | null;
  managerId: string | null;
}

export async function listRoster(deps: Pick<AppDeps, 'db'>): Promise<RosterEntry[]> {
  return deps.db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      roles: users.roles,
      region: users.region,
      locale: users.locale,
      timezone: users.timezone,
      managerId: users.managerId,
    })
    .from(users)
    .where(eq(users.active, true))
    .orderBy(asc(users.name), asc(users.email));
}
