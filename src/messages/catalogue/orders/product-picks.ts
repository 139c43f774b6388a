// Catalogue (orders): the pickers of the order forms — a few rows of "product (found by search) + quantity" beside
// the typed lines, the customer search of forms that cannot search as one types, how a found product reads in a
// picker, and the errors of a half-filled row.
import { formatMoney } from '../../../domain/money.ts';
import { type Texts, translator } from '../../i18n.ts';
import type { FormField, Locale } from '../../model.ts';

// A product as a picker offers it; `price` is on the order's price list when the form knows it.
export interface ProductPick {
  sku: string;
  name: string;
  nameZh: string | null;
  nameEn: string | null;
  unit: string | null;
  price: { minor: number; currency: string };
}

// How many picker rows the order forms carry; more lines go in the typed lines input.
export const pickRows = 3;
export const pickProductField = (row: number) => `product_${row}`;
export const pickQuantityField = (row: number) => `qty_${row}`;
// Lark's two-step search: the query input and its Find button (Lark cards cannot search as one types).
export const pickFindField = 'product_find';
// Where a form without search-as-you-type (Lark) takes the text to find the order's customer by.
export const pickCustomerFindField = 'customer_find';

const texts: Texts<
  | 'product'
  | 'productHint'
  | 'quantity'
  | 'quantityHint'
  | 'find'
  | 'findHint'
  | 'findButton'
  | 'found'
  | 'foundNone'
  | 'findCustomer'
  | 'findCustomerHint'
  | 'foundCustomers'
  | 'foundNoCustomer'
> = {
  en: {
    product: 'Product {row}',
    productHint: 'Type part of the SKU or the name',
    quantity: 'Quantity {row}',
    quantityHint: '2, or 2@99.50 -10% for another price or a discount',
    find: 'Find products',
    findHint: 'Part of a SKU or name, then Find: the product lists show what matches',
    findButton: 'Find',
    found: '{count} products match "{text}": pick them in the product lists.',
    foundNone: 'No active product matches "{text}". Try part of the SKU or the name.',
    findCustomer: 'Find the customer',
    findCustomerHint: 'Part of the name, a contact or a tax ID, then Find',
    foundCustomers: '{count} customers match "{text}": pick one in the list.',
    foundNoCustomer: 'No customer matches "{text}". A lead number (L-000042) can be typed instead.',
  },
  'zh-CN': {
    product: '产品 {row}',
    productHint: '输入部分 SKU 或名称',
    quantity: '数量 {row}',
    quantityHint: '2，或 2@99.50 -10% 表示改价或折扣',
    find: '查找产品',
    findHint: '输入部分 SKU 或名称后点「查找」：产品下拉列表即显示匹配项',
    findButton: '查找',
    found: '有 {count} 个产品匹配「{text}」：请在产品下拉列表中选择。',
    foundNone: '没有在售产品匹配「{text}」。可输入部分 SKU 或名称。',
    findCustomer: '查找客户',
    findCustomerHint: '输入部分名称、联系人或税号后点「查找」',
    foundCustomers: '有 {count} 个客户匹配「{text}」：请在列表中选择。',
    foundNoCustomer: '没有客户匹配「{text}」。也可直接输入线索编号（L-000042）。',
  },
};

export function pickTexts(locale: Locale) {
  return translator(texts, locale);
}

// "A100 — 工业相机 (¥1,200.00, pcs)": the name in the reader's language, the price on the order's list.
export function productPickLabel(p: ProductPick, locale: Locale): string {
  const name = (locale === 'en' ? p.nameEn : p.nameZh) ?? p.name;
  const price = formatMoney(p.price.minor, p.price.currency, locale);
  return `${p.sku} — ${name} (${p.unit ? `${price}, ${p.unit}` : price})`;
}

// The picker rows: each a product (value = SKU, offered as one types) and its quantity. `offered` are what a
// platform without search-as-you-type lists at first (Lark): the recently ordered ones.
export function productPickFields(offered: readonly ProductPick[], locale: Locale): FormField[] {
  const t = pickTexts(locale);
  const options = offered.map((p) => ({ value: p.sku, label: productPickLabel(p, locale) }));
  return Array.from({ length: pickRows }, (_, i) => i + 1).flatMap((row): FormField[] => [
    {
      name: pickProductField(row),
      label: t('product', { row }),
      kind: 'text',
      suggest: 'products',
      options,
      hint: t('productHint'),
    },
    { name: pickQuantityField(row), label: t('quantity', { row }), kind: 'text', hint: t('quantityHint') },
  ]);
}

export const productPickErrors: Record<Locale, Record<string, string>> = {
  en: {
    order_pick_quantity: 'Give the quantity of {sku} (e.g. 2), or clear the product.',
    order_pick_product: 'Pick the product for quantity {quantity}, or clear the quantity.',
  },
  'zh-CN': {
    order_pick_quantity: '请填写 {sku} 的数量（例如 2），或清除该产品。',
    order_pick_product: '请为数量 {quantity} 选择产品，或清除该数量。',
  },
};
