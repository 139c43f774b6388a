ALTER TABLE "recon_exceptions" ADD COLUMN "assigned_to" uuid;--> statement-breakpoint
ALTER TABLE "recon_exceptions" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "recon_exceptions" ADD CONSTRAINT "recon_exceptions_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;