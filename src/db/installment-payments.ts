// Owns the one UPDATE a bank statement pays its installments with, queueing their orders' cards in the same statement.
import { sql } from 'drizzle-orm';
import type { Tx } from './client.ts';
import { queueOrderCardRefresh } from './order-card-refresh.ts';
import { arrayParam } from './statement-candidates.ts';

// Adds what each installment is paid, only where it still owes at least that much; how many installments it paid.
// The updated rows name their orders, so the cards are queued without a second look-up of thousands of installments.
export async function payInstallmentsAt(
  tx: Tx,
  paid: ReadonlyMap<string, number>,
  at: Date,
): Promise<number> {
  const ids = [...paid.keys()];
  const amounts = ids.map((id) => paid.get(id) ?? 0);
  const result = await tx.execute<{ updated: number }>(sql`
    with paid as (
      update installments i
      set paid_minor = i.paid_minor + v.amount,
        paid_at = case when i.paid_minor + v.amount >= i.amount_minor then ${at.toISOString()}::timestamptz else i.paid_at end,
        -- Stamped here for the sync feed, as its trigger would, so the trigger's per-row call is skipped (0202).
        sync_txid = pg_current_xact_id(), updated_at = now()
      from unnest(${arrayParam(ids, 'uuid')}, ${arrayParam(amounts, 'bigint')}) as v(id, amount)
      where i.id = v.id and i.amount_minor - i.paid_minor >= v.amount
      returning i.order_id
    ), queued as (${queueOrderCardRefresh(sql`select order_id from paid`, at)})
    select count(*)::int as updated from paid`);
  return Number(result.rows[0]?.updated ?? 0);
}
