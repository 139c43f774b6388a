// Use case: a rep (or their manager) opens the new-order form for a lead they may work or a known customer — what we already know prefilled.
import { eq } from 'drizzle-orm';
import { customers, leads } from '../../db/schema.ts';
import { conflict, notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { foldCompanyName, leadNumber } from '../../domain/leads/normalise.ts';
import type { NewOrderFormData } from '../../messages/catalogue/orders.ts';
import { demand } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { leadResource } from '../leads/lead-resource.ts';
import { leadWhere } from '../leads/load-lead.ts';

// The form's entityId names where the order comes from: "lead:<id>" or "customer:<id>".
export type NewOrderSource = { lead: string } | { customerId: string };

export function sourceOfEntity(entityId: string): NewOrderSource | null {
  const [kind, id] = entityId.split(':');
  if (!id || !isUuid(id)) return null;
  if (kind === 'lead') return { lead: id };
  if (kind === 'customer') return { customerId: id };
  return null;
}

// The customer's own default plan when it names a plan of closeloop.yaml, else the first plan there.
function defaultPlan(deps: AppDeps, customerPlan: string | null | undefined): string {
  const plans = Object.keys(deps.policy.paymentPlans);
  return customerPlan && plans.includes(customerPlan) ? customerPlan : (plans[0] ?? '');
}

// `ref` is a lead number, a lead or customer id, a customer name, or the form's own entityId.
export async function openNewOrderForm(
  deps: AppDeps,
  actor: UserActor,
  ref: string,
): Promise<NewOrderFormData> {
  // A platform re-opening a filled form (to show an error under a field) passes the form's own entityId.
  demand(deps, actor, 'order.create', {}, 'order_create_forbidden');
  const own = sourceOfEntity(ref.trim());
  const wanted = own ? ('lead' in own ? own.lead : own.customerId) : ref.trim();
  const plans = Object.keys(deps.policy.paymentPlans);
  const where = leadWhere(wanted);
  if (where) {
    const [lead] = await deps.db.select().from(leads).where(where);
    if (lead) {
      // The same refusals create-order gives, before anyone fills the form in.
      demand(deps, actor, 'lead.work', await leadResource(deps.db, lead), 'order_lead_not_yours', {
        lead: wanted,
      });
      if (lead.status === 'lost' || lead.status === 'merged')
        throw conflict('order_lead_closed', { lead: wanted, status: lead.status });
      const [customer] = lead.customerId
        ? await deps.db.select().from(customers).where(eq(customers.id, lead.customerId))
        : [];
      return {
        entityId: `lead:${lead.id}`,
        customer: customer?.name ?? (lead.company ?? lead.name).trim(),
        lead: leadNumber(lead.seq),
        paymentPlan: defaultPlan(deps, customer?.defaultPaymentPlan),
        plans,
      };
    }
    // An id that is no lead may be a customer's (the API and cards know customers by id).
    const [byId] = isUuid(wanted)
      ? await deps.db.select().from(customers).where(eq(customers.id, wanted))
      : [];
    if (!byId) throw notFound('order_lead_not_found', { lead: wanted });
    return customerForm(deps, byId, plans);
  }
  const [customer] = await deps.db
    .select()
    .from(customers)
    .where(eq(customers.normalizedName, foldCompanyName(wanted)));
  if (!customer) throw notFound('order_customer_not_found', { customer: wanted });
  return customerForm(deps, customer, plans);
}

function customerForm(
  deps: AppDeps,
  customer: typeof customers.$inferSelect,
  plans: string[],
): NewOrderFormData {
  return {
    entityId: `customer:${customer.id}`,
    customer: customer.name,
    lead: null,
    paymentPlan: defaultPlan(deps, customer.defaultPaymentPlan),
    plans,
  };
}
