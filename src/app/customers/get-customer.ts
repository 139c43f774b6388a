// Use case: one customer as a person or a system sees it — details, contacts, open orders, its latest events, and what
// the asker may do; the tax ID and billing details only to those with `customer.billing`.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { customers, orders } from '../../db/schema.ts';
import type { TimelineEntry } from '../../messages/catalogue/records.ts';
import { allowed, demand, ownedBy } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import {
  type ContactRow,
  type CustomerRow,
  loadContacts,
  loadCustomer,
  ownerOfCustomer,
} from './customer-record.ts';
import { customerTimeline } from './customer-timeline.ts';

export interface CustomerView {
  customer: CustomerRow;
  owner: { id: string; name: string; email: string } | null;
  mergedInto: string | null;
  contacts: ContactRow[];
  openOrders: { number: string; status: string; totalMinor: number; currency: string }[];
  timeline: TimelineEntry[];
  earlier: number;
  mayBilling: boolean;
  mayEdit: boolean;
  mayCredit: boolean;
  mayOrder: boolean;
}

export async function getCustomer(deps: AppDeps, actor: Actor, ref: string): Promise<CustomerView> {
  // A merged customer's old name still finds it; an id shows the merged row itself, pointing at the winner.
  const customer = await loadCustomer(deps.db, deps.keyring, ref);
  const resource = await ownedBy(deps.db, customer.ownerId, { region: customer.region });
  demand(deps, actor, 'customer.read', resource, 'customer_read_forbidden', { name: customer.name });
  const [merged] = customer.mergedIntoId
    ? await deps.db
        .select({ name: customers.name })
        .from(customers)
        .where(eq(customers.id, customer.mergedIntoId))
    : [];
  const openOrders = await deps.db
    .select({
      number: orders.number,
      status: orders.status,
      totalMinor: orders.totalMinor,
      currency: orders.currency,
    })
    .from(orders)
    .where(
      and(
        eq(orders.customerId, customer.id),
        inArray(orders.status, ['draft', 'pending_approval', 'approved']),
      ),
    )
    .orderBy(asc(orders.seq))
    .limit(10);
  const mayBilling = allowed(deps, actor, 'customer.billing', resource);
  return {
    // The tax ID leaves the use case only for those who may see it, whatever the adapter then shows.
    customer: mayBilling ? customer : { ...customer, taxId: null },
    owner: await ownerOfCustomer(deps.db, customer.ownerId),
    mergedInto: merged?.name ?? null,
    contacts: await loadContacts(deps.db, deps.keyring, customer.id),
    openOrders,
    ...(await customerTimeline(deps.db, customer.id)),
    mayBilling,
    mayEdit: allowed(deps, actor, 'customer.edit', resource),
    mayCredit: allowed(deps, actor, 'customer.credit', resource),
    mayOrder: allowed(deps, actor, 'order.create', {}),
  };
}
