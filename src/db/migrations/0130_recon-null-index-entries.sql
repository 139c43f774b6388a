-- Two unique indexes held an entry for every row although almost every row has NULL there (never a conflict):
-- an audit row has no seal_seq until the sealer chains it, and a bank line names a receipt only when it turned out
-- to be one. A statement import wrote both entries for each of its lines and each line's audit rows; partial, they
-- cost a write only where they can matter. Every seal_seq query (head, pages, archive, min/max) asks for non-NULL
-- values, which the partial index answers.
DROP INDEX "audit_seal_seq_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "audit_seal_seq_uq" ON "audit_log" ("seal_seq") WHERE "seal_seq" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "bank_transactions" DROP CONSTRAINT "bank_transactions_receipt_id_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "bank_transactions_receipt_id_unique" ON "bank_transactions" ("receipt_id") WHERE "receipt_id" IS NOT NULL;
