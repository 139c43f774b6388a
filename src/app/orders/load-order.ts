// Owns reading an order as the cards and views of the orders slice show it (customer, lines, requester).

import { asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Policy } from '../../config/policy.ts';
import type { Keyring } from '../../crypto/keyring.ts';
import type { Executor } from '../../db/client.ts';
import {
  approvals,
  attachments,
  customerContacts,
  customers,
  orderLines,
  orders,
  users,
} from '../../db/schema.ts';
import { groupedBy } from '../../domain/grouped.ts';
import { orderRefOf } from '../../domain/ids.ts';
import type { AttachmentView, OrderSummary } from '../../messages/catalogue/orders.ts';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;

export interface LoadedOrder {
  order: OrderRow;
  lines: OrderLineRow[];
  customer: {
    id: string;
    name: string;
    currency: string;
    creditLimitMinor: number | null;
    region: string | null;
    tier: string | null;
    priceList: string | null;
  };
  owner: { id: string; email: string; name: string; managerId: string | null };
  summary: OrderSummary;
}

// The one reading of an order reference (SO-2026-00012 in any case, or the order's id) as a condition.
export function orderWhere(ref: string): SQL {
  const r = orderRefOf(ref);
  return 'id' in r ? eq(orders.id, r.id) : eq(orders.number, r.number);
}

export async function loadOrder(
  db: Executor,
  where: { id: string } | { number: string },
  // The keyring opens the contact's phone / e-mail and the tax ID, sealed at rest; the policy's labels name plans.
  deps: { keyring: Keyring; policy: Pick<Policy, 'labels'> },
): Promise<LoadedOrder | null> {
  const [loaded] = await loadOrdersWhere(
    db,
    'id' in where ? eq(orders.id, where.id) : eq(orders.number, where.number),
    deps,
  );
  return loaded ?? null;
}

// Several orders by id, in three reads however many (orders, their lines, their customers' first contacts).
export async function loadOrders(
  db: Executor,
  ids: readonly string[],
  deps: { keyring: Keyring; policy: Pick<Policy, 'labels'> },
): Promise<Map<string, LoadedOrder>> {
  if (ids.length === 0) return new Map();
  const loaded = await loadOrdersWhere(db, inArray(orders.id, [...ids]), deps);
  return new Map(loaded.map((o) => [o.order.id, o]));
}

async function loadOrdersWhere(
  db: Executor,
  where: SQL,
  deps: { keyring: Keyring; policy: Pick<Policy, 'labels'> },
): Promise<LoadedOrder[]> {
  const { keyring } = deps;
  const rows = await db
    .select({ order: orders, customer: customers, owner: users })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .innerJoin(users, eq(users.id, orders.ownerId))
    .where(where);
  if (rows.length === 0) return [];
  const allLines = await db
    .select()
    .from(orderLines)
    .where(inArray(orderLines.orderId, [...new Set(rows.map((r) => r.order.id))]))
    .orderBy(asc(orderLines.position));
  // Each customer's primary contact, else its oldest.
  const contacts = await db
    .selectDistinctOn([customerContacts.customerId])
    .from(customerContacts)
    .where(inArray(customerContacts.customerId, [...new Set(rows.map((r) => r.customer.id))]))
    .orderBy(customerContacts.customerId, desc(customerContacts.isPrimary), asc(customerContacts.createdAt));
  const contactOf = new Map(contacts.map((c) => [c.customerId, c]));
  return rows.map((row) => {
    const lines = allLines.filter((l) => l.orderId === row.order.id);
    const contact = contactOf.get(row.customer.id);
    const c = row.customer;
    return {
      order: row.order,
      lines,
      customer: {
        id: row.customer.id,
        name: row.customer.name,
        currency: row.customer.currency,
        creditLimitMinor: row.customer.creditLimitMinor,
        region: row.customer.region,
        tier: row.customer.tier,
        priceList: row.customer.priceList,
      },
      owner: {
        id: row.owner.id,
        email: row.owner.email,
        name: row.owner.name,
        managerId: row.owner.managerId,
      },
      summary: {
        number: row.order.number,
        version: row.order.version,
        customer: row.customer.name,
        totalMinor: row.order.totalMinor,
        taxMinor: row.order.taxMinor,
        currency: row.order.currency,
        lines: lines.map((l) => ({
          description: l.description,
          quantity: l.quantity,
          amountMinor: l.amountMinor,
        })),
        paymentPlan: row.order.paymentPlan,
        terms: row.order.terms,
        nonStandardTerms: row.order.nonStandardTerms,
        requester: row.owner.name,
        contact: contact
          ? {
              name: contact.name,
              phone: keyring.decrypt(contact.phone),
              email: keyring.decrypt(contact.email),
            }
          : null,
        billing:
          c.legalName || c.taxId
            ? { legalName: c.legalName ?? c.name, taxId: keyring.decrypt(c.taxId) }
            : null,
        labels: deps.policy.labels.book,
      },
    };
  });
}

// The refKey of one approver's card for one level of one version: every later change edits this card in place.
// The level is part of it because one person may approve at two levels (a manager who is also finance).
export function approvalRefKey(
  orderId: string,
  version: number,
  approval: { levelIndex: number; approverId: string },
): string {
  return `order:${orderId}:v${version}:level:${approval.levelIndex}:approval:${approval.approverId}`;
}

export type ApprovalRow = typeof approvals.$inferSelect;

// Every approval of one version, in chain order.
export async function approvalsOf(db: Executor, orderId: string, version: number): Promise<ApprovalRow[]> {
  return (await approvalsOfVersions(db, [{ id: orderId, version }])).get(orderId) ?? [];
}

// The approvals of one version of each of several orders (the version as the order was read) in one read, by order
// id, each in chain order.
export async function approvalsOfVersions(
  db: Executor,
  wanted: readonly { id: string; version: number }[],
): Promise<Map<string, ApprovalRow[]>> {
  if (wanted.length === 0) return new Map();
  const ids = sql.param(wanted.map((w) => w.id));
  const versions = sql.param(wanted.map((w) => w.version));
  const rows = await db
    .select()
    .from(approvals)
    .where(
      sql`(${approvals.orderId}, ${approvals.orderVersion}) in (select * from unnest(${ids}::uuid[], ${versions}::int[]))`,
    )
    .orderBy(asc(approvals.levelIndex), asc(approvals.createdAt), asc(approvals.id));
  return groupedBy(rows, (r) => r.orderId);
}

// An order's files, oldest first, with who attached each (null for the API).
export async function attachmentsOf(db: Executor, orderId: string): Promise<AttachmentView[]> {
  return (await attachmentsOfAll(db, [orderId])).get(orderId) ?? [];
}

// Several orders' files in one read, by order id.
export async function attachmentsOfAll(
  db: Executor,
  orderIds: readonly string[],
): Promise<Map<string, AttachmentView[]>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db
    .select({
      orderId: attachments.orderId,
      id: attachments.id,
      fileName: attachments.fileName,
      sizeBytes: attachments.sizeBytes,
      contentType: attachments.contentType,
      by: users.name,
      at: attachments.at,
    })
    .from(attachments)
    .leftJoin(users, eq(users.id, attachments.uploadedBy))
    .where(inArray(attachments.orderId, [...orderIds]))
    .orderBy(asc(attachments.at), asc(attachments.id));
  return groupedBy(
    rows,
    (r) => r.orderId,
    ({ orderId: _orderId, ...view }) => view,
  );
}
