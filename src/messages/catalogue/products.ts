// Catalogue (products): the product find list and every product error, in zh-CN and en.
import type { LabelBook } from '../../domain/labels.ts';
import { formatMoney } from '../../domain/money.ts';
import { type Texts, translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import type { Card, Locale } from '../model.ts';
import { nameText } from './names.ts';

type Key = 'find_title' | 'find_none' | 'find_more' | 'tax';

const texts: Texts<Key> = {
  en: {
    find_title: 'Products matching "{text}"',
    find_none: 'No active product matches "{text}". Try part of the SKU or the name.',
    find_more: 'Showing {shown} of {total}; narrow the search to see the rest.',
    tax: 'tax {rate}%',
  },
  'zh-CN': {
    find_title: '匹配「{text}」的产品',
    find_none: '没有在售产品匹配「{text}」。可输入部分 SKU 或名称。',
    find_more: '显示 {total} 个中的 {shown} 个；请缩小搜索范围查看其余。',
    tax: '税率 {rate}%',
  },
};

export function productTexts(locale: Locale) {
  return translator(texts, locale);
}

export interface ProductListItem {
  sku: string;
  name: string;
  nameZh: string | null;
  nameEn: string | null;
  unit: string | null;
  currency: string;
  unitPriceMinor: number;
  taxRateBp: number | null;
  prices: readonly { priceList: string; currency: string; unitPriceMinor: number }[];
}

export function productListCard(
  text: string,
  items: readonly ProductListItem[],
  total: number,
  locale: Locale,
  // closeloop.yaml labels: price lists are shown as the reader's language has them.
  book?: LabelBook,
): Card {
  const t = productTexts(locale);
  const line = (p: ProductListItem) => {
    const name = (locale === 'en' ? p.nameEn : p.nameZh) ?? p.name;
    const lists = p.prices.map(
      (r) =>
        `${nameText('priceLists', r.priceList, locale, book)} ${formatMoney(r.unitPriceMinor, r.currency, locale)}`,
    );
    const tax = p.taxRateBp === null ? [] : [t('tax', { rate: p.taxRateBp / 100 })];
    return `- \`${p.sku}\` ${literal(name)} · ${formatMoney(p.unitPriceMinor, p.currency, locale)}${p.unit ? `/${literal(p.unit)}` : ''}${[...lists, ...tax].map((s) => ` · ${s}`).join('')}`;
  };
  return {
    title: t('find_title', { text }),
    body: items.map(line).join('\n'),
    fields: [],
    actions: [],
    ...(total > items.length ? { context: t('find_more', { shown: items.length, total }) } : {}),
    tone: 'info',
  };
}

export const productErrors: Record<Locale, Record<string, string>> = {
  en: {
    product_sku:
      'sku: "{sku}" is not a SKU; use 1–64 letters, digits, dots, dashes or underscores, e.g. CL-PRO.',
    product_sku_reserved: 'sku: "{sku}" is a reserved word; choose another SKU.',
    product_name: 'name: give the product a name.',
    product_price_missing: 'price: give the list price, e.g. "1200.00".',
    product_tax_rate:
      'taxRatePercent: "{value}" is not a rate between 0 and 100 with at most 2 decimals, e.g. 13.',
    product_price_list:
      '{list}: no such price list; name one of closeloop.yaml orders.priceLists or one the catalogue already has.',
    product_not_found: 'No product with SKU "{sku}". Find it with: product find <part of the name>',
    product_edit_forbidden: 'Only an admin may change the catalogue.',
    product_external_system:
      'externalIds.{system}: name the system in lower-case letters, digits, - or _ (e.g. erp).',
    product_external_id: 'externalIds.{system}: give the id as 1–128 characters.',
    product_external_taken: '{system}:{id} already belongs to product {existing}.',
    product_sku_taken: 'sku: another product already has SKU "{sku}".',
    product_read_forbidden: 'You may not see the catalogue.',
  },
  'zh-CN': {
    product_sku: 'SKU：「{sku}」不是有效 SKU；请用 1–64 个字母、数字、点、横线或下划线，如 CL-PRO。',
    product_sku_reserved: 'SKU：「{sku}」是保留字；请换一个 SKU。',
    product_name: '名称：请填写产品名称。',
    product_price_missing: '目录价：请填写目录价，如 "1200.00"。',
    product_tax_rate: '税率：「{value}」不是 0 到 100 之间、最多 2 位小数的税率，如 13。',
    product_price_list:
      '{list}：没有这个价目表；请使用 closeloop.yaml orders.priceLists 或目录中已有的价目表。',
    product_not_found: '没有 SKU 为「{sku}」的产品。查找：产品 查找 <部分名称>',
    product_edit_forbidden: '只有管理员可以修改产品目录。',
    product_external_system: '外部编号 {system}：系统名请用小写字母、数字、- 或 _（如 erp）。',
    product_external_id: '外部编号 {system}：编号为 1–128 个字符。',
    product_external_taken: '{system}:{id} 已属于产品 {existing}。',
    product_sku_taken: 'SKU：已有其他产品使用 SKU「{sku}」。',
    product_read_forbidden: '你无权查看产品目录。',
  },
};
