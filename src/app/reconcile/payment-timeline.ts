// Use case part: the allocations paid to an order's or a customer's installments as timeline entries (an undone one
// says so); on a customer's timeline each names its order.
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { allocations, installments, orders } from '../../db/schema.ts';
import type { KeyedEntry } from '../audit/audit-timeline.ts';

export async function paymentTimeline(
  db: Executor,
  of: { orderId: string } | { customerId: string },
): Promise<KeyedEntry[]> {
  const rows = await db
    .select({
      id: allocations.id,
      at: allocations.createdAt,
      amountMinor: allocations.amountMinor,
      currency: installments.currency,
      label: installments.label,
      order: orders.number,
      undoneAt: allocations.undoneAt,
    })
    .from(allocations)
    .innerJoin(installments, eq(installments.id, allocations.installmentId))
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .where('orderId' in of ? eq(installments.orderId, of.orderId) : eq(orders.customerId, of.customerId));
  return rows.map(
    (p): KeyedEntry => ({
      kind: 'payment',
      key: `p${p.id}`,
      at: p.at,
      by: null,
      amountMinor: p.amountMinor,
      currency: p.currency,
      label: 'orderId' in of ? p.label : `${p.order} ${p.label}`,
      undone: p.undoneAt !== null,
    }),
  );
}
