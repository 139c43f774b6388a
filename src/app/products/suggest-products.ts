// Use case: the products an order form's picker offers — active ones matching what was typed (SKU, zh-CN or en name),
// or with nothing typed the ones most recently ordered; each priced on the price list of the order the form is for.
import { and, desc, eq, inArray, isNotNull, max } from 'drizzle-orm';
import { customers, leads, orderLines, orders, products } from '../../db/schema.ts';
import { isUuid } from '../../domain/ids.ts';
import type { ProductPick } from '../../messages/catalogue/orders/product-picks.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { listPricing, type Pricing, pricingFor } from '../orders/pricing.ts';
import { findProducts } from './find-products.ts';

type CustomerPricing = { priceList: string | null; tier: string | null };

// The customer a form's entityId leads to: "customer:<id>", "lead:<id>" (its customer, when converted), or an order's
// id (the edit form, which also fixes the currency). Only the price list is read from it, never shown.
async function pricingOfForm(deps: AppDeps, entityId: string | undefined): Promise<Pricing> {
  const fallback = listPricing(deps.policy);
  if (!entityId) return fallback;
  const [kind, id] = entityId.includes(':') ? entityId.split(':') : ['order', entityId];
  if (!id || !isUuid(id)) return fallback;
  let customer: CustomerPricing | undefined;
  let currency: string | undefined;
  const columns = { priceList: customers.priceList, tier: customers.tier };
  if (kind === 'customer') {
    [customer] = await deps.db.select(columns).from(customers).where(eq(customers.id, id));
  } else if (kind === 'lead') {
    [customer] = await deps.db
      .select(columns)
      .from(leads)
      .innerJoin(customers, eq(customers.id, leads.customerId))
      .where(eq(leads.id, id));
  } else if (kind === 'order') {
    const [row] = await deps.db
      .select({ ...columns, currency: orders.currency })
      .from(orders)
      .innerJoin(customers, eq(customers.id, orders.customerId))
      .where(eq(orders.id, id));
    customer = row;
    currency = row?.currency;
  }
  if (!customer) return fallback;
  const listed = await pricingFor(deps.db, deps.policy, customer);
  // An order keeps the currency it was made in; a list in another currency prices nothing on it.
  return currency && listed.currency !== currency ? listPricing(deps.policy, currency) : listed;
}

// With nothing typed: the active products of the latest order lines first, then the rest by SKU.
async function recentlyOrdered(deps: AppDeps, limit: number): Promise<string[]> {
  const rows = await deps.db
    .select({ id: orderLines.productId, last: max(orders.createdAt) })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(and(isNotNull(orderLines.productId), eq(products.active, true)))
    .groupBy(orderLines.productId)
    .orderBy(desc(max(orders.createdAt)))
    .limit(limit);
  return rows.flatMap((r) => (r.id ? [r.id] : []));
}

export async function suggestProducts(
  deps: AppDeps,
  actor: Actor,
  query: { text?: string; forEntity?: string; limit?: number },
): Promise<ProductPick[]> {
  demand(deps, actor, 'product.read', {}, 'product_read_forbidden');
  const limit = Math.min(Math.max(query.limit ?? 20, 1), 100);
  const text = query.text?.trim() ?? '';
  let found = (await findProducts(deps, actor, { text, limit })).items;
  if (text === '') {
    const recent = await recentlyOrdered(deps, limit);
    if (recent.length > 0) {
      const rank = new Map(recent.map((id, i) => [id, i]));
      const picked = await deps.db.select().from(products).where(inArray(products.id, recent));
      const rest = found.filter((p) => !rank.has(p.id));
      found = [
        ...picked
          .sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0))
          .map((p) => ({ ...p, prices: [] })),
        ...rest,
      ].slice(0, limit);
    }
  }
  const pricing = await pricingOfForm(deps, query.forEntity);
  return found.map((p) => {
    const listed = pricing.prices.get(p.sku.toLowerCase());
    const price =
      listed !== undefined
        ? { minor: listed, currency: pricing.currency }
        : { minor: p.unitPriceMinor, currency: p.currency };
    return { sku: p.sku, name: p.name, nameZh: p.nameZh, nameEn: p.nameEn, unit: p.unit, price };
  });
}
