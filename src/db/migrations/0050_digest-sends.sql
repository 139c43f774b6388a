-- One digest per person, kind (daily | weekly) and local day, whichever worker gets there first; replaces digest_runs
-- (manager-only, daily-only), whose rows carry over so an upgrade on the day sends nothing twice.
CREATE TABLE IF NOT EXISTS "digest_sends" (
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "digest_sends_pk" PRIMARY KEY ("user_id", "kind", "day"),
	CONSTRAINT "digest_sends_kind_ck" CHECK ("kind" IN ('daily', 'weekly'))
);
--> statement-breakpoint
INSERT INTO "digest_sends" ("user_id", "kind", "day", "at")
SELECT "manager_id", 'daily', "day", "created_at" FROM "digest_runs" ON CONFLICT DO NOTHING;
