-- A report narrowed to a lead source or routing rule joins each order or activity to leads of that source / rule:
-- these give the matching lead ids from the index alone instead of reading every lead row.
CREATE INDEX IF NOT EXISTS "leads_source_id_idx" ON "leads" USING btree ("source", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "leads_routing_rule_id_idx" ON "leads" USING btree ("routing_rule", "id") WHERE "routing_rule" IS NOT NULL;
