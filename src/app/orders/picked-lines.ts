// Owns reading an order form's lines: the typed lines text plus the picker rows (a product found by search and its
// quantity), as line requests, with the form field each line came from so an error lands on the right input.
import { invalid } from '../../domain/errors.ts';
import {
  pickProductField,
  pickQuantityField,
  pickRows,
} from '../../messages/catalogue/orders/product-picks.ts';
import type { LineRequest } from './create-order.ts';
import { parseLines } from './order-line-text.ts';

export interface FormLines {
  lines: LineRequest[];
  // Per line, in order: the input it came from ('lines', or a picker row's product / quantity field).
  sources: { product: string; quantity: string }[];
}

// "2", "2@99.50", "2 -10%": the quantity input of a picker row reads like the rest of a typed line after "SKU*".
function pickedLine(sku: string, quantity: string, currency: string, field: string): LineRequest {
  if (/[,，\n]/.test(quantity)) throw invalid('order_bad_line', field, { value: quantity });
  const [line] = parseLines(`picked*${quantity}`, currency, field);
  if (!line) throw invalid('order_bad_line', field, { value: quantity });
  const { sku: _placeholder, ...rest } = line;
  return { ...rest, sku };
}

// The filled picker rows, in order; a row with only one of its two inputs is refused on the empty one.
function pickedRows(values: Record<string, string>) {
  const rows: { sku: string; qty: string; product: string; quantity: string }[] = [];
  for (let row = 1; row <= pickRows; row++) {
    const product = pickProductField(row);
    const quantity = pickQuantityField(row);
    const sku = values[product]?.trim() ?? '';
    const qty = values[quantity]?.trim() ?? '';
    if (sku === '' && qty === '') continue;
    if (qty === '') throw invalid('order_pick_quantity', quantity, { sku });
    if (sku === '') throw invalid('order_pick_product', product, { quantity: qty });
    rows.push({ sku, qty, product, quantity });
  }
  return rows;
}

// The picker rows as typed lines ("A100*2 -5%"), for the Slack "/order new" modal that runs the typed command.
export function pickedLineSpecs(values: Record<string, string>): string[] {
  return pickedRows(values).map((r) => `${r.sku}*${r.qty}`);
}

export function formLines(values: Record<string, string>, currency: string): FormLines {
  const typed = parseLines(values.lines?.trim() ?? '', currency, 'lines');
  const out: FormLines = {
    lines: typed,
    sources: typed.map(() => ({ product: 'lines', quantity: 'lines' })),
  };
  for (const { sku, qty, product, quantity } of pickedRows(values)) {
    out.lines.push(pickedLine(sku, qty, currency, quantity));
    out.sources.push({ product, quantity });
  }
  if (out.lines.length === 0) throw invalid('order_no_lines', 'lines');
  return out;
}

// A use case's "lines.<i>.<field>" → the form input the line came from: the product input for an unknown SKU, the
// quantity input (where a price or discount is typed) for the rest.
export function formFieldOfLine(field: string, sources: FormLines['sources']): string | undefined {
  const m = /^lines\.(\d+)\.(\w+)$/.exec(field);
  const source = m ? sources[Number(m[1])] : undefined;
  if (!m || !source) return undefined;
  return m[2] === 'sku' ? source.product : source.quantity;
}
