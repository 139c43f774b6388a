// Use case: import products from a sheet, each row through the same inner function as a single save (by SKU), so
// it is checked, permitted and audited exactly as that is; a row the catalogue already matches changes nothing.

import type { SheetRow } from '../../domain/imports/csv-records.ts';
import { cellOf } from '../../domain/imports/sheet-columns.ts';
import {
  type ProductColumn,
  productErrorColumn,
  productRowInput,
  productSheet,
} from '../../domain/products/product-import.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { importSheetRows, type SheetImportReport } from '../imports/import-sheet-rows.ts';
import { inTransaction } from '../unit-of-work.ts';
import { saveProductInTransaction } from './save-product.ts';

export async function importProducts(
  deps: AppDeps,
  actor: Actor,
  rows: AsyncIterable<SheetRow>,
): Promise<SheetImportReport> {
  return importSheetRows<ProductColumn>(rows, {
    spec: productSheet,
    keyOf: (columns, row) => cellOf(columns, row, 'sku'),
    save: async (columns, row) => {
      const fields = productRowInput(columns, row);
      return inTransaction(deps, actor, async (uow) => {
        // A new product without a currency column is priced in the org's currency.
        const saved = await saveProductInTransaction(uow, fields, undefined, deps.policy.org.currency);
        return { outcome: saved.outcome, key: saved.product.sku };
      });
    },
    columnOf: (error) => productErrorColumn(error.field),
  });
}
