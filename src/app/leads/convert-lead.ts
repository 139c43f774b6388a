// Use case: the owner marks a lead converted without an order yet (`lead stage … converted`): the lead becomes a
// customer (or joins the customer of the same company), is closed, and the lead card says so.
import { and, eq, isNull, notInArray } from 'drizzle-orm';
import { customers, leadActivities, leads } from '../../db/schema.ts';
import { maskPersonalFields } from '../../domain/customers/personal-fields.ts';
import { foldCompanyName, leadNumber } from '../../domain/leads/normalise.ts';
import type { UserActor } from '../commands/types.ts';
import { insertCustomer } from '../customers/customer-record.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { publishCustomerEvent, publishLeadEvent } from '../webhooks/publish-record-event.ts';
import { ownedLead } from './log-lead-activity.ts';
import { showOwnerCard } from './owner-card.ts';

export type ConvertOutcome =
  | { converted: true; number: string; customer: string }
  | { converted: false; number: string; status: string };

export async function convertLead(deps: AppDeps, actor: UserActor, ref: string): Promise<ConvertOutcome> {
  const lead = await ownedLead(deps, actor, ref);
  const number = leadNumber(lead.seq);
  if (lead.closedAt || lead.status !== 'accepted') return { converted: false, number, status: lead.status };
  return inTransaction(deps, actor, async (uow) => {
    const name = (lead.company ?? lead.name).trim();
    const normalizedName = foldCompanyName(name) || name.toLowerCase();
    // Two leads of one company converting at once meet on the unique normalised name, as orders do.
    const created = await insertCustomer(uow.tx, deps.keyring, {
      name,
      normalizedName,
      ownerId: lead.ownerId,
      email: deps.keyring.decrypt(lead.email),
      phone: deps.keyring.decrypt(lead.phone),
      region: lead.region,
      industry: lead.industry,
      currency: deps.policy.org.currency,
      createdAt: uow.now,
    });
    const customer =
      created ??
      (await uow.tx.select().from(customers).where(eq(customers.normalizedName, normalizedName)))[0];
    if (!customer) throw new Error('customer vanished during lead conversion');
    const [converted] = await uow.tx
      .update(leads)
      .set({ status: 'converted', customerId: customer.id, closedAt: uow.now, updatedAt: uow.now })
      .where(
        and(eq(leads.id, lead.id), isNull(leads.closedAt), notInArray(leads.status, ['converted', 'lost'])),
      )
      .returning();
    if (!converted) {
      const [now] = await uow.tx.select({ status: leads.status }).from(leads).where(eq(leads.id, lead.id));
      return { converted: false, number, status: now?.status ?? lead.status };
    }
    if (created) {
      await uow.audit({
        action: 'customer.create',
        entityType: 'customer',
        entityId: created.id,
        after: maskPersonalFields(created),
      });
    }
    await uow.tx.insert(leadActivities).values({
      leadId: lead.id,
      actorId: actor.user.id,
      kind: 'converted',
      data: { customerId: customer.id },
      at: uow.now,
    });
    await uow.audit({
      action: 'lead.convert',
      entityType: 'lead',
      entityId: lead.id,
      before: { status: lead.status, stage: lead.stage, customerId: lead.customerId, closedAt: null },
      after: { status: 'converted', customerId: customer.id, closedAt: uow.now },
    });
    await showOwnerCard(uow, converted);
    if (created) await publishCustomerEvent(uow, 'customer.created', created.id);
    await publishLeadEvent(uow, 'lead.converted', lead.id);
    return { converted: true, number, customer: customer.name };
  });
}
