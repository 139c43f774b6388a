// Owns the locks and sequence draws lead intake and import share: the per-company lock (one definition, so a single
// intake and an import chunk naming one company really exclude each other) and drawing lead numbers ahead of inserts.
import { sql } from 'drizzle-orm';
import type { Tx } from './client.ts';

// No unique index can say "alike": writers naming the same company queue here, so only one creates the lead. Taken in
// one sorted order, so two writers locking several companies never deadlock on them.
export async function lockLeadCompanies(tx: Tx, cores: readonly string[]): Promise<void> {
  if (cores.length === 0) return;
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext('lead-company:' || k)) from unnest(${sql.param([...new Set(cores)])}::text[]) as k order by k`,
  );
}

// `count` lead numbers from the leads' own sequence, ascending.
export async function drawLeadNumbers(tx: Tx, count: number): Promise<number[]> {
  const numbers = await tx.execute<{ seq: string }>(
    sql`select nextval(pg_get_serial_sequence('leads', 'seq')) as seq from generate_series(1, ${count})`,
  );
  return numbers.rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
}
