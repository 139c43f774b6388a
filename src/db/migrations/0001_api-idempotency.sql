CREATE TABLE "api_idempotency" (
	"key_name" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "api_idempotency_uq" ON "api_idempotency" USING btree ("key_name","idempotency_key");