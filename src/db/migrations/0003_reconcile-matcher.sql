CREATE TABLE "payer_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"confirmations" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "allocations" ADD COLUMN "undone_by" text;--> statement-breakpoint
ALTER TABLE "bank_transactions" ADD COLUMN "payer_account" text;--> statement-breakpoint
ALTER TABLE "bank_transactions" ADD COLUMN "customer_id" uuid;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "tier" text;--> statement-breakpoint
ALTER TABLE "recon_exceptions" ADD COLUMN "suggestions" jsonb;--> statement-breakpoint
ALTER TABLE "recon_exceptions" ADD COLUMN "resolved_by" uuid;--> statement-breakpoint
ALTER TABLE "recon_exceptions" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payer_mappings" ADD CONSTRAINT "payer_mappings_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payer_mappings_uq" ON "payer_mappings" USING btree ("kind","key");--> statement-breakpoint
ALTER TABLE "bank_transactions" ADD CONSTRAINT "bank_transactions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_exceptions" ADD CONSTRAINT "recon_exceptions_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "allocations_installment_idx" ON "allocations" USING btree ("installment_id");--> statement-breakpoint
CREATE INDEX "allocations_txn_idx" ON "allocations" USING btree ("bank_transaction_id");