// Owns waking the outbox workers: a NOTIFY on the channel they listen on, which PostgreSQL sends only at commit.
import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from './client.ts';

export const OUTBOX_CHANNEL = 'closeloop_outbox';

// The call itself, for a statement that writes the rows and wakes the workers at once.
export const outboxWake = (): SQL => sql`pg_notify(${OUTBOX_CHANNEL}, '')`;

// Workers wake once the rows they would read are committed; rolled back, nothing is sent.
export async function wakeOutbox(tx: Tx): Promise<void> {
  await tx.execute(sql`select ${outboxWake()}`);
}
