// Owns the rules of a product's master data: a SKU, names, unit, list price, tax rate, prices per list and the ids
// an ERP knows it by. Pure.
import { parseLimit } from '../customers/customer-fields.ts';
import { DomainError, invalid } from '../errors.ts';
import { mergeExternalIds } from '../external-ids.ts';
import { isReservedName } from '../own.ts';

// What may be set on a product; undefined leaves a field as it is.
export interface ProductFields {
  sku?: string;
  name?: string;
  nameZh?: string | null;
  nameEn?: string | null;
  unit?: string | null;
  currency?: string;
  // Major units in `currency` ("1200", "45.50").
  price?: string;
  // Percent with at most 2 decimals (13 = 13 %); null takes the default of closeloop.yaml.
  taxRatePercent?: number | null;
  active?: boolean;
  // Price list name → price in major units of that list's currency.
  prices?: Readonly<Record<string, string>>;
  // The ids an ERP knows the product by, merged over those it has (`{ erp: "P-1001" }`).
  externalIds?: Readonly<Record<string, string>>;
}

export interface ProductColumns {
  sku: string;
  name: string;
  nameZh: string | null;
  nameEn: string | null;
  unit: string | null;
  currency: string;
  unitPriceMinor: number;
  taxRateBp: number | null;
  active: boolean;
  externalIds: Record<string, string>;
}

const clean = (v: string | null | undefined) => {
  const t = v?.replace(/\s+/g, ' ').trim();
  return t ? t : null;
};

export function skuProblem(sku: string): DomainError | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(sku))
    return invalid('product_sku', 'sku', { sku: sku.slice(0, 80) });
  if (isReservedName(sku) || isReservedName(sku.toLowerCase()))
    return invalid('product_sku_reserved', 'sku', { sku });
  return null;
}

// The product's columns after the fields, and each list's price in minor units (currency of the list, given).
export function applyProductFields(
  current: ProductColumns | null,
  fields: ProductFields,
  listCurrency: (list: string) => string | null,
): { columns: ProductColumns; prices: { list: string; currency: string; minor: number }[] } {
  const problems: DomainError[] = [];
  const sku = fields.sku !== undefined ? fields.sku.trim() : (current?.sku ?? '');
  const skuBad = skuProblem(sku);
  if (skuBad) problems.push(skuBad);
  const name = fields.name !== undefined ? clean(fields.name) : (current?.name ?? null);
  if (!name) problems.push(invalid('product_name', 'name'));
  for (const k of ['name', 'nameZh', 'nameEn', 'unit'] as const) {
    const v = fields[k];
    if (typeof v === 'string' && v.length > 200)
      problems.push(invalid('customer_too_long', k, { field: k, max: 200 }));
  }
  const currency =
    fields.currency !== undefined ? fields.currency.trim().toUpperCase() : (current?.currency ?? '');
  if (!/^[A-Z]{3}$/.test(currency)) problems.push(invalid('customer_currency', 'currency', { currency }));
  const amount = (text: string, cur: string, field: string): number | null => {
    try {
      return parseLimit(text, cur, field);
    } catch (e) {
      if (e instanceof DomainError) problems.push(e);
      else throw e;
      return null;
    }
  };
  let unitPriceMinor = current?.unitPriceMinor ?? null;
  if (fields.price !== undefined) unitPriceMinor = amount(fields.price, currency || 'CNY', 'price');
  else if (!current) problems.push(invalid('product_price_missing', 'price'));
  let taxRateBp = current?.taxRateBp ?? null;
  if (fields.taxRatePercent !== undefined) {
    const p = fields.taxRatePercent;
    taxRateBp = p === null ? null : Math.round(p * 100);
    if (p !== null && (!(p >= 0 && p <= 100) || Math.abs(p * 100 - Math.round(p * 100)) > 1e-9))
      problems.push(invalid('product_tax_rate', 'taxRatePercent', { value: String(p) }));
  }
  const prices: { list: string; currency: string; minor: number }[] = [];
  for (const [list, price] of Object.entries(fields.prices ?? {})) {
    const field = `prices.${list}`;
    const cur = isReservedName(list) ? null : listCurrency(list);
    if (!cur) {
      problems.push(invalid('product_price_list', field, { list: list.slice(0, 64) }));
      continue;
    }
    const minor = amount(price, cur, field);
    if (minor !== null) prices.push({ list, currency: cur, minor });
  }
  const external = mergeExternalIds(current?.externalIds ?? {}, fields.externalIds ?? {}, 'product');
  problems.push(...external.problems);
  const [first, ...rest] = problems;
  if (first) throw new DomainError(first.kind, first.code, first.vars, first.field, rest);
  const text = (k: 'nameZh' | 'nameEn' | 'unit') =>
    fields[k] === undefined ? (current?.[k] ?? null) : clean(fields[k]);
  return {
    columns: {
      sku,
      name: name as string,
      nameZh: text('nameZh'),
      nameEn: text('nameEn'),
      unit: text('unit'),
      currency,
      unitPriceMinor: unitPriceMinor ?? 0,
      taxRateBp,
      active: fields.active ?? current?.active ?? true,
      externalIds: external.ids,
    },
    prices,
  };
}
