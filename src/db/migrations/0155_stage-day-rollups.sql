-- The funnel and the KPI table's stage flow from day-level roll-ups of report_lead_stages: a quarter's funnel read
-- ~1.8 M stage rows twice (the period and the org's trailing 90 days) and sorted every moved-on row's seconds
-- (42–56× a count(*) of the fact tables at a million leads). Each stage row is counted by the UTC day it entered, with
-- its outcome "ever" (as of +infinity): moved on (with its time in stage rounded as src/domain/reports/funnel.ts
-- defines it), lost (with the reason) or still there. A report as of an earlier instant takes back what closed after
-- it (report_lead_stages, through the span index below); a period's ragged ends (an org zone off whole UTC days) are
-- read from report_lead_stages directly.
--   report_stage_days       entered / moved / lost per day × stage × what funnels group and scope by × lost reason
--                           (the KPI table's stage flow, grouped and scoped funnels)
--   report_stage_day_times  moved on per day × stage × those keys × rounded seconds (grouped and scoped funnels' times)
--   report_org_stage_days   the org's whole funnel per day × stage × lost reason × rounded seconds (the ungrouped org
--                           funnel and the bottleneck's trailing-90-day baseline)
-- All three take append-only deltas from report_refresh_leads, in the transaction that recomputes the leads' stage
-- rows, so concurrent writers never wait on a shared row; report_compact_rollups() folds them.
CREATE TABLE "report_stage_days" (
	"day" date NOT NULL,
	"stage" text NOT NULL,
	"owner_id" uuid,
	"manager_id" uuid,
	"source" text,
	"campaign" text,
	"region" text,
	"routing_rule" text,
	"lost_reason" text NOT NULL,
	"entered" bigint NOT NULL,
	"moved" bigint NOT NULL,
	"lost" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_stage_days_day_idx" ON "report_stage_days" ("day");
--> statement-breakpoint
CREATE TABLE "report_stage_day_times" (
	"day" date NOT NULL,
	"stage" text NOT NULL,
	"owner_id" uuid,
	"manager_id" uuid,
	"source" text,
	"campaign" text,
	"region" text,
	"routing_rule" text,
	"seconds" numeric NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_stage_day_times_day_idx" ON "report_stage_day_times" ("day");
--> statement-breakpoint
CREATE TABLE "report_org_stage_days" (
	"day" date NOT NULL,
	"stage" text NOT NULL,
	"lost_reason" text NOT NULL,
	"seconds" numeric,
	"entered" bigint NOT NULL,
	"moved" bigint NOT NULL,
	"lost" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_org_stage_days_day_idx" ON "report_org_stage_days" ("day");
--> statement-breakpoint
-- Time in stage to two significant figures in its natural unit (seconds under a minute, minutes under an hour, hours
-- under a day, else days): at most 5 % off, and whole minutes, hours and days stay exact. The same rule as
-- roundSecondsInStage in src/domain/reports/funnel.ts.
CREATE FUNCTION report_stage_unit(s numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN s < 60 THEN 1 WHEN s < 3600 THEN 60 WHEN s < 86400 THEN 3600 ELSE 86400 END::numeric
$$;
--> statement-breakpoint
-- One expression without FROM, so the planner inlines it (a SQL function it cannot inline costs a call per row). The
-- power of ten comes from a float logarithm: near a power of ten either choice rounds to the same value.
CREATE FUNCTION report_round_seconds(s numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN s = 0 THEN 0::numeric ELSE sign(s) * report_stage_unit(abs(s))
    * round(abs(s) / report_stage_unit(abs(s)), 1 - floor(log(abs(s)::float8 / report_stage_unit(abs(s))::float8))::int)
  END
$$;
--> statement-breakpoint
-- A stage row's outcome as of `as_of` (the funnel's definitions): moved on when it left by then; else lost when the
-- lead was lost after entering, by then and before it left; with the rounded time in stage of a move.
CREATE FUNCTION report_stage_outcome(entered_at timestamptz, left_at timestamptz, lost_at timestamptz,
  lost_reason text, as_of timestamptz)
RETURNS TABLE (moved int, lost int, reason text, seconds numeric)
LANGUAGE sql IMMUTABLE AS $$
  SELECT a.m::int, b.l::int, CASE WHEN b.l THEN lost_reason ELSE '' END,
    CASE WHEN a.m THEN report_round_seconds(extract(epoch FROM left_at - entered_at)) END
  FROM (SELECT coalesce(left_at <= as_of, false) AS m) a
  CROSS JOIN LATERAL (SELECT NOT a.m AND coalesce(lost_at >= entered_at AND lost_at <= as_of
    AND (left_at IS NULL OR lost_at < left_at), false) AS l) b
$$;
--> statement-breakpoint
-- From a stage row's entry to when it closed (left, else lost after entering), either way round: a row whose outcome
-- as of an instant differs from its outcome ever closed after that instant, so its span reaches past it.
CREATE FUNCTION report_stage_span(entered_at timestamptz, left_at timestamptz, lost_at timestamptz)
RETURNS tstzrange LANGUAGE sql IMMUTABLE AS $$
  SELECT tstzrange(least(entered_at, c), greatest(entered_at, c), '[]')
  FROM (SELECT coalesce(left_at, CASE WHEN lost_at >= entered_at THEN lost_at END) AS c) x
$$;
--> statement-breakpoint
CREATE INDEX "report_lead_stages_span_idx" ON "report_lead_stages"
  USING gist (report_stage_span("entered_at", "left_at", "lost_at"))
  WHERE "left_at" IS NOT NULL OR "lost_at" >= "entered_at";
--> statement-breakpoint
-- The statement that adds signed stage rows to the three roll-ups; `ctes` defines `x` (sign, then the columns of
-- report_lead_stages), and may write (a data-modifying WITH must be at the top of the statement).
CREATE FUNCTION report_stage_apply_sql(ctes text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    WITH %s,
    c AS MATERIALIZED (
      SELECT x.sign, (x.entered_at AT TIME ZONE 'UTC')::date AS day, x.stage, x.owner_id, x.manager_id, x.source,
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
    )
    INSERT INTO report_org_stage_days (day, stage, lost_reason, seconds, entered, moved, lost)
    SELECT day, stage, reason, seconds, sum(sign), sum(sign * moved), sum(sign * lost)
    FROM c GROUP BY 1, 2, 3, 4
    HAVING sum(sign) <> 0 OR sum(sign * moved) <> 0 OR sum(sign * lost) <> 0
  $q$, ctes)
$$;
--> statement-breakpoint
-- Recomputes the leads' stage rows and adds what changed to the day roll-ups: the rows as they were (taken away) and
-- as they are now (added), in one statement so both are read from one snapshot; unchanged rows cancel out and are
-- neither rewritten nor counted. Two transactions refreshing one lead take turns on the lead's row, and each statement
-- after the wait sees what the other committed; new leads (no one else sees them yet) need no turn.
CREATE OR REPLACE FUNCTION report_refresh_leads(ids uuid[], take_turns boolean DEFAULT true) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  IF take_turns THEN
    PERFORM 1 FROM leads WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  END IF;
  EXECUTE report_stage_apply_sql($c$
    fresh AS MATERIALIZED (SELECT * FROM report_lead_stage_facts WHERE lead_id = ANY($1)),
    prior AS MATERIALIZED (SELECT * FROM report_lead_stages WHERE lead_id = ANY($1)),
    gone AS (
      DELETE FROM report_lead_stages s WHERE s.lead_id = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.lead_id = s.lead_id AND f.stage = s.stage)
    ),
    kept AS (
      INSERT INTO report_lead_stages SELECT * FROM fresh
      ON CONFLICT (lead_id, stage) DO UPDATE SET entered_at = excluded.entered_at, left_at = excluded.left_at,
        lost_at = excluded.lost_at, lost_reason = excluded.lost_reason, owner_id = excluded.owner_id,
        manager_id = excluded.manager_id, source = excluded.source, campaign = excluded.campaign,
        region = excluded.region, routing_rule = excluded.routing_rule
      WHERE (report_lead_stages.entered_at, report_lead_stages.left_at, report_lead_stages.lost_at,
          report_lead_stages.lost_reason, report_lead_stages.owner_id, report_lead_stages.manager_id,
          report_lead_stages.source, report_lead_stages.campaign, report_lead_stages.region,
          report_lead_stages.routing_rule)
        IS DISTINCT FROM (excluded.entered_at, excluded.left_at, excluded.lost_at, excluded.lost_reason,
          excluded.owner_id, excluded.manager_id, excluded.source, excluded.campaign, excluded.region,
          excluded.routing_rule)
    ),
    x AS (SELECT 1 AS sign, f.* FROM fresh f UNION ALL SELECT -1, p.* FROM prior p)
  $c$) USING ids;
END
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
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_rebuild_all() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_lead_stages;
  DELETE FROM report_stage_days;
  DELETE FROM report_stage_day_times;
  DELETE FROM report_org_stage_days;
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
-- The day roll-ups from the stage rows already kept (the stage rows themselves are unchanged).
DO $$
BEGIN
  EXECUTE report_stage_apply_sql('x AS (SELECT 1 AS sign, s.* FROM report_lead_stages s)');
END
$$;
