-- Rendered cards at rest (README "Security → Personal data at rest"): the phones, e-mails, tax IDs and account numbers
-- inside an outbox row's card and a console message's card are sealed in place; card_kid names the key they are
-- sealed with ('' when the card holds none, null for rows written before this release: the reseal pass seals them).
-- A delivered outbox row's card is emptied after the retention window (purged_at).
ALTER TABLE "outbox" ADD COLUMN "card_kid" text;
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "purged_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "console_messages" ADD COLUMN "card_kid" text;
--> statement-breakpoint
CREATE INDEX "outbox_card_kid_idx" ON "outbox" USING btree ("card_kid") WHERE card_kid is distinct from '';
--> statement-breakpoint
CREATE INDEX "console_messages_card_kid_idx" ON "console_messages" USING btree ("card_kid") WHERE card_kid is distinct from '';
--> statement-breakpoint
CREATE INDEX "outbox_purge_idx" ON "outbox" USING btree ((coalesce(sent_at, created_at))) WHERE purged_at is null and status <> 'pending';
