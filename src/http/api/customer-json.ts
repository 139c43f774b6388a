// Owns how a customer and a product read over REST: schemas and the mapping from use-case results, shared by routes.
import { z } from 'zod';
import type { CustomerView } from '../../app/customers/get-customer.ts';
import type { PriceRow, ProductRow } from '../../app/products/save-product.ts';
import { maxAmountMinor } from '../../domain/customers/customer-fields.ts';
import { toDecimal } from '../../domain/money.ts';

export const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();

export const decimal = toDecimal;

// Major units as a decimal string or a number; the use case checks decimals against the currency and the range.
export const amountIn = (field: string) =>
  z
    .union([z.string().max(40), z.number()])
    .refine((v) => typeof v === 'string' || (Number.isFinite(v) && Math.abs(v) <= maxAmountMinor), {
      message: `${field}: write the amount as a decimal string, e.g. "500000.00"`,
    })
    .transform((v) => (typeof v === 'number' ? String(v) : v));

const text = (max: number) => z.string().max(max);

export const customerBody = z
  .object({
    name: text(200),
    legalName: text(300).nullable(),
    aliases: z.array(text(200)).max(50),
    tier: text(64).nullable(),
    priceList: text(64).nullable(),
    currency: text(3),
    creditLimit: amountIn('creditLimit').nullable(),
    paymentTerms: text(500).nullable(),
    defaultPaymentPlan: text(64).nullable(),
    taxId: text(64).nullable(),
    billingAddress: text(1000).nullable(),
    invoiceEmail: text(254).nullable(),
    email: text(254).nullable(),
    phone: text(64).nullable(),
    region: text(64).nullable(),
    industry: text(64).nullable(),
    locale: text(8).nullable(),
    ownerEmail: text(254).nullable(),
    externalIds: z.record(z.string().max(32), z.string().max(128)),
  })
  .partial()
  .strict();

export const contactJson = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  isPrimary: z.boolean(),
});

export const customerJson = z.object({
  id: z.uuid(),
  name: z.string(),
  legalName: z.string().nullable(),
  aliases: z.array(z.string()),
  owner: z.object({ name: z.string(), email: z.string() }).nullable(),
  region: z.string().nullable(),
  industry: z.string().nullable(),
  tier: z.string().nullable(),
  priceList: z.string().nullable(),
  currency: z.string(),
  creditLimit: z.string().nullable(),
  creditLimitMinor: z.number().int().nullable(),
  paymentTerms: z.string().nullable(),
  defaultPaymentPlan: z.string().nullable(),
  // Null to a key without the orders:read scope that `customer.billing` needs.
  taxId: z.string().nullable(),
  billingAddress: z.string().nullable(),
  invoiceEmail: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  locale: z.string().nullable(),
  externalIds: z.record(z.string(), z.string()),
  mergedInto: z.string().nullable(),
  contacts: z.array(contactJson),
});

export function customerOut(v: CustomerView): z.infer<typeof customerJson> {
  const c = v.customer;
  return {
    id: c.id,
    name: c.name,
    legalName: c.legalName,
    aliases: c.aliases,
    owner: v.owner ? { name: v.owner.name, email: v.owner.email } : null,
    region: c.region,
    industry: c.industry,
    tier: c.tier,
    priceList: c.priceList,
    currency: c.currency,
    creditLimit: c.creditLimitMinor === null ? null : decimal(c.creditLimitMinor, c.currency),
    creditLimitMinor: c.creditLimitMinor,
    paymentTerms: c.paymentTerms,
    defaultPaymentPlan: c.defaultPaymentPlan,
    taxId: v.mayBilling ? c.taxId : null,
    billingAddress: v.mayBilling ? c.billingAddress : null,
    invoiceEmail: c.invoiceEmail,
    email: c.email,
    phone: c.phone,
    locale: c.locale,
    externalIds: c.externalIds,
    mergedInto: v.mergedInto,
    contacts: v.contacts.map((k) => ({
      id: k.id,
      name: k.name,
      role: k.role,
      email: k.email,
      phone: k.phone,
      isPrimary: k.isPrimary,
    })),
  };
}

export const productJson = z.object({
  sku: z.string(),
  name: z.string(),
  nameZh: z.string().nullable(),
  nameEn: z.string().nullable(),
  unit: z.string().nullable(),
  currency: z.string(),
  price: z.string(),
  taxRatePercent: z.number().nullable(),
  active: z.boolean(),
  prices: z.record(z.string(), z.object({ currency: z.string(), price: z.string() })),
  externalIds: z.record(z.string(), z.string()),
});

export function productOut(p: ProductRow, prices: readonly PriceRow[]): z.infer<typeof productJson> {
  return {
    sku: p.sku,
    name: p.name,
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    unit: p.unit,
    currency: p.currency,
    price: decimal(p.unitPriceMinor, p.currency),
    taxRatePercent: p.taxRateBp === null ? null : p.taxRateBp / 100,
    active: p.active,
    externalIds: p.externalIds,
    prices: Object.fromEntries(
      prices.map((r) => [
        r.priceList,
        { currency: r.currency, price: decimal(r.unitPriceMinor, r.currency) },
      ]),
    ),
  };
}
