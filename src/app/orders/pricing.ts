// Owns what a customer pays before discounts: the price list it is on (explicit, else by tier), that list's currency,
// and each line's tax rate.
import type { Policy } from '../../config/policy.ts';
import { parseAmount } from '../../domain/money.ts';
import { own } from '../../domain/own.ts';

export interface Pricing {
  currency: string;
  // The closeloop.yaml price list name, null for list prices in the org currency.
  priceList: string | null;
  // Lower-case SKU → unit price in minor units of `currency`.
  prices: ReadonlyMap<string, number>;
  defaultTaxRateBp: number;
}

export function listPricing(policy: Policy, currency = policy.org.currency): Pricing {
  return { currency, priceList: null, prices: new Map(), defaultTaxRateBp: policy.orders.defaultTaxRateBp };
}

export function pricingFor(
  policy: Policy,
  customer: { priceList: string | null; tier: string | null },
): Pricing {
  const lists = policy.orders.priceLists;
  const name =
    customer.priceList && Object.hasOwn(lists, customer.priceList)
      ? customer.priceList
      : customer.tier
        ? (Object.keys(lists).find((n) => own(lists, n)?.tiers.includes(customer.tier ?? '')) ?? null)
        : null;
  const list = name ? own(lists, name) : undefined;
  if (!name || !list) return listPricing(policy);
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
