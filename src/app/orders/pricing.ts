// Owns what a customer pays before discounts: the price list it is on (explicit, else by tier), that list's currency,
// and each line's tax rate. Prices come from the catalogue in the database (product_prices); closeloop.yaml's lists
// seed it and still price orders while it is empty.
import { eq, sql } from 'drizzle-orm';
import type { Policy } from '../../config/policy.ts';
import type { Executor } from '../../db/client.ts';
import { productPrices, products } from '../../db/schema.ts';
import { parseAmount } from '../../domain/money.ts';
import { own } from '../../domain/own.ts';

export interface Pricing {
  currency: string;
  // The price list name, null for list prices in the org currency.
  priceList: string | null;
  // Lower-case SKU → unit price in minor units of `currency`.
  prices: ReadonlyMap<string, number>;
  defaultTaxRateBp: number;
}

export function listPricing(policy: Policy, currency = policy.org.currency): Pricing {
  return { currency, priceList: null, prices: new Map(), defaultTaxRateBp: policy.orders.defaultTaxRateBp };
}

// The yaml list a customer is on: the one it names, else the one naming its tier.
function yamlListName(
  policy: Policy,
  customer: { priceList: string | null; tier: string | null },
): string | null {
  const lists = policy.orders.priceLists;
  if (customer.priceList && Object.hasOwn(lists, customer.priceList)) return customer.priceList;
  if (!customer.tier) return null;
  return Object.keys(lists).find((n) => own(lists, n)?.tiers.includes(customer.tier ?? '')) ?? null;
}

export async function pricingFor(
  db: Executor,
  policy: Policy,
  customer: { priceList: string | null; tier: string | null },
): Promise<Pricing> {
  const [seeded] = await db.select({ one: sql<number>`1` }).from(productPrices).limit(1);
  const yamlName = yamlListName(policy, customer);
  if (!seeded) return yamlName ? yamlPricing(policy, yamlName) : listPricing(policy);
  // A list only the catalogue knows (made through the API) counts as much as one closeloop.yaml names.
  const name = yamlName ?? customer.priceList;
  if (!name) return listPricing(policy);
  const rows = await db
    .select({ sku: products.sku, currency: productPrices.currency, minor: productPrices.unitPriceMinor })
    .from(productPrices)
    .innerJoin(products, eq(products.id, productPrices.productId))
    .where(eq(productPrices.priceList, name));
  const currency = own(policy.orders.priceLists, name)?.currency ?? rows[0]?.currency;
  if (!currency) return listPricing(policy);
  return {
    currency,
    priceList: name,
    prices: new Map(rows.filter((r) => r.currency === currency).map((r) => [r.sku.toLowerCase(), r.minor])),
    defaultTaxRateBp: policy.orders.defaultTaxRateBp,
  };
}

function yamlPricing(policy: Policy, name: string): Pricing {
  const list = own(policy.orders.priceLists, name);
  if (!list) return listPricing(policy);
  const prices = new Map<string, number>();
  for (const [sku, price] of Object.entries(list.prices)) {
    const minor = parseAmount(String(price), list.currency);
    if (minor !== null) prices.set(sku.toLowerCase(), minor);
  }
  return {
    currency: list.currency,
    priceList: name,
    prices,
    defaultTaxRateBp: policy.orders.defaultTaxRateBp,
  };
}
