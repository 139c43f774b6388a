// Owns user_manager_history as the roster changes it: when someone's manager changes, the open period under the old
// manager closes now and one under the new manager opens, so reports count earlier facts for the old team.
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { userManagerHistory } from '../../db/schema.ts';

// Before any history was kept, the old manager is taken to have held the person from the beginning.
const beginning = new Date('2000-01-01T00:00:00Z');

export async function recordManagerChange(
  tx: Tx,
  userId: string,
  from: string | null,
  to: string | null,
  now: Date,
): Promise<void> {
  if (from === to) return;
  const closed = await tx
    .update(userManagerHistory)
    .set({ validTo: now })
    .where(and(eq(userManagerHistory.userId, userId), isNull(userManagerHistory.validTo)))
    .returning({ id: userManagerHistory.id });
  if (closed.length === 0)
    await tx
      .insert(userManagerHistory)
      .values({ userId, managerId: from, validFrom: beginning, validTo: now });
  await tx.insert(userManagerHistory).values({ userId, managerId: to, validFrom: now });
}
