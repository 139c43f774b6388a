// Owns taking order sequence numbers before the insert that needs them: from the orders.seq column's own sequence.
import { sql } from 'drizzle-orm';
import type { Tx } from './client.ts';

// `count` fresh values, ascending.
export async function nextOrderSeqs(tx: Tx, count: number): Promise<number[]> {
  if (count === 0) return [];
  const result = await tx.execute<{ seq: string }>(
    sql`select nextval(pg_get_serial_sequence('orders', 'seq')) as seq from generate_series(1, ${count}) order by 1`,
  );
  return result.rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
}
