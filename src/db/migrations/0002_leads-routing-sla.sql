ALTER TABLE "leads" ADD COLUMN "company_key" text;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "reroutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "routing_cursors" ADD COLUMN "state" jsonb;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "daily_capacity" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "working_hours" text;--> statement-breakpoint
CREATE INDEX "leads_open_company_idx" ON "leads" USING btree ("company_key") WHERE closed_at is null;--> statement-breakpoint
CREATE INDEX "leads_offered_idx" ON "leads" USING btree ("offered_at") WHERE status = 'offered';