// Use case: hand the newest queued edit of one card copy to a platform that shows it in its answer to the click itself.
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { messageRefs, outbox } from '../../db/schema.ts';
import type { Card } from '../../messages/model.ts';
import type { AppDeps, Platform } from '../deps.ts';

// The edit is marked sent, so the delivery worker does not send it again; null when there is none left to take.
// A worker that got there first has already sent it: then the click's answer simply carries no card.
export async function takePendingUpdate(
  deps: AppDeps,
  platform: Platform,
  messageId: string,
): Promise<Card | null> {
  return deps.db.transaction(async (tx) => {
    const [ref] = await tx
      .select({ refKey: messageRefs.refKey, destination: messageRefs.destination })
      .from(messageRefs)
      .where(and(eq(messageRefs.platform, platform), eq(messageRefs.messageId, messageId)));
    if (!ref) return null;
    const newest = tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.refKey, ref.refKey),
          eq(outbox.platform, platform),
          eq(outbox.destination, ref.destination),
          eq(outbox.op, 'update'),
          eq(outbox.status, 'pending'),
          // A row a worker has claimed is on its way already.
          or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, deps.clock.now())),
        ),
      )
      .orderBy(desc(outbox.id))
      .limit(1)
      .for('update', { skipLocked: true });
    // SKIP LOCKED: a row a worker is delivering right now is the worker's; the conditional status keeps it exactly once.
    const [taken] = await tx
      .update(outbox)
      .set({ status: 'sent', sentAt: deps.clock.now(), lockedUntil: null, lastError: null })
      .where(and(sql`${outbox.id} = (${newest})`, eq(outbox.status, 'pending')))
      .returning({ card: outbox.card });
    return taken ? (taken.card as Card) : null;
  });
}
