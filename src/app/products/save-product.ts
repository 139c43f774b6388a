// Use case: add a product to the catalogue or change one (by SKU): names, unit, list price, tax rate, active flag
// and its price on each price list. Sending what the catalogue already has changes nothing.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { productPrices, products } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { own } from '../../domain/own.ts';
import {
  applyProductFields,
  type ProductColumns,
  type ProductFields,
} from '../../domain/products/product-fields.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';

export type ProductRow = typeof products.$inferSelect;
export type PriceRow = typeof productPrices.$inferSelect;

export interface ProductOutcome {
  product: ProductRow;
  prices: PriceRow[];
  outcome: 'created' | 'updated' | 'unchanged';
}

export async function loadProduct(db: Executor, sku: string, lock = false): Promise<ProductRow | null> {
  const q = db.select().from(products).where(sql`lower(${products.sku}) = ${sku.trim().toLowerCase()}`);
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

export async function pricesOf(db: Executor, productId: string): Promise<PriceRow[]> {
  return db
    .select()
    .from(productPrices)
    .where(eq(productPrices.productId, productId))
    .orderBy(productPrices.priceList);
}

// `sku` names the product to change (PATCH); without it the fields' SKU is created or brought up to date (POST).
export async function saveProduct(
  deps: AppDeps,
  actor: Actor,
  fields: ProductFields,
  sku?: string,
): Promise<ProductOutcome> {
  demand(deps, actor, 'product.edit', {}, 'product_edit_forbidden');
  return inTransaction(deps, actor, async (uow) => {
    const { tx } = uow;
    const current = await loadProduct(tx, sku ?? fields.sku ?? '', true);
    if (sku !== undefined && !current) throw notFound('product_not_found', { sku: sku.slice(0, 80) });
    const dbLists = new Map(
      (
        await tx
          .selectDistinct({ list: productPrices.priceList, currency: productPrices.currency })
          .from(productPrices)
      ).map((r) => [r.list, r.currency]),
    );
    const { columns, prices } = applyProductFields(
      current ? columnsOf(current) : null,
      { ...fields, ...(current && fields.sku === undefined ? { sku: current.sku } : {}) },
      (list) => own(deps.policy.orders.priceLists, list)?.currency ?? dbLists.get(list) ?? null,
    );
    const before = current ? { ...columnsOf(current), prices: await pricesOf(tx, current.id) } : null;
    const [row] = current
      ? await tx.update(products).set(columns).where(eq(products.id, current.id)).returning()
      : await tx.insert(products).values(columns).returning();
    if (!row) throw new Error('product write returned no row');
    for (const p of prices)
      await tx
        .insert(productPrices)
        .values({ productId: row.id, priceList: p.list, currency: p.currency, unitPriceMinor: p.minor })
        .onConflictDoUpdate({
          target: [productPrices.productId, productPrices.priceList],
          set: { currency: p.currency, unitPriceMinor: p.minor },
        });
    const after = { ...columnsOf(row), prices: await pricesOf(tx, row.id) };
    const same = before !== null && JSON.stringify(before) === JSON.stringify(after);
    if (!same)
      await uow.audit({
        action: current ? 'product.edit' : 'product.create',
        entityType: 'product',
        entityId: row.id,
        before,
        after,
      });
    return {
      product: row,
      prices: after.prices,
      outcome: !current ? 'created' : same ? 'unchanged' : 'updated',
    };
  });
}

function columnsOf(p: ProductRow): ProductColumns {
  return {
    sku: p.sku,
    name: p.name,
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    unit: p.unit,
    currency: p.currency,
    unitPriceMinor: p.unitPriceMinor,
    taxRateBp: p.taxRateBp,
    active: p.active,
  };
}
