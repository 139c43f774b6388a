// Owns queueing orders' owner cards to be shown again by the order-cards job (src/app/orders/refresh-queued-order-cards).
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Tx } from './client.ts';
import { orderCardRefresh } from './schema.ts';

// The insert that queues the card of each order `orderIds` yields (a query whose first column is an order id), as of
// `at`; an order already queued keeps its place. A statement on its own or the body of a writing CTE, so a bulk
// change queues its orders' cards in the statement that changes them.
// An order already queued is locked, not skipped (`do update ... where false` locks the row and writes nothing): the
// job's take passes over it until this change commits, instead of dequeuing it and showing the card without the
// change, which would then wait for the order's next change to be shown. One the job took first is queued again
// once the job commits.
export function queueOrderCardRefresh(orderIds: SQL, at: Date): SQL {
  return sql`insert into ${orderCardRefresh} (order_id, queued_at)
    select distinct q.order_id, ${at.toISOString()}::timestamptz from (${orderIds}) as q(order_id)
    on conflict (order_id) do update set queued_at = ${orderCardRefresh.queuedAt} where false`;
}

// Takes up to `size` queued orders, oldest first, and dequeues them (skip locked: another instance's run takes the next
// ones instead of waiting on these); the caller shows their cards in the same transaction, or the rollback requeues.
export async function takeQueuedOrderCards(
  tx: Tx,
  pick: { size: number; except: readonly string[]; only?: string },
): Promise<string[]> {
  const taken = await tx.execute<{ order_id: string }>(sql`
    delete from ${orderCardRefresh} where order_id in (
      select order_id from ${orderCardRefresh}
      where order_id <> all(${sql.param([...pick.except])}::uuid[])
        ${pick.only ? sql`and order_id = ${pick.only}` : sql``}
      order by queued_at, order_id
      limit ${pick.size}
      for update skip locked)
    returning order_id`);
  return taken.rows.map((r) => r.order_id);
}

// An order whose card failed goes behind what is queued now, so the next run starts with the others, not with it.
export async function queueOrderCardLast(tx: Tx, orderId: string, at: Date): Promise<void> {
  await tx.update(orderCardRefresh).set({ queuedAt: at }).where(eq(orderCardRefresh.orderId, orderId));
}
