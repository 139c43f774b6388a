-- Products an ERP is the master of (issue 14): the ids it knows them by, so POST /api/products can bring a product up
-- to date by its ERP id even after its SKU changed. One product per ERP id.
ALTER TABLE "products" ADD COLUMN IF NOT EXISTS "external_ids" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "products_external_erp_uq" ON "products" (("external_ids"->>'erp')) WHERE "external_ids" ? 'erp';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "products_external_ids_idx" ON "products" USING gin ("external_ids");
