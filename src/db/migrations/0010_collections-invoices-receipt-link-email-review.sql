ALTER TABLE "bank_transactions" ADD COLUMN "receipt_id" uuid;--> statement-breakpoint
ALTER TABLE "customer_emails" ADD COLUMN "reviewer_id" uuid;--> statement-breakpoint
ALTER TABLE "installments" ADD COLUMN "invoice_no" text;--> statement-breakpoint
ALTER TABLE "installments" ADD COLUMN "invoice_on" date;--> statement-breakpoint
ALTER TABLE "bank_transactions" ADD CONSTRAINT "bank_transactions_receipt_id_bank_transactions_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."bank_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_emails" ADD CONSTRAINT "customer_emails_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "installments_invoice_uq" ON "installments" USING btree ("invoice_no") WHERE "installments"."invoice_no" is not null;--> statement-breakpoint
ALTER TABLE "bank_transactions" ADD CONSTRAINT "bank_transactions_receipt_id_unique" UNIQUE("receipt_id");