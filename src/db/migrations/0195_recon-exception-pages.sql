-- A statement raising more exceptions than reconcile.exceptionCardsPerFile gets one summary card instead of a card
-- each. Its exceptions remember that file while their own card waits behind the summary; a page of them is posted on
-- demand and forgets it. The partial index holds only the waiting ones (most exceptions never wait).
ALTER TABLE "recon_exceptions" ADD COLUMN "card_waits_on_import_id" uuid REFERENCES "statement_imports"("id");
--> statement-breakpoint
CREATE INDEX "recon_exceptions_card_waits_idx" ON "recon_exceptions" ("card_waits_on_import_id")
  WHERE "card_waits_on_import_id" IS NOT NULL;
--> statement-breakpoint
-- One row per page of cards posted from a summary: a second click on the same "next" button finds its page taken.
CREATE TABLE "statement_card_pages" (
  "import_id" uuid NOT NULL REFERENCES "statement_imports"("id"),
  "page" integer NOT NULL,
  "cards" integer NOT NULL,
  "posted_by" text NOT NULL,
  "posted_at" timestamp with time zone NOT NULL,
  PRIMARY KEY ("import_id", "page")
);
--> statement-breakpoint
-- What a summarised file came to (lines, matched, exceptions by kind and currency), as its summary card shows it.
ALTER TABLE "statement_imports" ADD COLUMN "exception_summary" jsonb;
