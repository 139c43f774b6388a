// Use case (part of the dunning job): installments the ladder leaves alone today — a suggested match would pay them,
// or their order is under a promise to pay not yet due.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { installments, paymentPromises } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';

// Installments the ladder leaves alone today: one a suggested (unconfirmed) match would pay, or one of an order
// whose customer promised to pay by a date not yet passed.
export async function heldInstallments(
  deps: AppDeps,
  ids: string[],
  orderIds: string[],
  today: string,
): Promise<Set<string>> {
  const suggested = await deps.db.execute<{ id: string }>(sql`
    select distinct a->>'installmentId' as id
    from recon_exceptions e,
      jsonb_array_elements(coalesce(e.suggestions, '[]'::jsonb)) s,
      jsonb_array_elements(s->'allocations') a
    where e.status = 'open' and s->>'basis' in ('reference', 'payer')`);
  const held = new Set(suggested.rows.map((r) => r.id).filter((id) => ids.includes(id)));
  const promised = await deps.db
    .select({ orderId: paymentPromises.orderId })
    .from(paymentPromises)
    .where(
      and(
        inArray(paymentPromises.orderId, orderIds),
        eq(paymentPromises.status, 'open'),
        sql`${paymentPromises.promisedOn} >= ${today}`,
      ),
    );
  const paused = new Set(promised.map((p) => p.orderId));
  const rows = await deps.db
    .select({ id: installments.id, orderId: installments.orderId })
    .from(installments)
    .where(inArray(installments.id, ids));
  for (const r of rows) if (paused.has(r.orderId)) held.add(r.id);
  return held;
}
