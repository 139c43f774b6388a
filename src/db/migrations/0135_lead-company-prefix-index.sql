-- The alike-company dedupe of every intake and import reads the open leads whose company key starts with the same two
-- characters. `like 'xx%'` cannot use a btree under the C.UTF-8 collation and substr() cannot use a plain one, so both
-- read every open lead (40 ms at 100,000, growing with the table). An index on the prefix itself bounds the read to
-- the leads that can be alike; the exact-key index had no other reader.
DROP INDEX IF EXISTS "leads_open_company_idx";
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "leads_open_company_prefix_idx" ON "leads" USING btree (substr("company_key", 1, 2)) WHERE closed_at is null;
