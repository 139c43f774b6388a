-- Web sign-in: local accounts (a password hash, or none yet when only a one-time link was issued), one-time sign-in
-- links, sessions, and the state/nonce of a Slack or Lark sign-in in flight. Every token is stored as its SHA-256 only.
CREATE TABLE "web_accounts" (
	"user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id"),
	"password_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE "web_sign_in_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);--> statement-breakpoint
CREATE TABLE "web_sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"csrf_secret" text NOT NULL,
	"method" text NOT NULL
);--> statement-breakpoint
CREATE INDEX "web_sessions_user_idx" ON "web_sessions" ("user_id");--> statement-breakpoint
CREATE TABLE "web_sign_in_states" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"nonce" text NOT NULL,
	"next" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
