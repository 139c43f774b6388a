// Owns the columns of a product import sheet and turning one row into the fields the product use case takes. Pure.
import { invalid } from '../errors.ts';
import type { SheetRow } from '../imports/csv-records.ts';
import { type ColumnSpec, cellsOf, type SheetColumn } from '../imports/sheet-columns.ts';
import { own } from '../own.ts';
import type { ProductFields } from './product-fields.ts';

export type ProductColumn =
  | 'sku'
  | 'name'
  | 'name_zh'
  | 'name_en'
  | 'unit'
  | 'currency'
  | 'price'
  | 'tax_rate'
  | 'active'
  | 'list_price';

export const productSheet: ColumnSpec<ProductColumn> = {
  columns: [
    { field: 'sku', names: ['sku', '物料编码', '产品编码', '编码'] },
    { field: 'name', names: ['name', '产品名称', '名称'] },
    { field: 'name_zh', names: ['name_zh', '中文名称', '中文名'] },
    { field: 'name_en', names: ['name_en', '英文名称', '英文名'] },
    { field: 'unit', names: ['unit', '单位'] },
    { field: 'currency', names: ['currency', '币种'] },
    { field: 'price', names: ['price', '目录价', '单价', 'list_price'] },
    { field: 'tax_rate', names: ['tax_rate', '税率', 'tax_rate_percent'] },
    { field: 'active', names: ['active', '启用', '在售'] },
  ],
  required: ['sku'],
  keyed: { prefixes: ['price', '价格', '价目表'], field: 'list_price', example: 'price:<price list>' },
};

const yes = new Set(['true', 'yes', 'y', '1', '是', '启用', '在售']);
const no = new Set(['false', 'no', 'n', '0', '否', '停用', '停售']);

// One row's fields; without a `name` column the Chinese (else English) name is the product's name.
export function productRowInput(
  columns: readonly SheetColumn<ProductColumn>[],
  row: SheetRow,
): ProductFields {
  const fields: {
    -readonly [K in keyof ProductFields]: ProductFields[K];
  } = {};
  const prices: Record<string, string> = Object.create(null);
  for (const { field, value, key } of cellsOf(columns, row)) {
    if (field === 'sku') fields.sku = value;
    else if (field === 'name') fields.name = value;
    else if (field === 'name_zh') fields.nameZh = value;
    else if (field === 'name_en') fields.nameEn = value;
    else if (field === 'unit') fields.unit = value;
    else if (field === 'currency') fields.currency = value;
    else if (field === 'price') fields.price = value;
    else if (field === 'tax_rate') fields.taxRatePercent = taxRate(value);
    else if (field === 'active') {
      const word = value.toLowerCase();
      if (yes.has(word)) fields.active = true;
      else if (no.has(word)) fields.active = false;
      else throw invalid('sheet_cell_yes_no', 'active', { value: value.slice(0, 40) });
    } else if (field === 'list_price' && key) prices[key] = value;
  }
  if (fields.name === undefined && (fields.nameZh || fields.nameEn))
    fields.name = fields.nameZh ?? fields.nameEn ?? undefined;
  if (Object.keys(prices).length > 0) fields.prices = prices;
  return fields;
}

// "13", "13%", "13 %" → 13; anything else is refused with the rate as written.
function taxRate(value: string): number {
  const m = /^(\d{1,3}(?:\.\d+)?)\s*%?$/.exec(value);
  if (!m?.[1]) throw invalid('product_tax_rate', 'taxRatePercent', { value: value.slice(0, 40) });
  return Number(m[1]);
}

const columnOfField: Record<string, ProductColumn> = {
  sku: 'sku',
  name: 'name',
  nameZh: 'name_zh',
  nameEn: 'name_en',
  unit: 'unit',
  currency: 'currency',
  price: 'price',
  taxRatePercent: 'tax_rate',
  active: 'active',
};

// The column a product error is about: `prices.<list>` is that list's price column.
export function productErrorColumn(
  field: string | undefined,
): { column: ProductColumn; key?: string } | null {
  if (field === undefined) return null;
  if (field.startsWith('prices.')) return { column: 'list_price', key: field.slice('prices.'.length) };
  const column = own(columnOfField, field);
  return column ? { column } : null;
}
