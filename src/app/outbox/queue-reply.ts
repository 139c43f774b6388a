// Owns queueing a reply card (sealed, through the outbox) into the conversation a command was typed in, once per inbound message.
import { wakeOutbox } from '../../db/outbox-wake.ts';
import { outbox } from '../../db/schema.ts';
import type { Card, Locale } from '../../messages/model.ts';
import { sealCard } from '../crypto/seal-card.ts';
import type { AppDeps, Platform } from '../deps.ts';

export interface Reply {
  platform: Platform;
  // The conversation the command was typed in (a Lark chat id, a Slack channel id).
  destination: string;
  // Names the reply for its whole life, e.g. lark:reply:<inbound message id>; a repeat of the key queues nothing.
  refKey: string;
  locale: Locale;
  card: Card;
}

// True when queued now; false when this reply was already queued (a redelivered command).
export async function queueReply(deps: AppDeps, reply: Reply): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(outbox)
      .values({
        idempotencyKey: `${reply.refKey}|${reply.platform}|${reply.destination}|post`,
        platform: reply.platform,
        destination: reply.destination,
        op: 'post',
        refKey: reply.refKey,
        locale: reply.locale,
        ...sealCard(deps.keyring, reply.card),
        nextAttemptAt: deps.clock.now(),
      })
      .onConflictDoNothing()
      .returning({ id: outbox.id });
    if (inserted.length > 0) await wakeOutbox(tx);
    return inserted.length > 0;
  });
}
