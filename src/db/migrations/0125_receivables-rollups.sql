-- The receivables dashboard from roll-ups, as the funnel and the KPI table already are (0095): at 1,000,000 leads it
-- joined every open installment to its order and customer (7.7–10.8× a count(*) of the fact tables) and summed every
-- installment due in the period. report_open_balances gains the customer (top overdue customers, the region ranking
-- through the customer's region, read at query time so a renamed customer or a moved region shows at once), and
-- report_due_collected keeps what fell due per owner × due date × currency and how much of it came in (collection
-- rate). Both are fed by the same installment contributions (report_balance_of) and the same trigger (report_track,
-- unchanged: it calls the functions below by name), as append-only deltas folded by report_compact_rollups().
DELETE FROM "report_open_balances";
--> statement-breakpoint
ALTER TABLE "report_open_balances" ADD COLUMN "customer_id" uuid NOT NULL;
--> statement-breakpoint
CREATE INDEX "report_open_balances_due_idx" ON "report_open_balances" ("due_on");
--> statement-breakpoint
CREATE TABLE "report_due_collected" (
	"owner_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"currency" text NOT NULL,
	"due" numeric NOT NULL,
	"collected" numeric NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_due_collected_due_idx" ON "report_due_collected" ("due_on");
--> statement-breakpoint
-- An approved order's installment: what it still owes (null once paid in full, so it adds no open row), what fell due
-- and what of that came in (paid beyond the amount counts as the amount, as the collection rate always did).
DROP FUNCTION report_balance_of(installments, orders);
--> statement-breakpoint
CREATE FUNCTION report_balance_of(i installments, o orders)
RETURNS TABLE (owner_id uuid, customer_id uuid, due_on date, currency text, value numeric, due numeric,
  collected numeric)
LANGUAGE sql IMMUTABLE AS $$
  SELECT o.owner_id, o.customer_id, i.due_on, i.currency,
    CASE WHEN i.paid_minor < i.amount_minor THEN (i.amount_minor - i.paid_minor)::numeric END,
    i.amount_minor::numeric, least(i.paid_minor, i.amount_minor)::numeric
  WHERE o.status = 'approved'
$$;
--> statement-breakpoint
-- One pass over the contributions feeds both roll-ups (the trigger hands over one query over its transition tables).
CREATE OR REPLACE FUNCTION report_balance_apply_sql(contribs text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    WITH c AS MATERIALIZED (%s),
    opened AS (
      INSERT INTO report_open_balances (owner_id, customer_id, due_on, currency, sum, n)
      SELECT c.owner_id, c.customer_id, c.due_on, c.currency, sum(c.sign * c.value), sum(c.sign)
      FROM c WHERE c.value IS NOT NULL
      GROUP BY 1, 2, 3, 4
      HAVING sum(c.sign) <> 0 OR sum(c.sign * c.value) <> 0
    )
    INSERT INTO report_due_collected (owner_id, due_on, currency, due, collected, n)
    SELECT c.owner_id, c.due_on, c.currency, sum(c.sign * c.due), sum(c.sign * c.collected), sum(c.sign)
    FROM c
    GROUP BY 1, 2, 3
    HAVING sum(c.sign) <> 0 OR sum(c.sign * c.due) <> 0 OR sum(c.sign * c.collected) <> 0
  $q$, contribs)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_compact_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  WITH keys AS (
    SELECT hour, owner_id, manager_id, metric, currency FROM report_kpi_hourly
    GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1 OR sum(n) = 0
  ), folded AS (
    DELETE FROM report_kpi_hourly k USING keys
    WHERE k.hour = keys.hour AND k.owner_id = keys.owner_id AND k.manager_id IS NOT DISTINCT FROM keys.manager_id
      AND k.metric = keys.metric AND k.currency = keys.currency
    RETURNING k.*
  )
  INSERT INTO report_kpi_hourly (hour, owner_id, manager_id, metric, currency, sum, n)
  SELECT hour, owner_id, manager_id, metric, currency, sum(sum), sum(n) FROM folded
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 OR sum(sum) <> 0;
  WITH keys AS (
    SELECT owner_id, customer_id, due_on, currency FROM report_open_balances
    GROUP BY 1, 2, 3, 4 HAVING count(*) > 1 OR sum(n) = 0
  ), folded AS (
    DELETE FROM report_open_balances b USING keys
    WHERE b.owner_id = keys.owner_id AND b.customer_id = keys.customer_id AND b.due_on = keys.due_on
      AND b.currency = keys.currency
    RETURNING b.*
  )
  INSERT INTO report_open_balances (owner_id, customer_id, due_on, currency, sum, n)
  SELECT owner_id, customer_id, due_on, currency, sum(sum), sum(n) FROM folded
  GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 OR sum(sum) <> 0;
  WITH keys AS (
    SELECT owner_id, due_on, currency FROM report_due_collected GROUP BY 1, 2, 3 HAVING count(*) > 1 OR sum(n) = 0
  ), folded AS (
    DELETE FROM report_due_collected d USING keys
    WHERE d.owner_id = keys.owner_id AND d.due_on = keys.due_on AND d.currency = keys.currency
    RETURNING d.*
  )
  INSERT INTO report_due_collected (owner_id, due_on, currency, due, collected, n)
  SELECT owner_id, due_on, currency, sum(due), sum(collected), sum(n) FROM folded
  GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(due) <> 0 OR sum(collected) <> 0;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_rebuild_all() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_lead_stages;
  DELETE FROM report_kpi_hourly;
  DELETE FROM report_open_balances;
  DELETE FROM report_due_collected;
  INSERT INTO report_lead_stages SELECT * FROM report_lead_stage_facts;
  EXECUTE report_kpi_apply_sql('SELECT f.*, 1 AS sign FROM report_kpi_facts f');
  EXECUTE report_balance_apply_sql('SELECT c.*, 1 AS sign FROM installments i JOIN orders o ON o.id = i.order_id,
    LATERAL report_balance_of(i, o) c');
END
$$;
--> statement-breakpoint
-- Finance's queue and promises are read by status and closing time, not scanned.
CREATE INDEX "recon_exceptions_waiting_idx" ON "recon_exceptions" ("status", "created_at")
  WHERE "status" IN ('open', 'acknowledged');
--> statement-breakpoint
CREATE INDEX "payment_promises_closed_idx" ON "payment_promises" ("closed_at") WHERE "closed_at" IS NOT NULL;
--> statement-breakpoint
-- Only the balance roll-ups change: the stage and KPI roll-ups (minutes to rebuild at a million leads) stay as they are.
DO $$
BEGIN
  EXECUTE report_balance_apply_sql('SELECT c.*, 1 AS sign FROM installments i JOIN orders o ON o.id = i.order_id,
    LATERAL report_balance_of(i, o) c');
END
$$;
