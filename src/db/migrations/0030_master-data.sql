-- Customers and products become master data kept in closeloop: an external system's ids (the ERP's customer number),
-- a duplicate merged into the customer it was (kept as a row, pointing at the winner), payment terms; products get
-- names in both languages, a unit, and a price per price list and currency (seeded from closeloop.yaml when empty).
ALTER TABLE "customers" ADD COLUMN "external_ids" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "merged_into_id" uuid REFERENCES "customers"("id");--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "payment_terms" text;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_erp_uq" ON "customers" (("external_ids"->>'erp')) WHERE "external_ids" ? 'erp';--> statement-breakpoint
CREATE INDEX "customers_external_ids_idx" ON "customers" USING gin ("external_ids");--> statement-breakpoint
CREATE INDEX "customers_owner_idx" ON "customers" ("owner_id");--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "name_zh" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "name_en" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "unit" text;--> statement-breakpoint
CREATE TABLE "product_prices" (
  "product_id" uuid NOT NULL REFERENCES "products"("id"),
  "price_list" text NOT NULL,
  "currency" text NOT NULL,
  "unit_price_minor" bigint NOT NULL,
  CONSTRAINT "product_prices_pk" PRIMARY KEY ("product_id", "price_list")
);--> statement-breakpoint
CREATE INDEX "product_prices_list_idx" ON "product_prices" ("price_list");
