ALTER TABLE "users" ADD COLUMN "target_monthly_minor" bigint;
--> statement-breakpoint
CREATE TABLE "user_manager_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"manager_id" uuid REFERENCES "users"("id"),
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "user_manager_history_user_idx" ON "user_manager_history" USING btree ("user_id","valid_from");
--> statement-breakpoint
CREATE UNIQUE INDEX "user_manager_history_open_uq" ON "user_manager_history" USING btree ("user_id") WHERE "valid_to" IS NULL;
--> statement-breakpoint
INSERT INTO "user_manager_history" ("user_id", "manager_id", "valid_from")
SELECT "id", "manager_id", '-infinity'::timestamptz FROM "users";
--> statement-breakpoint
CREATE INDEX "leads_created_idx" ON "leads" USING btree ("created_at");
--> statement-breakpoint
CREATE INDEX "orders_lead_idx" ON "orders" USING btree ("lead_id") WHERE "lead_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "orders_decided_idx" ON "orders" USING btree ("decided_at") WHERE "decided_at" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "allocations_created_idx" ON "allocations" USING btree ("created_at");
--> statement-breakpoint
CREATE INDEX "approvals_decided_idx" ON "approvals" USING btree ("decided_at") WHERE "decided_at" IS NOT NULL;
