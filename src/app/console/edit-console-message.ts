// Use case: edit a console card in place; the revision bump is what live viewers poll for.
import { eq, sql } from 'drizzle-orm';
import { consoleMessages } from '../../db/schema.ts';
import type { Card } from '../../messages/model.ts';
import { sealCard } from '../crypto/seal-card.ts';
import type { AppDeps } from '../deps.ts';

// False when no such message exists (the caller decides whether that is an error).
export async function editConsoleMessage(
  deps: Pick<AppDeps, 'db' | 'keyring'>,
  edit: { id: number; card: Card },
): Promise<boolean> {
  const rows = await deps.db
    .update(consoleMessages)
    .set({
      ...sealCard(deps.keyring, edit.card),
      revision: sql`${consoleMessages.revision} + 1`,
      // The wall clock of the database, not the app clock: feed cursors compare against it.
      updatedAt: sql`clock_timestamp()`,
    })
    .where(eq(consoleMessages.id, edit.id))
    .returning({ id: consoleMessages.id });
  return rows.length > 0;
}
