-- Orders whose owner's living card waits to be shown again (issue 14): a bank statement pays hundreds of orders in one
-- transaction, so it only queues them here (one set-based insert, committed with the payments) and the
-- order-cards job edits each card in a transaction of its own. An order queued twice is edited once.
CREATE TABLE IF NOT EXISTS "order_card_refresh" (
	"order_id" uuid PRIMARY KEY NOT NULL REFERENCES "orders"("id") ON DELETE CASCADE,
	"queued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "order_card_refresh_queued_idx" ON "order_card_refresh" ("queued_at");
