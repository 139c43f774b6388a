-- Leads and orders have always had their updated_at written by the use cases with the app's clock; the sync trigger
-- filling it with the database's now() on updates that leave it alone mixed two clocks ("my orders" sorted a quietly
-- touched order above one rejected later). For those two tables the trigger now stamps the transaction id only.
CREATE OR REPLACE FUNCTION closeloop_sync_stamp() RETURNS trigger AS $$
BEGIN
  NEW.sync_txid := pg_current_xact_id();
  IF TG_NARGS > 0 AND TG_ARGV[0] = 'app-clock' THEN
    RETURN NEW;
  END IF;
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
DROP TRIGGER "leads_sync_stamp" ON "leads";
--> statement-breakpoint
CREATE TRIGGER "leads_sync_stamp" BEFORE INSERT OR UPDATE ON "leads" FOR EACH ROW EXECUTE FUNCTION closeloop_sync_stamp('app-clock');
--> statement-breakpoint
DROP TRIGGER "orders_sync_stamp" ON "orders";
--> statement-breakpoint
CREATE TRIGGER "orders_sync_stamp" BEFORE INSERT OR UPDATE ON "orders" FOR EACH ROW EXECUTE FUNCTION closeloop_sync_stamp('app-clock');
