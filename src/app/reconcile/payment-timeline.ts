// Use case part: the allocations paid to an order's or a customer's installments as timeline entries (an undone one
// says so); on a customer's timeline each names its order.
import { eq, inArray, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { allocations, installments, orders } from '../../db/schema.ts';
import { groupedBy } from '../../domain/grouped.ts';
import type { KeyedEntry } from '../audit/audit-timeline.ts';

export async function paymentTimeline(db: Executor, of: { customerId: string }): Promise<KeyedEntry[]> {
  return (await paymentRows(db, eq(orders.customerId, of.customerId))).map((p) =>
    paymentEntry(p, `${p.order} ${p.label}`),
  );
}

// Several orders' payments in one read, by order id; on an order's own timeline the order goes without saying.
export async function paymentTimelines(
  db: Executor,
  orderIds: readonly string[],
): Promise<Map<string, KeyedEntry[]>> {
  if (orderIds.length === 0) return new Map();
  const rows = await paymentRows(db, inArray(installments.orderId, [...orderIds]));
  return groupedBy(
    rows,
    (p) => p.orderId,
    (p) => paymentEntry(p, p.label),
  );
}

type PaymentRow = Awaited<ReturnType<typeof paymentRows>>[number];

function paymentRows(db: Executor, where: SQL) {
  return db
    .select({
      id: allocations.id,
      orderId: installments.orderId,
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
    .where(where);
}

function paymentEntry(p: PaymentRow, label: string): KeyedEntry {
  return {
    kind: 'payment',
    key: `p${p.id}`,
    at: p.at,
    by: null,
    amountMinor: p.amountMinor,
    currency: p.currency,
    label,
    undone: p.undoneAt !== null,
  };
}
