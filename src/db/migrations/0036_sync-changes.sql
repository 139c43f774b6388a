-- Sync APIs (GET /api/leads|customers|orders|installments|payments|products?updatedSince=&cursor=): every row carries
-- the id of the transaction that last wrote it (sync_txid, set by trigger) and an updated_at. Pages are keyset on
-- (sync_txid, id) and only show rows of transactions older than every transaction still running
-- (pg_snapshot_xmin), so a transaction that commits late can never land behind a cursor a client already holds.
CREATE OR REPLACE FUNCTION closeloop_sync_stamp() RETURNS trigger AS $$
BEGIN
  NEW.sync_txid := pg_current_xact_id();
  -- Tables whose use cases do not set updated_at themselves get the transaction's time.
  IF TG_OP = 'INSERT' THEN
    NEW.updated_at := coalesce(NEW.updated_at, now());
  ELSIF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
ALTER TABLE "installments" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
ALTER TABLE "bank_transactions" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "sync_txid" xid8 DEFAULT pg_current_xact_id() NOT NULL;
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "sync_txid" xid8 DEFAULT pg_current_xact_id() NOT NULL;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "sync_txid" xid8 DEFAULT pg_current_xact_id() NOT NULL;
--> statement-breakpoint
ALTER TABLE "installments" ADD COLUMN "sync_txid" xid8 DEFAULT pg_current_xact_id() NOT NULL;
--> statement-breakpoint
ALTER TABLE "bank_transactions" ADD COLUMN "sync_txid" xid8 DEFAULT pg_current_xact_id() NOT NULL;
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "sync_txid" xid8 DEFAULT pg_current_xact_id() NOT NULL;
--> statement-breakpoint
CREATE TRIGGER "leads_sync_stamp" BEFORE INSERT OR UPDATE ON "leads" FOR EACH ROW EXECUTE FUNCTION closeloop_sync_stamp();
--> statement-breakpoint
CREATE TRIGGER "customers_sync_stamp" BEFORE INSERT OR UPDATE ON "customers" FOR EACH ROW EXECUTE FUNCTION closeloop_sync_stamp();
--> statement-breakpoint
CREATE TRIGGER "orders_sync_stamp" BEFORE INSERT OR UPDATE ON "orders" FOR EACH ROW EXECUTE FUNCTION closeloop_sync_stamp();
--> statement-breakpoint
CREATE TRIGGER "installments_sync_stamp" BEFORE INSERT OR UPDATE ON "installments" FOR EACH ROW EXECUTE FUNCTION closeloop_sync_stamp();
--> statement-breakpoint
CREATE TRIGGER "bank_transactions_sync_stamp" BEFORE INSERT OR UPDATE ON "bank_transactions" FOR EACH ROW EXECUTE FUNCTION closeloop_sync_stamp();
--> statement-breakpoint
CREATE TRIGGER "products_sync_stamp" BEFORE INSERT OR UPDATE ON "products" FOR EACH ROW EXECUTE FUNCTION closeloop_sync_stamp();
--> statement-breakpoint
CREATE INDEX "leads_sync_idx" ON "leads" ("sync_txid", "id");
--> statement-breakpoint
CREATE INDEX "customers_sync_idx" ON "customers" ("sync_txid", "id");
--> statement-breakpoint
CREATE INDEX "orders_sync_idx" ON "orders" ("sync_txid", "id");
--> statement-breakpoint
CREATE INDEX "installments_sync_idx" ON "installments" ("sync_txid", "id");
--> statement-breakpoint
CREATE INDEX "bank_transactions_sync_idx" ON "bank_transactions" ("sync_txid", "id");
--> statement-breakpoint
CREATE INDEX "products_sync_idx" ON "products" ("sync_txid", "id");
