// Owns the rules of a customer's master data: what a valid field is, what an edit changes, and which changes need
// finance (credit limit, tier). Pure: no I/O.
import { DomainError, inEachLanguage, invalid } from '../errors.ts';
import { mergeExternalIds } from '../external-ids.ts';
import { type LabelBook, nameOfLabel, typedNames } from '../labels.ts';
import { companyCore } from '../leads/dedupe.ts';
import { foldCompanyName } from '../leads/normalise.ts';
import { decimalsOf, parseAmount } from '../money.ts';
import { isReservedName } from '../own.ts';

// Above this a credit limit or a price is surely a typo (a trillion in major units of a two-decimal currency).
export const maxAmountMinor = 100_000_000_000_000;

// What a person or a system may set on a customer; undefined leaves a field as it is, null clears it.
export interface CustomerFields {
  name?: string;
  legalName?: string | null;
  aliases?: readonly string[];
  tier?: string | null;
  priceList?: string | null;
  currency?: string;
  // Major units as written ("500000", "1,200.50") in the customer's currency; null removes the limit.
  creditLimit?: string | null;
  paymentTerms?: string | null;
  defaultPaymentPlan?: string | null;
  taxId?: string | null;
  billingAddress?: string | null;
  invoiceEmail?: string | null;
  email?: string | null;
  phone?: string | null;
  region?: string | null;
  industry?: string | null;
  locale?: string | null;
  externalIds?: Readonly<Record<string, string>>;
}

// The stored columns those fields become (owner handled by the use case: it is a roster lookup).
export interface CustomerColumns {
  name: string;
  normalizedName: string;
  legalName: string | null;
  aliases: string[];
  tier: string | null;
  priceList: string | null;
  currency: string;
  creditLimitMinor: number | null;
  paymentTerms: string | null;
  defaultPaymentPlan: string | null;
  taxId: string | null;
  billingAddress: string | null;
  invoiceEmail: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  industry: string | null;
  locale: string | null;
  externalIds: Record<string, string>;
}

// The names configured in closeloop.yaml a customer may point at.
export interface CustomerNames {
  tiers: ReadonlySet<string>;
  priceLists: ReadonlySet<string>;
  paymentPlans: ReadonlySet<string>;
  // closeloop.yaml labels: a region, industry, tier, price list or plan typed as its label ("华东") is kept as its
  // name ("east").
  labels?: LabelBook;
}

const textLimits: Partial<Record<keyof CustomerFields, number>> = {
  name: 200,
  legalName: 300,
  tier: 64,
  priceList: 64,
  paymentTerms: 500,
  defaultPaymentPlan: 64,
  taxId: 64,
  billingAddress: 1000,
  invoiceEmail: 254,
  email: 254,
  phone: 64,
  region: 64,
  industry: 64,
};

const clean = (v: string | null | undefined): string | null => {
  const t = v?.replace(/\s+/g, ' ').trim();
  return t ? t : null;
};

// The key a customer's name is unique under and searched by: "ACME Co., Ltd." and "ａｃｍｅ" meet.
export function customerKey(name: string): string {
  return foldCompanyName(name) || name.trim().toLowerCase();
}

// Keys a search text matches: the folded name and the name without its city or province ("上海星辰" → "星辰").
export function searchKeys(text: string): string[] {
  const keys = new Set([customerKey(text), companyCore(text)].filter((k) => k.length > 0));
  return [...keys];
}

export function parseLimit(text: string, currency: string, field: string): number {
  const minor = parseAmount(text, currency);
  if (minor === null || minor < 0 || minor > maxAmountMinor) {
    throw invalid('customer_amount', field, {
      field,
      value: text.slice(0, 40),
      currency,
      decimals: decimalsOf(currency),
      max: (maxAmountMinor / 10 ** decimalsOf(currency)).toLocaleString('en'),
    });
  }
  return minor;
}

// Every problem of the given fields at once (the first is the error, the rest its details); the columns when none.
export function applyCustomerFields(
  current: CustomerColumns | null,
  fields: CustomerFields,
  names: CustomerNames,
  orgCurrency: string,
): CustomerColumns {
  const problems: DomainError[] = [];
  const attempt = <T>(f: () => T, fallback: T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof DomainError) {
        problems.push(e);
        return fallback;
      }
      throw e;
    }
  };
  for (const [field, max] of Object.entries(textLimits) as [keyof CustomerFields, number][]) {
    const v = fields[field];
    if (typeof v === 'string' && v.length > max)
      problems.push(invalid('customer_too_long', field, { field, max }));
  }
  const pick = <K extends keyof CustomerColumns>(
    k: K,
    v: CustomerColumns[K] | undefined,
  ): CustomerColumns[K] => (v !== undefined ? v : (current?.[k] as CustomerColumns[K]));

  const name = fields.name !== undefined ? clean(fields.name) : (current?.name ?? null);
  if (!name) problems.push(invalid('customer_name_missing', 'name'));
  else if (isReservedName(name) || isReservedName(customerKey(name)))
    problems.push(invalid('customer_name_reserved', 'name', { name }));

  const currency =
    fields.currency !== undefined ? fields.currency.trim().toUpperCase() : (current?.currency ?? orgCurrency);
  if (!/^[A-Z]{3}$/.test(currency)) problems.push(invalid('customer_currency', 'currency', { currency }));

  const book = names.labels ?? new Map();
  const named = (
    field: 'tier' | 'priceList' | 'defaultPaymentPlan',
    kind: 'tiers' | 'priceLists' | 'paymentPlans',
    set: ReadonlySet<string>,
  ) => {
    const typed = fields[field] === undefined ? undefined : clean(fields[field]);
    // A name typed as its label ("30 天账期") is kept as the name.
    const v = typed ? nameOfLabel(book, kind, typed) : typed;
    // Tiers are free words until closeloop.yaml names some (a price list's or reconcile's tiers).
    if (v && !set.has(v) && !(field === 'tier' && set.size === 0))
      problems.push(
        invalid('customer_unknown_name', field, {
          field,
          value: v,
          ...inEachLanguage('valid', (locale) =>
            set.size === 0 ? '—' : typedNames(book, kind, set, locale).join(locale === 'zh-CN' ? '、' : ', '),
          ),
        }),
      );
    return v;
  };
  const tier = named('tier', 'tiers', names.tiers);
  const priceList = named('priceList', 'priceLists', names.priceLists);
  const defaultPaymentPlan = named('defaultPaymentPlan', 'paymentPlans', names.paymentPlans);

  const creditLimitMinor =
    fields.creditLimit === undefined
      ? undefined
      : clean(fields.creditLimit) === null
        ? null
        : attempt(() => parseLimit(String(fields.creditLimit), currency, 'creditLimit'), null);

  const aliases =
    fields.aliases === undefined
      ? undefined
      : [...new Set(fields.aliases.map((a) => clean(a)).filter((a): a is string => a !== null))];
  if (aliases && (aliases.length > 50 || aliases.some((a) => a.length > 200)))
    problems.push(invalid('customer_aliases', 'aliases', { max: 50 }));

  let externalIds: Record<string, string> | undefined;
  if (fields.externalIds !== undefined) {
    const merged = mergeExternalIds(current?.externalIds ?? {}, fields.externalIds, 'customer');
    externalIds = merged.ids;
    problems.push(...merged.problems);
  }
  for (const field of ['invoiceEmail', 'email'] as const) {
    const v = clean(fields[field]);
    if (v && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v))
      problems.push(invalid('customer_email', field, { field, value: v }));
  }
  const locale = fields.locale === undefined ? undefined : clean(fields.locale);
  if (locale && locale !== 'zh-CN' && locale !== 'en')
    problems.push(invalid('customer_locale', 'locale', { locale }));

  const [first, ...rest] = problems;
  if (first) throw new DomainError(first.kind, first.code, first.vars, first.field, rest);
  const text = (k: keyof CustomerFields & keyof CustomerColumns) =>
    fields[k] === undefined
      ? ((current?.[k] as string | null | undefined) ?? null)
      : clean(fields[k] as string | null);
  const labelled = (kind: 'regions' | 'industries', v: string | null) =>
    v === null || !names.labels ? v : nameOfLabel(names.labels, kind, v);
  return {
    name: name as string,
    normalizedName: customerKey(name as string),
    legalName: text('legalName'),
    aliases: pick('aliases', aliases) ?? [],
    tier: tier === undefined ? (current?.tier ?? null) : tier,
    priceList: priceList === undefined ? (current?.priceList ?? null) : priceList,
    currency,
    creditLimitMinor: creditLimitMinor === undefined ? (current?.creditLimitMinor ?? null) : creditLimitMinor,
    paymentTerms: text('paymentTerms'),
    defaultPaymentPlan:
      defaultPaymentPlan === undefined ? (current?.defaultPaymentPlan ?? null) : defaultPaymentPlan,
    taxId: text('taxId'),
    billingAddress: text('billingAddress'),
    invoiceEmail: text('invoiceEmail'),
    email: text('email'),
    phone: text('phone'),
    region: labelled('regions', text('region')),
    industry: labelled('industries', text('industry')),
    locale: locale === undefined ? (current?.locale ?? null) : locale,
    externalIds: pick('externalIds', externalIds) ?? {},
  };
}

// The columns an edit changes, each with its value before and after; empty when the edit changes nothing.
export function changedColumns(
  before: CustomerColumns,
  after: CustomerColumns,
): { field: keyof CustomerColumns; before: unknown; after: unknown }[] {
  const out: { field: keyof CustomerColumns; before: unknown; after: unknown }[] = [];
  for (const field of Object.keys(after) as (keyof CustomerColumns)[]) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      out.push({ field, before: before[field], after: after[field] });
  }
  return out;
}

// A credit limit or a tier decides how much risk the company takes: finance's call, not the owner's.
export const creditFields: ReadonlySet<keyof CustomerColumns> = new Set(['creditLimitMinor', 'tier']);

// The winner of a merge knows the loser by every name it had: its name, legal name and aliases become aliases.
export function mergedAliases(
  winner: { name: string; legalName: string | null; aliases: readonly string[] },
  loser: { name: string; legalName: string | null; aliases: readonly string[] },
): string[] {
  const own = new Set([
    customerKey(winner.name),
    ...(winner.legalName ? [customerKey(winner.legalName)] : []),
  ]);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const a of [
    ...winner.aliases,
    loser.name,
    ...(loser.legalName ? [loser.legalName] : []),
    ...loser.aliases,
  ]) {
    const key = customerKey(a);
    if (own.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}
