// Use case: a manager changes what routing reads about a rep — open-lead cap, per-day cap, weight, skills,
// industries, working hours, time zone — from chat; each change audited with before and after.
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { demand, ownedBy } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { findRep } from '../leads/pause-rep.ts';
import { inTransaction } from '../unit-of-work.ts';

// Only the keys present change; null clears a cap (no limit) or the hours (the org's).
export interface RepRoutingPatch {
  capacity?: number | null;
  dailyCapacity?: number | null;
  weight?: number;
  skills?: string[];
  industries?: string[];
  workingHours?: string | null;
  timezone?: string | null;
}

type Changed = { [K in keyof RepRoutingPatch]?: UserRow[K & keyof UserRow] };

export type SetRepRoutingOutcome =
  | { found: true; rep: { id: string; name: string }; before: Changed; after: Changed }
  | { found: false; who: string }
  | { found: 'ambiguous'; who: string; names: string[] };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// Capacity and weight decide how many leads a person gets, so only a manager or an admin changes them.
export async function setRepRouting(
  deps: AppDeps,
  actor: UserActor,
  who: string,
  patch: RepRoutingPatch,
): Promise<SetRepRoutingOutcome> {
  demand(deps, actor, 'roster.manage', {}, 'roster_edit_not_allowed');
  const found = await findRep(deps, who);
  const [rep] = found;
  if (!rep) return { found: false, who };
  if (found.length > 1) return { found: 'ambiguous', who, names: found.map((u) => u.email) };
  // By default a manager changes the people of their own reporting tree.
  demand(deps, actor, 'roster.manage', await ownedBy(deps.db, rep.id), 'roster_edit_not_allowed');
  return inTransaction(deps, actor, async (uow) => {
    const [current] = await uow.tx.select().from(users).where(eq(users.id, rep.id)).for('no key update');
    if (!current) return { found: false, who };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(patch) as [keyof RepRoutingPatch, unknown][]) {
      if (value === undefined || same(current[key], value)) continue;
      before[key] = current[key];
      after[key] = value;
    }
    if (Object.keys(after).length > 0) {
      await uow.tx.update(users).set(after).where(eq(users.id, rep.id));
      await uow.audit({ action: 'roster.update', entityType: 'user', entityId: rep.id, before, after });
    }
    return {
      found: true,
      rep: { id: rep.id, name: rep.name },
      before: before as Changed,
      after: after as Changed,
    };
  });
}
