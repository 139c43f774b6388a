// Owns named locks held until the transaction ends: writers of one thing (a file's card pages, an invoice number)
// take turns on its name without a row to lock.
import { sql } from 'drizzle-orm';
import type { Tx } from './client.ts';

export async function lockForTransaction(tx: Tx, name: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${name}))`);
}
