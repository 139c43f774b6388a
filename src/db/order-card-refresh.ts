// Owns queueing orders' owner cards to be shown again by the order-cards job (src/app/orders/refresh-queued-order-cards).
import { type SQL, sql } from 'drizzle-orm';
import { orderCardRefresh } from './schema.ts';

// The insert that queues the card of each order `orderIds` yields (a query whose first column is an order id), as of
// `at`; an order already queued keeps its place. A statement on its own or the body of a writing CTE, so a bulk
// change queues its orders' cards in the statement that changes them.
export function queueOrderCardRefresh(orderIds: SQL, at: Date): SQL {
  return sql`insert into ${orderCardRefresh} (order_id, queued_at)
    select distinct q.order_id, ${at.toISOString()}::timestamptz from (${orderIds}) as q(order_id)
    on conflict do nothing`;
}
