-- The owner's living card of an order (issue 14): which owner has one and a fingerprint of what it last showed, so a
-- change that leaves the card as it was (a retried use case, a double click) queues no edit, and the first change
-- after an upgrade posts the card that older orders never got.
CREATE TABLE IF NOT EXISTS "order_owner_cards" (
	"order_id" uuid NOT NULL REFERENCES "orders"("id") ON DELETE CASCADE,
	"owner_id" uuid NOT NULL REFERENCES "users"("id"),
	"fingerprint" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	PRIMARY KEY ("order_id", "owner_id")
);
