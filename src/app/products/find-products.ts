// Use case: find products by SKU or any of their names (zh-CN, en), with their prices per list; ordered by SKU.
import { and, asc, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { productPrices, products } from '../../db/schema.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import type { PriceRow, ProductRow } from './save-product.ts';

export async function findProducts(
  deps: AppDeps,
  actor: Actor,
  query: { text?: string; includeInactive?: boolean; limit?: number; offset?: number },
): Promise<{ items: (ProductRow & { prices: PriceRow[] })[]; total: number }> {
  demand(deps, actor, 'product.read', {}, 'product_read_forbidden');
  const conditions: (SQL | undefined)[] = [];
  if (!query.includeInactive) conditions.push(eq(products.active, true));
  const text = query.text?.trim();
  if (text) {
    const p = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        ilike(products.sku, p),
        ilike(products.name, p),
        ilike(products.nameZh, p),
        ilike(products.nameEn, p),
      ),
    );
  }
  const where = and(...conditions);
  const rows = await deps.db
    .select()
    .from(products)
    .where(where)
    .orderBy(asc(products.sku))
    .limit(Math.min(Math.max(query.limit ?? 20, 1), 200))
    .offset(Math.max(query.offset ?? 0, 0));
  const [total] = await deps.db.select({ n: count() }).from(products).where(where);
  const prices =
    rows.length === 0
      ? []
      : await deps.db
          .select()
          .from(productPrices)
          .where(
            inArray(
              productPrices.productId,
              rows.map((r) => r.id),
            ),
          );
  return {
    items: rows.map((r) => ({
      ...r,
      prices: prices
        .filter((p) => p.productId === r.id)
        .sort((a, b) => a.priceList.localeCompare(b.priceList)),
    })),
    total: total?.n ?? 0,
  };
}
