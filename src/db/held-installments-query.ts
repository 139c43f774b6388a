// Owns the SQL of what holds an installment back from dunning: an open suggested match that would pay it, or an open
// promise on its order not yet due.
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { installments, paymentPromises } from './schema.ts';

const uuids = (ids: readonly string[]) => sql`${sql.param([...ids])}::uuid[]`;

// Of these installments, those a reference- or payer-based suggestion of an open exception would pay.
export async function installmentsSuggested(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db.execute<{ id: string }>(sql`
    select distinct a->>'installmentId' as id
    from recon_exceptions e,
      jsonb_array_elements(coalesce(e.suggestions, '[]'::jsonb)) s,
      jsonb_array_elements(s->'allocations') a
    where e.status = 'open' and s->>'basis' in ('reference', 'payer')
      and a->>'installmentId' = any(${sql.param([...ids])}::text[])`);
  return found.rows.map((r) => r.id);
}

// Of these installments, those whose order has an open promise to pay on or after `today`.
export async function installmentsPromised(
  db: Executor,
  ids: readonly string[],
  orderIds: readonly string[],
  today: string,
): Promise<string[]> {
  if (ids.length === 0 || orderIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: installments.id })
    .from(installments)
    .innerJoin(paymentPromises, eq(paymentPromises.orderId, installments.orderId))
    .where(
      and(
        sql`${installments.id} = any(${uuids(ids)})`,
        sql`${paymentPromises.orderId} = any(${uuids(orderIds)})`,
        eq(paymentPromises.status, 'open'),
        gte(paymentPromises.promisedOn, today),
      ),
    );
  return rows.map((r) => r.id);
}
