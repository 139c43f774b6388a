-- Daily exchange rates (issue 14): units of quote per unit of base, an exact numeric (never a float), one row per
-- pair, date and source, so a re-import or a provider's second fetch of the same day changes nothing.
CREATE TABLE IF NOT EXISTS "fx_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"base" text NOT NULL,
	"quote" text NOT NULL,
	"rate" numeric(20, 10) NOT NULL,
	"rate_date" date NOT NULL,
	"source" text NOT NULL,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fx_rates_pair_ck" CHECK ("base" ~ '^[A-Z]{3}$' AND "quote" ~ '^[A-Z]{3}$' AND "base" <> "quote"),
	CONSTRAINT "fx_rates_rate_ck" CHECK ("rate" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "fx_rates_uq" ON "fx_rates" ("base", "quote", "rate_date", "source");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "fx_rates_latest_idx" ON "fx_rates" ("base", "quote", "rate_date" DESC);
