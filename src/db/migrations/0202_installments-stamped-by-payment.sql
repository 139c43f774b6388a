-- The statement import pays thousands of installments in one UPDATE, and the sync stamp ran as a PL/pgSQL call per
-- row. An UPDATE that stamps the row itself (sync_txid = pg_current_xact_id(), a new updated_at) now skips the call:
-- the trigger would have written the same values. Every other update, and every insert, is stamped as before.
DROP TRIGGER "installments_sync_stamp" ON "installments";
--> statement-breakpoint
CREATE TRIGGER "installments_sync_stamp" BEFORE INSERT ON "installments" FOR EACH ROW EXECUTE FUNCTION closeloop_sync_stamp();
--> statement-breakpoint
CREATE TRIGGER "installments_sync_stamp_update" BEFORE UPDATE ON "installments" FOR EACH ROW
  WHEN (NEW.sync_txid IS DISTINCT FROM pg_current_xact_id() OR NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at)
  EXECUTE FUNCTION closeloop_sync_stamp();
