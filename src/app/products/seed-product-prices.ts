// Use case: at start, copy closeloop.yaml's price lists into the catalogue once (while product_prices is empty); from
// then on the database is the live catalogue, edited through the API. SKUs the catalogue lacks are skipped.
import { sql } from 'drizzle-orm';
import { productPrices, products } from '../../db/schema.ts';
import { parseAmount } from '../../domain/money.ts';
import type { AppDeps } from '../deps.ts';

export async function seedProductPrices(deps: AppDeps): Promise<{ seeded: number; skipped: string[] }> {
  return deps.db.transaction(async (tx) => {
    // Two instances starting together: one seeds, the other waits and finds the table filled.
    await tx.execute(sql`lock table ${productPrices} in share row exclusive mode`);
    const [any] = await tx.select({ one: sql<number>`1` }).from(productPrices).limit(1);
    if (any) return { seeded: 0, skipped: [] };
    const catalogue = await tx.select({ id: products.id, sku: products.sku }).from(products);
    const bySku = new Map(catalogue.map((p) => [p.sku.toLowerCase(), p.id]));
    const rows: (typeof productPrices.$inferInsert)[] = [];
    const skipped: string[] = [];
    for (const [list, def] of Object.entries(deps.policy.orders.priceLists))
      for (const [sku, price] of Object.entries(def.prices)) {
        const productId = bySku.get(sku.toLowerCase());
        const minor = parseAmount(String(price), def.currency);
        if (!productId || minor === null) skipped.push(`${list}.${sku}`);
        else rows.push({ productId, priceList: list, currency: def.currency, unitPriceMinor: minor });
      }
    if (rows.length > 0) await tx.insert(productPrices).values(rows).onConflictDoNothing();
    return { seeded: rows.length, skipped };
  });
}
