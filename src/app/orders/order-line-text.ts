// Owns the one-line text form of an order line ("A100*2@99.50 -10%"), read by the order commands and the edit form
// and written back when a form is prefilled.
import { invalid } from '../../domain/errors.ts';
import { decimalsOf, parseAmount } from '../../domain/money.ts';
import { percentToBp } from '../../domain/orders/order-lines.ts';
import type { LineRequest } from './create-order.ts';

export function amountOf(text: string, currency: string, field: string): number {
  const minor = parseAmount(text, currency);
  if (minor === null || minor < 0) throw invalid('order_bad_amount', field, { value: text });
  return minor;
}

export function quantityOf(text: string, field: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) <= 0)
    throw invalid('order_bad_quantity', field, { value: text });
  return Number(text);
}

// "20" or "20%" → 2000 bp.
export function discountOf(text: string, field = 'discount'): number {
  const bp = text.trim() === '' ? null : percentToBp(Number(text.trim().replace(/[%％]$/, '')));
  if (bp === null) throw invalid('order_bad_discount', field, { value: text });
  return bp;
}

// SKU or "quoted description", *quantity, optional @unit price, optional -discount%.
const linePattern =
  /^(?:"([^"]+)"|([^*@\s"]+))\s*\*\s*(\d+)(?:\s*@\s*([^\s-][^\s]*?))?(?:\s*-\s*([\d.]+\s*[%％]?))?$/;

// "A100*2@99.50 -10%, B200*1" (commas or line breaks between lines) → line requests; `field` names the input at fault.
export function parseLines(spec: string, currency: string, field = 'line'): LineRequest[] {
  return spec
    .split(/[,，\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const m = linePattern.exec(item);
      if (!m?.[3]) throw invalid('order_bad_line', field, { value: item });
      const [, description, sku, quantity, price, discount] = m;
      if (description && !price) throw invalid('order_bad_line', field, { value: item });
      return {
        ...(sku ? { sku } : { description }),
        quantity: quantityOf(quantity ?? '', field),
        ...(price ? { unitPriceMinor: amountOf(price, currency, field) } : {}),
        ...(discount ? { discountBp: discountOf(discount, field) } : {}),
      };
    });
}

function plainAmount(minor: number, currency: string): string {
  const digits = decimalsOf(currency);
  if (digits === 0) return String(minor);
  const whole = Math.floor(minor / 10 ** digits);
  return `${whole}.${String(minor % 10 ** digits).padStart(digits, '0')}`;
}

// The line as a person would type it back: the SKU when it has a product, else its quoted description.
export function lineSpecOf(
  line: {
    sku: string | null;
    description: string;
    quantity: number;
    unitPriceMinor: number;
    discountBp: number;
  },
  currency: string,
): string {
  const what = line.sku ?? `"${line.description.replace(/"/g, "'")}"`;
  const discount = line.discountBp > 0 ? ` -${line.discountBp / 100}%` : '';
  return `${what}*${line.quantity}@${plainAmount(line.unitPriceMinor, currency)}${discount}`;
}
