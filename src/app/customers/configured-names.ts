// Owns the names a customer may point at: tiers and price lists of closeloop.yaml and the catalogue, payment plans.
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { productPrices } from '../../db/schema.ts';
import type { CustomerNames } from '../../domain/customers/customer-fields.ts';
import type { AppDeps } from '../deps.ts';

export async function configuredNames(db: Executor, deps: AppDeps): Promise<CustomerNames> {
  const { orders, reconcile, paymentPlans } = deps.policy;
  const lists = await db
    .selectDistinct({ name: productPrices.priceList })
    .from(productPrices)
    .orderBy(sql`1`);
  return {
    tiers: new Set([
      ...Object.keys(reconcile.tiers),
      ...Object.values(orders.priceLists).flatMap((l) => l.tiers),
    ]),
    priceLists: new Set([...Object.keys(orders.priceLists), ...lists.map((l) => l.name)]),
    paymentPlans: new Set(Object.keys(paymentPlans)),
    labels: deps.policy.labels.book,
  };
}
