// Owns order line arithmetic: quantity × unit price less a discount in basis points, in integer minor units.

export interface LineInput {
  quantity: number;
  unitPriceMinor: number;
  // 1 bp = 0.01 %; 1250 = 12.5 %.
  discountBp: number;
}

export type LineError = 'quantity' | 'unitPrice' | 'discount' | 'overflow';

export type LineResult = { ok: true; amountMinor: number } | { ok: false; error: LineError };

// The most of one item a line may order: an order line's quantity is a 32-bit column, and no real order comes near.
export const maxQuantity = 1_000_000_000;

// The discount is rounded half up to the minor unit; BigInt keeps gross × bp exact even for huge orders.
export function lineAmount(line: LineInput): LineResult {
  if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0 || line.quantity > maxQuantity)
    return { ok: false, error: 'quantity' };
  if (!Number.isSafeInteger(line.unitPriceMinor) || line.unitPriceMinor < 0)
    return { ok: false, error: 'unitPrice' };
  if (!Number.isInteger(line.discountBp) || line.discountBp < 0 || line.discountBp > 10_000)
    return { ok: false, error: 'discount' };
  const gross = BigInt(line.quantity) * BigInt(line.unitPriceMinor);
  const discount = (gross * BigInt(line.discountBp) + 5_000n) / 10_000n;
  const net = gross - discount;
  if (net > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: 'overflow' };
  return { ok: true, amountMinor: Number(net) };
}

export function orderTotal(amountsMinor: readonly number[]): number {
  return amountsMinor.reduce((sum, n) => sum + n, 0);
}

// The largest line discount in percent, the figure the approval policy's discountOver compares against.
export function maxDiscountPercent(lines: readonly { discountBp: number }[]): number {
  return lines.reduce((max, l) => Math.max(max, l.discountBp), 0) / 100;
}

// "12.5" (percent) → 1250 bp without a float rounding surprise; null when not 0–100 with at most 2 decimals.
export function percentToBp(percent: number): number | null {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) return null;
  const bp = Math.round(percent * 100);
  return Math.abs(bp - percent * 100) < 1e-6 ? bp : null;
}

// Gross margin in percent of the net total; null when any line's unit cost is unknown or the total is 0.
export function marginPercent(
  lines: readonly { quantity: number; amountMinor: number; unitCostMinor: number | null }[],
): number | null {
  const total = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  if (total <= 0 || lines.some((l) => l.unitCostMinor === null)) return null;
  const cost = lines.reduce((sum, l) => sum + l.quantity * (l.unitCostMinor ?? 0), 0);
  return ((total - cost) / total) * 100;
}

// Tax on a line's net amount, rounded half up to the minor unit; each line is rounded on its own so the order's tax is
// the sum of what its lines show.
export function lineTax(amountMinor: number, taxRateBp: number): number {
  return Number((BigInt(amountMinor) * BigInt(taxRateBp) + 5_000n) / 10_000n);
}
