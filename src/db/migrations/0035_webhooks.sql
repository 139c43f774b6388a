-- Outbound webhooks: endpoints (from closeloop.yaml or POST /api/webhooks) and one row per delivery attempt.
-- Deliveries themselves are outbox rows with platform 'webhook' and the endpoint id as destination.
CREATE TABLE "webhook_endpoints" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  -- closeloop.yaml's endpoint name; null for endpoints made over the API.
  "config_name" text UNIQUE,
  "url" text NOT NULL,
  "events" text[] NOT NULL,
  -- The HMAC secret for API endpoints; configured ones read theirs from the environment variable named here.
  "secret" text,
  "secret_env" text,
  "failure_streak" integer DEFAULT 0 NOT NULL,
  "disabled_at" timestamp with time zone,
  "disabled_reason" text,
  "deleted_at" timestamp with time zone,
  "created_by" text NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "webhook_endpoints_secret_ck" CHECK (("secret" IS NULL) <> ("secret_env" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
  "id" bigserial PRIMARY KEY NOT NULL,
  "endpoint_id" uuid NOT NULL REFERENCES "webhook_endpoints"("id"),
  "outbox_id" bigint NOT NULL,
  "event_id" text NOT NULL,
  "attempt" integer NOT NULL,
  "at" timestamp with time zone NOT NULL,
  "status_code" integer,
  "error" text,
  "duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "webhook_attempts_outbox_idx" ON "webhook_attempts" ("outbox_id", "attempt");
--> statement-breakpoint
CREATE INDEX "outbox_webhook_idx" ON "outbox" ("destination", "id") WHERE "platform" = 'webhook';
