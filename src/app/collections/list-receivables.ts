// Use case: a rep's open receivables — overdue, and due in the next 7 days — on the org-local calendar.
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { customers, installments, orders } from '../../db/schema.ts';
import { addDays, daysBetween, localDate } from '../../domain/time.ts';
import type { ReceivableItem } from '../../messages/catalogue/collections.ts';
import type { AppDeps } from '../deps.ts';

export interface Receivables {
  today: string;
  overdue: ReceivableItem[];
  dueSoon: ReceivableItem[];
}

export async function listReceivables(deps: AppDeps, ownerId: string): Promise<Receivables> {
  const today = localDate(deps.clock.now(), deps.policy.org.timezone);
  const rows = await deps.db
    .select({
      orderNumber: orders.number,
      customerName: customers.name,
      label: installments.label,
      dueOn: installments.dueOn,
      amountMinor: installments.amountMinor,
      paidMinor: installments.paidMinor,
      currency: installments.currency,
    })
    .from(installments)
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(
      and(
        eq(orders.ownerId, ownerId),
        eq(orders.status, 'approved'),
        sql`${installments.paidMinor} < ${installments.amountMinor}`,
        lte(installments.dueOn, addDays(today, 6)),
      ),
    )
    .orderBy(asc(installments.dueOn), asc(orders.number));
  const items = rows.map((r) => ({
    orderNumber: r.orderNumber,
    customerName: r.customerName,
    label: r.label,
    dueOn: r.dueOn,
    outstandingMinor: r.amountMinor - r.paidMinor,
    currency: r.currency,
    daysOverdue: Math.max(0, daysBetween(r.dueOn, today)),
  }));
  return {
    today,
    overdue: items.filter((i) => i.dueOn < today),
    dueSoon: items.filter((i) => i.dueOn >= today),
  };
}
