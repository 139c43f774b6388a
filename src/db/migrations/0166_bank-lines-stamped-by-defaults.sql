-- A new bank line's sync stamp is what its column defaults already give (sync_txid = pg_current_xact_id(), updated_at =
-- now(), and no writer names either column), so the row trigger runs on updates only: a 100,000-line statement no longer
-- calls it 100,000 times while inserting.
DROP TRIGGER "bank_transactions_sync_stamp" ON "bank_transactions";
--> statement-breakpoint
CREATE TRIGGER "bank_transactions_sync_stamp" BEFORE UPDATE ON "bank_transactions" FOR EACH ROW EXECUTE FUNCTION closeloop_sync_stamp();
