-- Paying installments is the hot write of reconciliation (a 100,000-line statement pays ~86,000 in one UPDATE), and no
-- such update could be HOT: paid_minor sat in installments_open_amount_idx and sync_txid (stamped on every write) in
-- installments_sync_idx, so each paid row was written anew with an entry in every index (12.9 s of that import).
-- The open-amount index served one reader, the statement's amount-only hint, which asks for thousands of amounts at
-- once and is answered as well by one hash join over the open installments. The sync read keeps a BRIN index
-- (summarizing: PostgreSQL 16+ keeps an update HOT when only such indexes change) over the transaction id as a number,
-- which prunes a poll for recent changes to the page ranges written since. Room on each page lets the new version of
-- a paid row stay beside the old one (new pages only: existing ones fill up as rows are rewritten).
DROP INDEX "installments_open_amount_idx";
--> statement-breakpoint
DROP INDEX "installments_sync_idx";
--> statement-breakpoint
CREATE INDEX "installments_sync_brin" ON "installments" USING brin (((sync_txid::text)::bigint));
--> statement-breakpoint
ALTER TABLE "installments" SET (fillfactor = 80);
