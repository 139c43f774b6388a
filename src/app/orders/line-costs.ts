// Owns what an order's products cost in the order's currency: a cost kept in another currency is converted at the rate
// of the order's date, and a missing rate is named (pair and date) instead of a cost in the wrong currency.
import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { products } from '../../db/schema.ts';
import { convertOn } from '../../domain/fx/convert.ts';
import { localDate } from '../../domain/time.ts';
import { ratesInto } from '../fx/read-rates.ts';
import type { ProductRow } from '../products/save-product.ts';
import type { LoadedOrder } from './load-order.ts';

export interface MissingRate {
  from: string;
  to: string;
  on: string;
}

export interface LineCosts {
  products: Map<string, ProductRow>;
  // Per product id: one unit's cost in the order's currency; null when the product has none or no rate converts it.
  unitCost: Map<string, number | null>;
  noRate: MissingRate[];
}

export async function lineCosts(db: Executor, timezone: string, loaded: LoadedOrder): Promise<LineCosts> {
  const { order, lines } = loaded;
  const ids = [...new Set(lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const rows = ids.length === 0 ? [] : await db.select().from(products).where(inArray(products.id, ids));
  const byId = new Map(rows.map((p) => [p.id, p]));
  // The order's date, not today's: the margin an approver reads does not drift with the market while it waits.
  const on = localDate(order.createdAt, timezone);
  const foreign = rows.filter((p) => p.unitCostMinor !== null && p.currency !== order.currency);
  const known =
    foreign.length === 0
      ? []
      : await ratesInto(
          db,
          foreign.map((p) => p.currency),
          order.currency,
          on,
        );
  const unitCost = new Map<string, number | null>();
  const noRate = new Map<string, MissingRate>();
  for (const p of rows) {
    if (p.unitCostMinor === null) {
      unitCost.set(p.id, null);
      continue;
    }
    const c = convertOn(known, p.unitCostMinor, p.currency, order.currency, on);
    if (!c.ok) noRate.set(p.currency, { from: c.from, to: c.to, on: c.on });
    unitCost.set(p.id, c.ok ? c.minor : null);
  }
  return { products: byId, unitCost, noRate: [...noRate.values()] };
}

// A line's unit cost: unknown for a line without a product (a service typed in).
export const costOfLine = (costs: LineCosts, productId: string | null): number | null =>
  productId ? (costs.unitCost.get(productId) ?? null) : null;
