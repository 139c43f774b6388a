-- The org funnel (the ungrouped org report and the bottleneck's trailing-90-day baseline) read fewer roll-up rows. At
-- 200,000 leads a quarter was 38,000 rows of report_org_stage_days (~430 a day: stage × lost reason × rounded time in
-- stage), and its ends — a period on an org calendar off whole UTC days (Asia/Shanghai's day starts at 16:00 UTC) and
-- the baseline's trailing 90 days (which end at "as of") — ~14,000 stage rows read one by one with an outcome computed
-- each (five times that at a million leads).
--   report_org_stage_weeks  the org day roll-up's rows per ISO week (UTC, from Monday): ~480 keys a week against ~3,000
--                           day rows; whole weeks inside a period are read from here, the days around them from the day
--                           roll-up
--   report_org_stage_hours  the same per UTC hour: the whole hours at a period's ends, so only part-hours at the ends
--                           read stage rows
-- Kept with the other day roll-ups: append-only deltas from report_stage_apply_sql, folded by report_compact_rollups,
-- rebuilt by report_rebuild_all.
CREATE TABLE "report_org_stage_hours" (
	"hour" timestamptz NOT NULL,
	"stage" text NOT NULL,
	"lost_reason" text NOT NULL,
	"seconds" numeric,
	"entered" bigint NOT NULL,
	"moved" bigint NOT NULL,
	"lost" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_org_stage_hours_hour_idx" ON "report_org_stage_hours" ("hour");
--> statement-breakpoint
CREATE TABLE "report_org_stage_weeks" (
	"week" date NOT NULL,
	"stage" text NOT NULL,
	"lost_reason" text NOT NULL,
	"seconds" numeric,
	"entered" bigint NOT NULL,
	"moved" bigint NOT NULL,
	"lost" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_org_stage_weeks_week_idx" ON "report_org_stage_weeks" ("week");
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_stage_apply_sql(ctes text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    WITH %s,
    c AS MATERIALIZED (
      SELECT x.sign, (x.entered_at AT TIME ZONE 'UTC')::date AS day, date_trunc('hour', x.entered_at, 'UTC') AS hour,
        date_trunc('week', x.entered_at AT TIME ZONE 'UTC')::date AS week,
        x.stage, x.owner_id, x.manager_id, x.source,
        x.campaign, x.region, x.routing_rule, o.moved, o.lost, o.reason, o.seconds
      FROM x, LATERAL report_stage_outcome(x.entered_at, x.left_at, x.lost_at, x.lost_reason, 'infinity') o
    ),
    counted AS (
      INSERT INTO report_stage_days (day, stage, owner_id, manager_id, source, campaign, region, routing_rule,
        lost_reason, entered, moved, lost)
      SELECT day, stage, owner_id, manager_id, source, campaign, region, routing_rule, reason, sum(sign),
        sum(sign * moved), sum(sign * lost)
      FROM c GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
      HAVING sum(sign) <> 0 OR sum(sign * moved) <> 0 OR sum(sign * lost) <> 0
    ),
    timed AS (
      INSERT INTO report_stage_day_times (day, stage, owner_id, manager_id, source, campaign, region, routing_rule,
        seconds, n)
      SELECT day, stage, owner_id, manager_id, source, campaign, region, routing_rule, seconds, sum(sign)
      FROM c WHERE seconds IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
      HAVING sum(sign) <> 0
    ),
    hourly AS (
      INSERT INTO report_org_stage_hours (hour, stage, lost_reason, seconds, entered, moved, lost)
      SELECT hour, stage, reason, seconds, sum(sign), sum(sign * moved), sum(sign * lost)
      FROM c GROUP BY 1, 2, 3, 4
      HAVING sum(sign) <> 0 OR sum(sign * moved) <> 0 OR sum(sign * lost) <> 0
    ),
    weekly AS (
      INSERT INTO report_org_stage_weeks (week, stage, lost_reason, seconds, entered, moved, lost)
      SELECT week, stage, reason, seconds, sum(sign), sum(sign * moved), sum(sign * lost)
      FROM c GROUP BY 1, 2, 3, 4
      HAVING sum(sign) <> 0 OR sum(sign * moved) <> 0 OR sum(sign * lost) <> 0
    )
    INSERT INTO report_org_stage_days (day, stage, lost_reason, seconds, entered, moved, lost)
    SELECT day, stage, reason, seconds, sum(sign), sum(sign * moved), sum(sign * lost)
    FROM c GROUP BY 1, 2, 3, 4
    HAVING sum(sign) <> 0 OR sum(sign * moved) <> 0 OR sum(sign * lost) <> 0
  $q$, ctes)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_compact_rollups() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  bucket text;
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
  -- The day roll-ups' keys have nullable columns: rows are picked by ctid, grouped with a window (nulls together).
  WITH folded AS (
    DELETE FROM report_stage_days WHERE ctid IN (
      SELECT ctid FROM (
        SELECT ctid, count(*) OVER w AS rows, sum(entered) OVER w AS e, sum(moved) OVER w AS m, sum(lost) OVER w AS l
        FROM report_stage_days
        WINDOW w AS (PARTITION BY day, stage, owner_id, manager_id, source, campaign, region, routing_rule,
          lost_reason)
      ) k WHERE k.rows > 1 OR (k.e = 0 AND k.m = 0 AND k.l = 0))
    RETURNING *
  )
  INSERT INTO report_stage_days (day, stage, owner_id, manager_id, source, campaign, region, routing_rule,
    lost_reason, entered, moved, lost)
  SELECT day, stage, owner_id, manager_id, source, campaign, region, routing_rule, lost_reason, sum(entered),
    sum(moved), sum(lost)
  FROM folded GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  HAVING sum(entered) <> 0 OR sum(moved) <> 0 OR sum(lost) <> 0;
  WITH folded AS (
    DELETE FROM report_stage_day_times WHERE ctid IN (
      SELECT ctid FROM (
        SELECT ctid, count(*) OVER w AS rows, sum(n) OVER w AS n
        FROM report_stage_day_times
        WINDOW w AS (PARTITION BY day, stage, owner_id, manager_id, source, campaign, region, routing_rule, seconds)
      ) k WHERE k.rows > 1 OR k.n = 0)
    RETURNING *
  )
  INSERT INTO report_stage_day_times (day, stage, owner_id, manager_id, source, campaign, region, routing_rule,
    seconds, n)
  SELECT day, stage, owner_id, manager_id, source, campaign, region, routing_rule, seconds, sum(n)
  FROM folded GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 HAVING sum(n) <> 0;
  WITH folded AS (
    DELETE FROM report_org_stage_days WHERE ctid IN (
      SELECT ctid FROM (
        SELECT ctid, count(*) OVER w AS rows, sum(entered) OVER w AS e, sum(moved) OVER w AS m, sum(lost) OVER w AS l
        FROM report_org_stage_days
        WINDOW w AS (PARTITION BY day, stage, lost_reason, seconds)
      ) k WHERE k.rows > 1 OR (k.e = 0 AND k.m = 0 AND k.l = 0))
    RETURNING *
  )
  INSERT INTO report_org_stage_days (day, stage, lost_reason, seconds, entered, moved, lost)
  SELECT day, stage, lost_reason, seconds, sum(entered), sum(moved), sum(lost)
  FROM folded GROUP BY 1, 2, 3, 4 HAVING sum(entered) <> 0 OR sum(moved) <> 0 OR sum(lost) <> 0;
  -- The org funnel's hour and week roll-ups: the same fold, keyed by their bucket.
  FOREACH bucket IN ARRAY ARRAY['hour', 'week'] LOOP
    EXECUTE format($f$
      WITH folded AS (
        DELETE FROM %1$I WHERE ctid IN (
          SELECT ctid FROM (
            SELECT ctid, count(*) OVER w AS rows, sum(entered) OVER w AS e, sum(moved) OVER w AS m,
              sum(lost) OVER w AS l
            FROM %1$I
            WINDOW w AS (PARTITION BY %2$I, stage, lost_reason, seconds)
          ) k WHERE k.rows > 1 OR (k.e = 0 AND k.m = 0 AND k.l = 0))
        RETURNING *
      )
      INSERT INTO %1$I (%2$I, stage, lost_reason, seconds, entered, moved, lost)
      SELECT %2$I, stage, lost_reason, seconds, sum(entered), sum(moved), sum(lost)
      FROM folded GROUP BY 1, 2, 3, 4 HAVING sum(entered) <> 0 OR sum(moved) <> 0 OR sum(lost) <> 0
    $f$, 'report_org_stage_' || bucket || 's', bucket);
  END LOOP;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_rebuild_all() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_lead_stages;
  DELETE FROM report_stage_days;
  DELETE FROM report_stage_day_times;
  DELETE FROM report_org_stage_days;
  DELETE FROM report_org_stage_hours;
  DELETE FROM report_org_stage_weeks;
  DELETE FROM report_kpi_hourly;
  DELETE FROM report_open_balances;
  DELETE FROM report_due_collected;
  DELETE FROM report_balance_moves;
  INSERT INTO report_lead_stages SELECT * FROM report_lead_stage_facts;
  EXECUTE report_stage_apply_sql('x AS (SELECT 1 AS sign, s.* FROM report_lead_stages s)');
  EXECUTE report_kpi_apply_sql('SELECT f.*, 1 AS sign FROM report_kpi_facts f');
  EXECUTE report_balance_apply_sql('SELECT c.*, 1 AS sign FROM installments i JOIN orders o ON o.id = i.order_id,
    LATERAL report_balance_of(i, o) c');
  EXECUTE report_moves_apply_sql('SELECT f.*, 1 AS sign FROM report_balance_move_facts f');
END
$$;
--> statement-breakpoint
-- The hours and weeks of the stage rows already kept (the other roll-ups hold them already).
INSERT INTO report_org_stage_hours (hour, stage, lost_reason, seconds, entered, moved, lost)
SELECT date_trunc('hour', s.entered_at, 'UTC'), s.stage, o.reason, o.seconds, count(*), sum(o.moved), sum(o.lost)
FROM report_lead_stages s, LATERAL report_stage_outcome(s.entered_at, s.left_at, s.lost_at, s.lost_reason, 'infinity') o
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO report_org_stage_weeks (week, stage, lost_reason, seconds, entered, moved, lost)
SELECT date_trunc('week', s.entered_at AT TIME ZONE 'UTC')::date, s.stage, o.reason, o.seconds, count(*), sum(o.moved),
  sum(o.lost)
FROM report_lead_stages s, LATERAL report_stage_outcome(s.entered_at, s.left_at, s.lost_at, s.lost_reason, 'infinity') o
GROUP BY 1, 2, 3, 4;
