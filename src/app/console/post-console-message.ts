// Use case: store a card posted to the console; a retried post (same idempotency key) returns the first message.
import { sql } from 'drizzle-orm';
import { consoleMessages } from '../../db/schema.ts';
import type { Card } from '../../messages/model.ts';
import { sealCard } from '../crypto/seal-card.ts';
import type { AppDeps } from '../deps.ts';

export interface ConsolePost {
  destination: string;
  idempotencyKey: string;
  card: Card;
}

export async function postConsoleMessage(
  deps: Pick<AppDeps, 'db' | 'keyring'>,
  post: ConsolePost,
): Promise<{ id: number }> {
  const [row] = await deps.db
    .insert(consoleMessages)
    .values({
      destination: post.destination,
      idempotencyKey: post.idempotencyKey,
      // Sealed at rest; the feed opens it for the person reading their conversation.
      ...sealCard(deps.keyring, post.card),
      createdAt: sql`clock_timestamp()`,
      updatedAt: sql`clock_timestamp()`,
    })
    // A no-op update (not DO NOTHING) so RETURNING yields the existing row's id after a crash-and-retry.
    .onConflictDoUpdate({
      target: consoleMessages.idempotencyKey,
      set: { idempotencyKey: sql`excluded.idempotency_key` },
    })
    .returning({ id: consoleMessages.id });
  if (!row) throw new Error('console message insert returned no row');
  return row;
}
