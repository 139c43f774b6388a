// Owns the SQL that finds products by SKU as people type it: case does not matter (the lower(sku) index, 0198).
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { products } from './schema.ts';

const skuKey = sql`lower(${products.sku})`;

// The product with this SKU, any case; locked FOR UPDATE when asked.
export async function productBySku(
  db: Executor,
  sku: string,
  lock = false,
): Promise<typeof products.$inferSelect | null> {
  const q = db.select().from(products).where(sql`${skuKey} = ${sku.trim().toLowerCase()}`);
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

// The active products with any of these SKUs (given lower-cased), in one read.
export async function activeProductsBySkus(
  db: Executor,
  lowerSkus: readonly string[],
): Promise<(typeof products.$inferSelect)[]> {
  if (lowerSkus.length === 0) return [];
  return db
    .select()
    .from(products)
    .where(and(sql`${skuKey} = any(${sql.param([...lowerSkus])}::text[])`, eq(products.active, true)));
}
