// Use case steps: the events each use case publishes, with the record as a subscribed system reads it (ids, numbers,
// amounts in minor units with their currency). Called inside the use case's transaction, after its state change.
import { asc, eq } from 'drizzle-orm';
import {
  bankTransactions,
  customers,
  installments,
  leads,
  orderLines,
  orders,
  products,
  reconExceptions,
  users,
} from '../../db/schema.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { findCustomer } from '../customers/customer-record.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { type EventOccurrence, type Listening, publishEvent, publishEvents } from './publish-event.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

async function emailOf(uow: UnitOfWork, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [u] = await uow.tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return u?.email ?? null;
}

async function leadData(uow: UnitOfWork, leadId: string): Promise<Record<string, unknown>> {
  const [l] = await uow.tx.select().from(leads).where(eq(leads.id, leadId));
  if (!l) return { id: leadId };
  const ring = uow.deps.keyring;
  return {
    id: l.id,
    number: leadNumber(l.seq),
    name: l.name,
    company: l.company,
    email: ring.decrypt(l.email),
    phone: ring.decrypt(l.phone),
    source: l.source,
    campaign: l.campaign,
    region: l.region,
    industry: l.industry,
    status: l.status,
    stage: l.stage,
    ownerEmail: await emailOf(uow, l.ownerId),
    customerId: l.customerId,
    createdAt: iso(l.createdAt),
    updatedAt: iso(l.updatedAt),
  };
}

export async function publishLeadEvent(
  uow: UnitOfWork,
  type: 'lead.created' | 'lead.converted',
  leadId: string,
  listening?: Listening,
): Promise<void> {
  await publishEvent(uow, type, leadId, () => leadData(uow, leadId), listening);
}

// An import's or batch's new leads, the endpoints looked up once.
export async function publishLeadsCreated(
  uow: UnitOfWork,
  leadIds: readonly string[],
  listening?: Listening,
): Promise<void> {
  await publishEvents(
    uow,
    'lead.created',
    leadIds.map((id) => ({ key: id, data: () => leadData(uow, id) })),
    listening,
  );
}

// customer.updated may happen many times: each change (at its transaction's time) is its own event.
export async function publishCustomerEvent(
  uow: UnitOfWork,
  type: 'customer.created' | 'customer.updated',
  customerId: string,
): Promise<void> {
  const key = type === 'customer.created' ? customerId : `${customerId}|${uow.now.toISOString()}`;
  await publishEvent(uow, type, key, async () => {
    // Opened by the one customer load; publishEvent seals the personal fields again for the outbox.
    const c = await findCustomer(uow.tx, uow.deps.keyring, customerId, { followMerge: false });
    if (!c) return { id: customerId };
    return {
      id: c.id,
      name: c.name,
      legalName: c.legalName,
      taxId: c.taxId,
      email: c.email,
      phone: c.phone,
      invoiceEmail: c.invoiceEmail,
      billingAddress: c.billingAddress,
      region: c.region,
      industry: c.industry,
      currency: c.currency,
      tier: c.tier,
      creditLimitMinor: c.creditLimitMinor,
      priceList: c.priceList,
      defaultPaymentPlan: c.defaultPaymentPlan,
      ownerEmail: await emailOf(uow, c.ownerId),
      createdAt: iso(c.createdAt),
    };
  });
}

// An order can be submitted, decided and cancelled again after a reopen: each occurrence is its own event.
export async function publishOrderEvent(
  uow: UnitOfWork,
  type: 'order.submitted' | 'order.approved' | 'order.rejected' | 'order.cancelled',
  orderId: string,
): Promise<void> {
  await publishEvent(uow, type, `${orderId}|${uow.now.toISOString()}`, async () => {
    const [o] = await uow.tx.select().from(orders).where(eq(orders.id, orderId));
    if (!o) return { id: orderId };
    const [customer] = await uow.tx
      .select({ name: customers.name })
      .from(customers)
      .where(eq(customers.id, o.customerId));
    const lines = await uow.tx
      .select({
        sku: products.sku,
        description: orderLines.description,
        quantity: orderLines.quantity,
        unitPriceMinor: orderLines.unitPriceMinor,
        discountBp: orderLines.discountBp,
        amountMinor: orderLines.amountMinor,
        taxRateBp: orderLines.taxRateBp,
        taxMinor: orderLines.taxMinor,
      })
      .from(orderLines)
      .leftJoin(products, eq(products.id, orderLines.productId))
      .where(eq(orderLines.orderId, orderId))
      .orderBy(asc(orderLines.position));
    return {
      id: o.id,
      number: o.number,
      status: o.status,
      version: o.version,
      customerId: o.customerId,
      customerName: customer?.name ?? null,
      ownerEmail: await emailOf(uow, o.ownerId),
      currency: o.currency,
      totalMinor: o.totalMinor,
      taxMinor: o.taxMinor,
      paymentPlan: o.paymentPlan,
      lines,
      submittedAt: iso(o.submittedAt),
      decidedAt: iso(o.decidedAt),
      updatedAt: iso(o.updatedAt),
    };
  });
}

export async function installmentData(
  uow: UnitOfWork,
  installmentId: string,
): Promise<Record<string, unknown>> {
  const [i] = await uow.tx
    .select({ installment: installments, orderNumber: orders.number, customerId: orders.customerId })
    .from(installments)
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .where(eq(installments.id, installmentId));
  if (!i) return { id: installmentId };
  const x = i.installment;
  return {
    id: x.id,
    orderId: x.orderId,
    orderNumber: i.orderNumber,
    customerId: i.customerId,
    label: x.label,
    dueOn: x.dueOn,
    currency: x.currency,
    amountMinor: x.amountMinor,
    paidMinor: x.paidMinor,
    paidAt: iso(x.paidAt),
    invoiceNo: x.invoiceNo,
    invoiceOn: x.invoiceOn,
  };
}

// `occurrence` tells repeated events of one installment apart (overdue: the due date it is overdue from).
export async function publishInstallmentEvent(
  uow: UnitOfWork,
  type: 'installment.invoiced' | 'installment.paid' | 'installment.overdue',
  installmentId: string,
  occurrence = '',
): Promise<void> {
  await publishEvents(uow, type, [installmentOccurrence(uow, installmentId, occurrence)]);
}

export function installmentOccurrence(
  uow: UnitOfWork,
  installmentId: string,
  occurrence = '',
): EventOccurrence {
  return { key: `${installmentId}|${occurrence}`, data: () => installmentData(uow, installmentId) };
}

export async function publishReconResolved(
  uow: UnitOfWork,
  exceptionId: string,
  resolution: 'matched' | 'confirmed' | 'written_off' | 'split',
): Promise<void> {
  await publishEvent(uow, 'recon.exception.resolved', exceptionId, async () => {
    const [e] = await uow.tx.select().from(reconExceptions).where(eq(reconExceptions.id, exceptionId));
    const [t] = e
      ? await uow.tx.select().from(bankTransactions).where(eq(bankTransactions.id, e.bankTransactionId))
      : [];
    return {
      id: exceptionId,
      resolution,
      kind: e?.kind ?? null,
      status: e?.status ?? null,
      resolvedBy: await emailOf(uow, e?.resolvedBy ?? e?.acknowledgedBy ?? null),
      resolvedAt: iso(e?.resolvedAt ?? e?.acknowledgedAt ?? null),
      bankTransaction: t
        ? {
            id: t.id,
            bankReference: t.bankTxnId,
            bookedOn: t.bookedOn,
            currency: t.currency,
            amountMinor: t.amountMinor,
            payer: t.payer,
          }
        : null,
    };
  });
}
