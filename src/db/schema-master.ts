// Owns the master-data tables beside customers and products: each product's price per price list.
import { bigint, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { products } from './schema.ts';

// A product's unit price on a named price list (closeloop.yaml orders.priceLists names them); the live catalogue,
// seeded once from closeloop.yaml when empty.
export const productPrices = pgTable(
  'product_prices',
  {
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    priceList: text('price_list').notNull(),
    currency: text('currency').notNull(),
    unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ name: 'product_prices_pk', columns: [t.productId, t.priceList] })],
);
