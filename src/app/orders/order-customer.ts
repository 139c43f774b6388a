// Owns turning an order's source (a lead, a customer id or name) into the customer it is for, converting the lead.
import { and, eq, notInArray } from 'drizzle-orm';
import { customers, leads, users } from '../../db/schema.ts';
import { maskPersonalFields } from '../../domain/customers/personal-fields.ts';
import { conflict, forbidden, notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { foldCompanyName } from '../../domain/leads/normalise.ts';
import { demand } from '../access/ask.ts';
import { insertCustomer, insertPrimaryContactIfNone } from '../customers/customer-record.ts';
import type { UserRow } from '../deps.ts';
import { leadResource } from '../leads/lead-resource.ts';
import { leadWhere } from '../leads/load-lead.ts';
import { showOwnerCard } from '../leads/owner-card.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { publishCustomerEvent, publishLeadEvent } from '../webhooks/publish-record-event.ts';
import type { OrderSource } from './create-order.ts';

export interface OrderCustomer {
  id: string;
  name: string;
  leadId: string | null;
  defaultPaymentPlan: string | null;
  priceList: string | null;
  tier: string | null;
}

function orderCustomer(c: typeof customers.$inferSelect, leadId: string | null): OrderCustomer {
  return {
    id: c.id,
    name: c.name,
    leadId,
    defaultPaymentPlan: c.defaultPaymentPlan,
    priceList: c.priceList,
    tier: c.tier,
  };
}

export async function customerFor(
  uow: UnitOfWork,
  owner: UserRow,
  source: OrderSource,
): Promise<OrderCustomer> {
  if ('lead' in source) return convertLead(uow, owner, source.lead);
  const ref = 'customerId' in source ? source.customerId : source.customerName;
  const where =
    'customerId' in source
      ? isUuid(source.customerId)
        ? eq(customers.id, source.customerId)
        : undefined
      : eq(customers.normalizedName, foldCompanyName(source.customerName));
  const [found] = where ? await uow.tx.select().from(customers).where(where) : [];
  if (!found) throw notFound('order_customer_not_found', { customer: ref });
  return orderCustomer(found, null);
}

// Who an order from this lead belongs to: the lead's owner, whoever converts it (a manager converting a rep's lead
// leaves the rep the credit in KPIs). A person must be allowed to work the lead; a key names the owner itself.
export async function leadOrderOwner(uow: UnitOfWork, ref: string): Promise<UserRow | null> {
  if (uow.actor.kind !== 'user') return null;
  const where = leadWhere(ref);
  const [lead] = where ? await uow.tx.select().from(leads).where(where) : [];
  if (!lead) throw notFound('order_lead_not_found', { lead: ref });
  demand(uow.deps, uow.actor, 'lead.work', await leadResource(uow.tx, lead), 'order_lead_not_yours', {
    lead: ref,
  });
  if (!lead.ownerId || lead.ownerId === uow.actor.user.id) return uow.actor.user;
  const [owner] = await uow.tx.select().from(users).where(eq(users.id, lead.ownerId));
  return owner ?? uow.actor.user;
}

async function convertLead(uow: UnitOfWork, owner: UserRow, ref: string): Promise<OrderCustomer> {
  const where = leadWhere(ref);
  const [lead] = where ? await uow.tx.select().from(leads).where(where) : [];
  if (!lead) throw notFound('order_lead_not_found', { lead: ref });
  if (lead.ownerId !== owner.id) throw forbidden('order_lead_not_yours', { lead: ref });
  if (lead.status === 'lost') throw conflict('order_lead_closed', { lead: ref, status: lead.status });
  if (lead.status === 'converted' && lead.customerId) {
    const [c] = await uow.tx.select().from(customers).where(eq(customers.id, lead.customerId));
    if (c) return orderCustomer(c, lead.id);
  }

  const name = (lead.company ?? lead.name).trim();
  const normalizedName = foldCompanyName(name) || name.toLowerCase();
  // Concurrent conversions of two leads of one company meet on the unique normalised name.
  const ring = uow.deps.keyring;
  const created = await insertCustomer(uow.tx, ring, {
    name,
    normalizedName,
    ownerId: owner.id,
    email: ring.decrypt(lead.email),
    phone: ring.decrypt(lead.phone),
    region: lead.region,
    industry: lead.industry,
    currency: uow.deps.policy.org.currency,
    legalName: lead.company?.trim() || null,
    invoiceEmail: ring.decrypt(lead.email),
    createdAt: uow.now,
  });
  const customer =
    created ?? (await uow.tx.select().from(customers).where(eq(customers.normalizedName, normalizedName)))[0];
  if (!customer) throw new Error('customer vanished during lead conversion');
  if (created) {
    await uow.audit({
      action: 'customer.create',
      entityType: 'customer',
      entityId: created.id,
      after: maskPersonalFields(created),
    });
    await publishCustomerEvent(uow, 'customer.created', created.id);
  }
  // The person the rep has been talking to becomes the customer's primary contact, unless it already has one.
  const contact = await insertPrimaryContactIfNone(uow.tx, uow.deps, customer.id, {
    name: lead.name,
    email: ring.decrypt(lead.email),
    phone: ring.decrypt(lead.phone),
    createdAt: uow.now,
  });
  if (contact) {
    await uow.audit({
      action: 'customer.contact.add',
      entityType: 'customer',
      entityId: customer.id,
      after: maskPersonalFields(contact),
    });
  }

  const [converted] = await uow.tx
    .update(leads)
    .set({ status: 'converted', customerId: customer.id, closedAt: uow.now, updatedAt: uow.now })
    .where(
      and(
        eq(leads.id, lead.id),
        eq(leads.ownerId, owner.id),
        notInArray(leads.status, ['converted', 'lost']),
      ),
    )
    .returning();
  if (converted) {
    await uow.audit({
      action: 'lead.convert',
      entityType: 'lead',
      entityId: lead.id,
      before: { status: lead.status, customerId: lead.customerId, closedAt: lead.closedAt },
      after: { status: 'converted', customerId: customer.id, closedAt: uow.now },
    });
    // The owner's lead card shows "Converted" and stops offering stage buttons.
    await showOwnerCard(uow, converted);
    await publishLeadEvent(uow, 'lead.converted', lead.id);
  }
  return orderCustomer(customer, lead.id);
}
