// Use case: add a product to the catalogue or change one (by its ERP id, else by SKU): names, unit, list price, tax
// rate, active flag, its price on each price list and its ERP ids. Sending what the catalogue already has changes
// nothing.
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { anyExternalIdIs } from '../../db/external-ids.ts';
import { productBySku } from '../../db/product-lookups.ts';
import { productPrices, products } from '../../db/schema.ts';
import { conflict, notFound } from '../../domain/errors.ts';
import { mergeExternalIds } from '../../domain/external-ids.ts';
import { own } from '../../domain/own.ts';
import {
  applyProductFields,
  type ProductColumns,
  type ProductFields,
} from '../../domain/products/product-fields.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';

export type ProductRow = typeof products.$inferSelect;
export type PriceRow = typeof productPrices.$inferSelect;

export interface ProductOutcome {
  product: ProductRow;
  prices: PriceRow[];
  outcome: 'created' | 'updated' | 'unchanged';
}

export async function loadProduct(db: Executor, sku: string, lock = false): Promise<ProductRow | null> {
  return productBySku(db, sku, lock);
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
  return inTransaction(deps, actor, (uow) => saveProductInTransaction(uow, fields, sku));
}

// The same, inside a caller's transaction (an import row). `defaultCurrency` is a new product's currency when the
// fields name none. A product already as the fields say is not written at all: no audit, no sync change.
export async function saveProductInTransaction(
  uow: UnitOfWork,
  fields: ProductFields,
  sku?: string,
  defaultCurrency?: string,
): Promise<ProductOutcome> {
  const { tx, deps } = uow;
  demand(deps, uow.actor, 'product.edit', {}, 'product_edit_forbidden');
  // An ERP that masters the product finds it by its own id first, so it may also change the SKU. The ids are read as
  // they are stored (spaces folded); ids that break a rule are not looked up: applyProductFields refuses them below.
  const given = mergeExternalIds({}, fields.externalIds ?? {}, 'product');
  const byExternal =
    sku === undefined && given.problems.length === 0
      ? (holderOf(await productsByExternalIds(tx, given.ids), given.ids)?.row ?? null)
      : null;
  const current = byExternal ?? (await loadProduct(tx, sku ?? fields.sku ?? '', true));
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
    {
      ...(!current && fields.currency === undefined && defaultCurrency ? { currency: defaultCurrency } : {}),
      ...fields,
      ...(current && fields.sku === undefined ? { sku: current.sku } : {}),
    },
    (list) => own(deps.policy.orders.priceLists, list)?.currency ?? dbLists.get(list) ?? null,
  );
  const before = current ? { ...columnsOf(current), prices: await pricesOf(tx, current.id) } : null;
  if (current && before && sameProduct(before, columns, prices))
    return { product: current, prices: before.prices, outcome: 'unchanged' };
  await assertProductKeysFree(tx, current?.id ?? null, columns);
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
  await uow.audit({
    action: current ? 'product.edit' : 'product.create',
    entityType: 'product',
    entityId: row.id,
    before,
    after,
  });
  return { product: row, prices: after.prices, outcome: current ? 'updated' : 'created' };
}

// The stored product already has these columns and each given list price (lists not given stay as they are).
function sameProduct(
  before: ProductColumns & { prices: PriceRow[] },
  columns: ProductColumns,
  prices: readonly { list: string; currency: string; minor: number }[],
): boolean {
  const { prices: stored, ...storedColumns } = before;
  if (JSON.stringify(storedColumns) !== JSON.stringify(columns)) return false;
  const byList = new Map(stored.map((p) => [p.priceList, p]));
  return prices.every((p) => {
    const s = byList.get(p.list);
    return s !== undefined && s.currency === p.currency && s.unitPriceMinor === p.minor;
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
    externalIds: p.externalIds,
  };
}

// The products an ERP knows by any of these ids, locked, in one read.
async function productsByExternalIds(
  db: Executor,
  ids: Readonly<Record<string, string>>,
): Promise<ProductRow[]> {
  const where = anyExternalIdIs(products.externalIds, ids);
  if (!where) return [];
  return db.select().from(products).where(where).for('update');
}

// The first of the ids (in the order given) that one of the rows answers to, with that row.
function holderOf(
  rows: readonly ProductRow[],
  ids: Readonly<Record<string, string>>,
): { system: string; id: string; row: ProductRow } | null {
  for (const [system, id] of Object.entries(ids)) {
    const row = rows.find((r) => own(r.externalIds, system) === id);
    if (row) return { system, id, row };
  }
  return null;
}

// Another product already answering to one of these ids or to this SKU would make the ERP's record ambiguous.
async function assertProductKeysFree(
  db: Executor,
  selfId: string | null,
  columns: ProductColumns,
): Promise<void> {
  const others = (await productsByExternalIds(db, columns.externalIds)).filter((r) => r.id !== selfId);
  const taken = holderOf(others, columns.externalIds);
  if (taken)
    throw conflict('product_external_taken', { system: taken.system, id: taken.id, existing: taken.row.sku });
  const sameSku = await loadProduct(db, columns.sku);
  if (sameSku && sameSku.id !== selfId) throw conflict('product_sku_taken', { sku: columns.sku });
}
