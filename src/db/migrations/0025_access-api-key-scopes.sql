-- API keys get scopes (existing keys: every scope they de facto had), an optional expiry, a per-key salt for the
-- salted HMAC-SHA-256 hash (null: a key from before, stored as plain SHA-256, rehashed on its first use), and who made them.
ALTER TABLE "api_keys" ADD COLUMN "scopes" text[];--> statement-breakpoint
UPDATE "api_keys" SET "scopes" = ARRAY['leads:read','leads:write','orders:read','orders:write','payments:write','invoices:write','statements:write','reports:read','audit:read']::text[];--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "scopes" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "salt" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "created_by" text;--> statement-breakpoint
CREATE INDEX "api_keys_prefix_idx" ON "api_keys" ("prefix");
