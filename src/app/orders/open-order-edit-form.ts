// Use case: the owner opens the edit form of an order — its current version as the form is prefilled with.

import { inArray } from 'drizzle-orm';
import { products } from '../../db/schema.ts';
import { conflict, notFound } from '../../domain/errors.ts';
import { orderRefOf } from '../../domain/ids.ts';
import type { OrderEditFormData } from '../../messages/catalogue/orders.ts';
import { demand, ownedBy } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { loadOrder } from './load-order.ts';
import { lineSpecOf } from './order-line-text.ts';

// `ref` is the order's id (from a card's Edit button) or its number (typed).
export async function openOrderEditForm(
  deps: AppDeps,
  actor: UserActor,
  ref: string,
): Promise<OrderEditFormData> {
  const wanted = ref.trim();
  const loaded = await loadOrder(deps.db, orderRefOf(wanted), deps);
  if (!loaded) throw notFound('order_not_found', { number: wanted });
  const { order } = loaded;
  // The same refusals as saving would give, before anyone fills the form in.
  demand(deps, actor, 'order.edit', await ownedBy(deps.db, order.ownerId), 'order_not_owner', {
    number: order.number,
    owner: loaded.owner.name,
  });
  if (order.status === 'cancelled') throw conflict('order_edit_cancelled', { number: order.number });
  const ids = [...new Set(loaded.lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const skus =
    ids.length === 0
      ? []
      : await deps.db
          .select({ id: products.id, sku: products.sku })
          .from(products)
          .where(inArray(products.id, ids));
  const skuOf = new Map(skus.map((p) => [p.id, p.sku]));
  return {
    orderId: order.id,
    number: order.number,
    version: order.version,
    status: order.status,
    customer: loaded.customer.name,
    lines: loaded.lines.map((l) =>
      lineSpecOf({ ...l, sku: l.productId ? (skuOf.get(l.productId) ?? null) : null }, order.currency),
    ),
    paymentPlan: order.paymentPlan,
    plans: Object.keys(deps.policy.paymentPlans),
    terms: order.terms,
    nonStandardTerms: order.nonStandardTerms,
  };
}
