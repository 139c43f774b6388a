-- Personal data at rest (README "Security → Personal data at rest"): which keys sealed this database (a check value
-- per key id, never the key), blind indexes that replace the plain-text e-mail/phone dedupe columns of leads, and
-- blind indexes for finding a customer by tax ID or by a contact's e-mail / phone.
CREATE TABLE IF NOT EXISTS "data_keys" (
  "kid" text PRIMARY KEY NOT NULL,
  -- data | index
  "purpose" text NOT NULL,
  "check_value" text NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "email_bidx" text;
--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "phone_bidx" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "leads_open_email_bidx_uq" ON "leads" USING btree ("email_bidx") WHERE closed_at is null and email_bidx is not null;
--> statement-breakpoint
CREATE UNIQUE INDEX "leads_open_phone_bidx_uq" ON "leads" USING btree ("phone_bidx") WHERE closed_at is null and phone_bidx is not null;
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "tax_id_bidx" text;
--> statement-breakpoint
CREATE INDEX "customers_tax_id_bidx_idx" ON "customers" USING btree ("tax_id_bidx");
--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD COLUMN "email_bidx" text;
--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD COLUMN "phone_bidx" text;
--> statement-breakpoint
CREATE INDEX "customer_contacts_email_bidx_idx" ON "customer_contacts" USING btree ("email_bidx");
--> statement-breakpoint
CREATE INDEX "customer_contacts_phone_bidx_idx" ON "customer_contacts" USING btree ("phone_bidx");
