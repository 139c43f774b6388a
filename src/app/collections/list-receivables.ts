// Use case: open receivables of a rep, a team or a customer — overdue (aged) and due in the next 7 days — and the
// collection rate of the last 30 days, on the org-local calendar.
import { and, asc, eq, gt, inArray, lte, type SQL, sql } from 'drizzle-orm';
import { customers, installments, orders } from '../../db/schema.ts';
import {
  type AgingBucket,
  ageReceivables,
  type CollectionRate,
  collectionRate,
  type Totals,
} from '../../domain/collections/aging.ts';
import { addDays, daysBetween, localDate } from '../../domain/time.ts';
import type { ReceivableItem } from '../../messages/catalogue/collections-ar.ts';
import type { AppDeps } from '../deps.ts';

export interface Receivables {
  today: string;
  overdue: ReceivableItem[];
  dueSoon: ReceivableItem[];
  aging: Record<AgingBucket, Totals>;
  // Of the installments due in the last 30 days, the share collected.
  rates: CollectionRate[];
}

export interface ReceivablesScope {
  ownerIds?: readonly string[];
  customerIds?: readonly string[];
}

const ratePeriodDays = 30;

export async function listReceivables(deps: AppDeps, ownerId: string): Promise<Receivables> {
  return receivablesOf(deps, { ownerIds: [ownerId] });
}

export async function receivablesOf(deps: AppDeps, scope: ReceivablesScope): Promise<Receivables> {
  const today = localDate(deps.clock.now(), deps.policy.org.timezone);
  if (scope.ownerIds?.length === 0 || scope.customerIds?.length === 0)
    return { today, overdue: [], dueSoon: [], aging: ageReceivables([]), rates: [] };
  const filters: SQL[] = [eq(orders.status, 'approved')];
  if (scope.ownerIds) filters.push(inArray(orders.ownerId, [...scope.ownerIds]));
  if (scope.customerIds) filters.push(inArray(orders.customerId, [...scope.customerIds]));
  const rows = await deps.db
    .select({
      orderId: orders.id,
      ownerId: orders.ownerId,
      orderNumber: orders.number,
      customerName: customers.name,
      label: installments.label,
      invoiceNo: installments.invoiceNo,
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
        ...filters,
        sql`${installments.paidMinor} < ${installments.amountMinor}`,
        lte(installments.dueOn, addDays(today, 6)),
      ),
    )
    .orderBy(asc(installments.dueOn), asc(orders.number));
  const items = rows.map((r) => ({
    orderId: r.orderId,
    ownerId: r.ownerId,
    orderNumber: r.orderNumber,
    customerName: r.customerName,
    label: r.label,
    invoiceNo: r.invoiceNo,
    dueOn: r.dueOn,
    outstandingMinor: r.amountMinor - r.paidMinor,
    currency: r.currency,
    daysOverdue: Math.max(0, daysBetween(r.dueOn, today)),
  }));
  const overdue = items.filter((i) => i.dueOn < today);
  const fellDue = await deps.db
    .select({
      amountMinor: installments.amountMinor,
      paidMinor: installments.paidMinor,
      currency: installments.currency,
    })
    .from(installments)
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .where(
      and(
        ...filters,
        gt(installments.dueOn, addDays(today, -ratePeriodDays)),
        lte(installments.dueOn, today),
      ),
    );
  return {
    today,
    overdue,
    dueSoon: items.filter((i) => i.dueOn >= today),
    aging: ageReceivables(overdue),
    rates: collectionRate(fellDue),
  };
}
