// Owns finding whom closeloop hands a duty to: the active people the policy grants an action, decided by can().
import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import type { Action } from '../../domain/access/actions.ts';
import { orgWide } from '../../domain/access/can.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { allowed } from './ask.ts';

// By name, then id, so hand-outs and lists are stable.
export async function activePeopleWhoMay(deps: AppDeps, tx: Tx, action: Action): Promise<UserRow[]> {
  const active = await tx
    .select()
    .from(users)
    .where(eq(users.active, true))
    .orderBy(asc(users.name), asc(users.id));
  return active.filter((user) => allowed(deps, { kind: 'user', user }, action, orgWide));
}
