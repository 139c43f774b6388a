-- Products are found by SKU whatever its case (order lines, product edits and imports compare lower(sku)); the
-- unique index on sku cannot answer that, so each look-up read the whole catalogue.
CREATE INDEX IF NOT EXISTS "products_sku_lower_idx" ON "products" (lower("sku"));
