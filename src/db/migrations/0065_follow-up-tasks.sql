-- Follow-up tasks (issue 14): a dunning step with `task: true` opens one for the installment's rep, due on the step's
-- due offset or the next working day; Done closes it, Escalate hands it to the assignee's manager. One task per
-- installment and step, however often the job runs.
CREATE TABLE IF NOT EXISTS "follow_up_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL UNIQUE,
	"kind" text NOT NULL DEFAULT 'dunning',
	"installment_id" uuid NOT NULL REFERENCES "installments"("id"),
	"order_id" uuid NOT NULL REFERENCES "orders"("id"),
	"customer_id" uuid NOT NULL REFERENCES "customers"("id"),
	"offset_days" integer NOT NULL,
	"assignee_id" uuid NOT NULL REFERENCES "users"("id"),
	"rep_id" uuid NOT NULL REFERENCES "users"("id"),
	"due_on" date NOT NULL,
	"status" text NOT NULL DEFAULT 'open',
	"promise_id" uuid REFERENCES "payment_promises"("id"),
	"escalated_from" uuid REFERENCES "users"("id"),
	"closed_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_up_tasks_status_ck" CHECK ("status" IN ('open', 'done', 'escalated')),
	CONSTRAINT "follow_up_tasks_kind_ck" CHECK ("kind" IN ('dunning'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "follow_up_tasks_step_uq" ON "follow_up_tasks" ("installment_id", "offset_days");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "follow_up_tasks_open_idx" ON "follow_up_tasks" ("assignee_id", "due_on") WHERE "status" <> 'done';
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "follow_up_tasks_order_idx" ON "follow_up_tasks" ("order_id");
