// Owns folding the summed report roll-ups' deltas (report_kpi_hourly, report_open_balances, report_due_collected,
// report_balance_moves) into one row per key, so readers sum a few rows per rep and hour however many facts were
// written since.
import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';

export async function compactReportRollups(db: Executor): Promise<void> {
  await db.execute(sql`select report_compact_rollups()`);
  await db.execute(sql`select report_compact_balance_moves()`);
}
