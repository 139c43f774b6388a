-- KPI and receivables narrowed to a lead source or routing rule read the period's facts through each fact's lead: at
-- 1,000,000 leads the KPI table under source:web took 29–41× a count(*) of the fact tables and the receivables 13–14×.
-- The summed roll-ups (report_kpi_hourly, report_open_balances, report_due_collected, report_balance_moves) gain the
-- fact's lead's source and routing rule as key columns (NULL for an order typed in without a lead, and for a lead with
-- none), kept by the same triggers in the same transaction as append-only deltas and folded by the same compact job.
--
-- A fact is keyed by its lead as the lead is now, as the fact queries read it: when a lead's source or routing rule
-- changes (routing sets the rule after intake; an admin corrects a source), report_rekey_leads() moves every roll-up
-- row of that lead's activities, orders, installments and allocations from the old key to the new one (take away under
-- the old, add under the new), in the statement that changed the lead. A fact that moves to another lead (a merge
-- moves activities, an order gets its lead) is taken away under the old lead's key by the fact's own trigger.
ALTER TABLE "report_kpi_hourly" ADD COLUMN "source" text, ADD COLUMN "routing_rule" text;
--> statement-breakpoint
ALTER TABLE "report_open_balances" ADD COLUMN "source" text, ADD COLUMN "routing_rule" text;
--> statement-breakpoint
ALTER TABLE "report_due_collected" ADD COLUMN "source" text, ADD COLUMN "routing_rule" text;
--> statement-breakpoint
ALTER TABLE "report_balance_moves" ADD COLUMN "source" text, ADD COLUMN "routing_rule" text;
--> statement-breakpoint
-- The facts as before, each with its lead's source and routing rule.
CREATE OR REPLACE VIEW "report_kpi_facts" AS
SELECT c.*, l.source, l.routing_rule FROM leads l, LATERAL report_kpi_of_lead(l) c
UNION ALL SELECT c.*, lk.source, lk.routing_rule FROM lead_activities a LEFT JOIN leads lk ON lk.id = a.lead_id,
  LATERAL report_kpi_of_activity(a) c
UNION ALL SELECT c.*, lk.source, lk.routing_rule FROM orders o LEFT JOIN leads lk ON lk.id = o.lead_id,
  LATERAL report_kpi_of_order(o) c
UNION ALL SELECT c.*, lk.source, lk.routing_rule FROM allocations al JOIN installments i ON i.id = al.installment_id
  JOIN orders o ON o.id = i.order_id LEFT JOIN leads lk ON lk.id = o.lead_id,
  LATERAL report_kpi_of_allocation(al, i, o) c;
--> statement-breakpoint
CREATE OR REPLACE VIEW "report_balance_move_facts" AS
SELECT c.*, lk.source, lk.routing_rule FROM installments i JOIN orders o ON o.id = i.order_id
  LEFT JOIN leads lk ON lk.id = o.lead_id, LATERAL report_moves_of_installment(i, o) c
UNION ALL SELECT c.*, lk.source, lk.routing_rule FROM allocations al JOIN installments i ON i.id = al.installment_id
  JOIN orders o ON o.id = i.order_id LEFT JOIN leads lk ON lk.id = o.lead_id,
  LATERAL report_moves_of_allocation(al, i, o) c;
--> statement-breakpoint
CREATE VIEW "report_balance_facts" AS
SELECT c.*, lk.source, lk.routing_rule FROM installments i JOIN orders o ON o.id = i.order_id
  LEFT JOIN leads lk ON lk.id = o.lead_id, LATERAL report_balance_of(i, o) c;
--> statement-breakpoint
-- Contributions now carry source and routing_rule (before sign); the key grows by both.
CREATE OR REPLACE FUNCTION report_kpi_apply_sql(contribs text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    INSERT INTO report_kpi_hourly (hour, owner_id, manager_id, metric, currency, source, routing_rule, sum, n)
    SELECT date_bin('1 hour', c.at, timestamptz '2000-01-01 00:00:00+00'), c.owner_id,
      CASE WHEN h.id IS NOT NULL THEN h.manager_id ELSE u.manager_id END, c.metric, coalesce(c.currency, ''),
      c.source, c.routing_rule, sum(c.sign * c.value), sum(c.sign)
    FROM (%s) c
    LEFT JOIN users u ON u.id = c.owner_id
    LEFT JOIN user_manager_history h ON h.user_id = u.id AND h.valid_from <= c.at
      AND (h.valid_to IS NULL OR h.valid_to > c.at)
    WHERE c.owner_id IS NOT NULL AND c.at IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(c.sign) <> 0 OR sum(c.sign * c.value) <> 0
  $q$, contribs)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_balance_apply_sql(contribs text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    WITH c AS MATERIALIZED (%s),
    opened AS (
      INSERT INTO report_open_balances (owner_id, customer_id, due_on, currency, source, routing_rule, sum, n)
      SELECT c.owner_id, c.customer_id, c.due_on, c.currency, c.source, c.routing_rule, sum(c.sign * c.value),
        sum(c.sign)
      FROM c WHERE c.value IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6
      HAVING sum(c.sign) <> 0 OR sum(c.sign * c.value) <> 0
    )
    INSERT INTO report_due_collected (owner_id, due_on, currency, source, routing_rule, due, collected, n)
    SELECT c.owner_id, c.due_on, c.currency, c.source, c.routing_rule, sum(c.sign * c.due),
      sum(c.sign * c.collected), sum(c.sign)
    FROM c
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(c.sign) <> 0 OR sum(c.sign * c.due) <> 0 OR sum(c.sign * c.collected) <> 0
  $q$, contribs)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_moves_apply_sql(contribs text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    INSERT INTO report_balance_moves (hour, owner_id, currency, source, routing_rule, sum, n)
    SELECT date_bin('1 hour', c.at, timestamptz '2000-01-01 00:00:00+00'), c.owner_id, c.currency, c.source,
      c.routing_rule, sum(c.sign * c.value), sum(c.sign)
    FROM (%s) c
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(c.sign) <> 0 OR sum(c.sign * c.value) <> 0
  $q$, contribs)
$$;
--> statement-breakpoint
-- As 0095's, each contribution with its lead's key: a lead row's own, an activity's or an order's through its lead_id.
CREATE OR REPLACE FUNCTION report_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lead_ids text;
  kpi text;
  bal text;
  sides text[] := '{}';
  ids uuid[];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN sides := array_append(sides, 'new_rows'); END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN sides := array_append(sides, 'old_rows'); END IF;
  CASE TG_TABLE_NAME
    WHEN 'leads' THEN
      lead_ids := 'SELECT r.id FROM %1$s r';
      kpi := 'SELECT c.*, r.source, r.routing_rule, %2$s AS sign FROM %1$s r, LATERAL report_kpi_of_lead(r) c';
    WHEN 'lead_activities' THEN
      -- Only the kinds a lead's stages are made of; offers, notes and reminders change no stage.
      lead_ids := 'SELECT r.lead_id FROM %1$s r WHERE r.kind IN (''accepted'', ''claimed'', ''stage'', ''converted'', ''lost'')';
      kpi := 'SELECT c.*, lk.source, lk.routing_rule, %2$s AS sign FROM %1$s r LEFT JOIN leads lk ON lk.id = r.lead_id,
        LATERAL report_kpi_of_activity(r) c';
    WHEN 'orders' THEN
      lead_ids := 'SELECT r.lead_id FROM %1$s r WHERE r.lead_id IS NOT NULL';
      kpi := 'SELECT c.*, lk.source, lk.routing_rule, %2$s AS sign FROM %1$s r LEFT JOIN leads lk ON lk.id = r.lead_id,
          LATERAL report_kpi_of_order(r) c
        UNION ALL SELECT c.*, lk.source, lk.routing_rule, %2$s FROM %1$s r LEFT JOIN leads lk ON lk.id = r.lead_id
          JOIN installments i ON i.order_id = r.id JOIN allocations al ON al.installment_id = i.id,
          LATERAL report_kpi_of_allocation(al, i, r) c';
      bal := 'SELECT c.*, lk.source, lk.routing_rule, %2$s AS sign FROM %1$s r LEFT JOIN leads lk ON lk.id = r.lead_id
        JOIN installments i ON i.order_id = r.id, LATERAL report_balance_of(i, r) c';
    WHEN 'installments' THEN
      lead_ids := 'SELECT o.lead_id FROM %1$s r JOIN orders o ON o.id = r.order_id WHERE o.lead_id IS NOT NULL';
      kpi := 'SELECT c.*, lk.source, lk.routing_rule, %2$s AS sign FROM %1$s r JOIN orders o ON o.id = r.order_id
        LEFT JOIN leads lk ON lk.id = o.lead_id JOIN allocations al ON al.installment_id = r.id,
        LATERAL report_kpi_of_allocation(al, r, o) c';
      bal := 'SELECT c.*, lk.source, lk.routing_rule, %2$s AS sign FROM %1$s r JOIN orders o ON o.id = r.order_id
        LEFT JOIN leads lk ON lk.id = o.lead_id, LATERAL report_balance_of(r, o) c';
    WHEN 'allocations' THEN
      kpi := 'SELECT c.*, lk.source, lk.routing_rule, %2$s AS sign FROM %1$s r JOIN installments i ON i.id = r.installment_id
        JOIN orders o ON o.id = i.order_id LEFT JOIN leads lk ON lk.id = o.lead_id,
        LATERAL report_kpi_of_allocation(r, i, o) c';
  END CASE;
  IF TG_TABLE_NAME = 'leads' AND TG_OP = 'UPDATE' THEN
    -- Most updates of a lead (status, reminders, touches) change nothing its stage rows are made of.
    EXECUTE 'SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.owner_id, n.offered_to_id, n.merged_into_id, n.created_at, n.source, n.campaign, n.region, n.routing_rule)
        IS DISTINCT FROM (o.owner_id, o.offered_to_id, o.merged_into_id, o.created_at, o.source, o.campaign, o.region,
          o.routing_rule)' INTO ids;
    PERFORM report_refresh_leads(ids);
  ELSIF lead_ids IS NOT NULL THEN
    EXECUTE format('SELECT array_agg(DISTINCT x) FROM (%s) AS t(x)', report_union_of(lead_ids, sides)) INTO ids;
    PERFORM report_refresh_leads(ids, NOT (TG_TABLE_NAME = 'leads' AND TG_OP = 'INSERT'));
  END IF;
  IF kpi IS NOT NULL THEN EXECUTE report_kpi_apply_sql(report_union_of(kpi, sides)); END IF;
  IF bal IS NOT NULL THEN EXECUTE report_balance_apply_sql(report_union_of(bal, sides)); END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- As 0150's, each move with its order's lead's key; an order that gets another lead moves its moves.
CREATE OR REPLACE FUNCTION report_track_moves() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moves text;
  changed text := 'true';
  sides text[] := '{}';
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN sides := array_append(sides, 'new_rows'); END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN sides := array_append(sides, 'old_rows'); END IF;
  CASE TG_TABLE_NAME
    WHEN 'orders' THEN
      IF TG_OP = 'UPDATE' THEN
        changed := 'r.id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.status, n.decided_at, n.owner_id, n.lead_id)
            IS DISTINCT FROM (o.status, o.decided_at, o.owner_id, o.lead_id))';
      END IF;
      moves := 'SELECT c.*, lk.source, lk.routing_rule, %2$s AS sign FROM %1$s r LEFT JOIN leads lk ON lk.id = r.lead_id
          JOIN installments i ON i.order_id = r.id, LATERAL report_moves_of_installment(i, r) c WHERE ' || changed || '
        UNION ALL SELECT c.*, lk.source, lk.routing_rule, %2$s FROM %1$s r LEFT JOIN leads lk ON lk.id = r.lead_id
          JOIN installments i ON i.order_id = r.id JOIN allocations al ON al.installment_id = i.id,
          LATERAL report_moves_of_allocation(al, i, r) c WHERE ' || changed;
    WHEN 'installments' THEN
      IF TG_OP = 'UPDATE' THEN
        changed := 'r.id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.order_id, n.amount_minor, n.paid_minor, n.currency)
            IS DISTINCT FROM (o.order_id, o.amount_minor, o.paid_minor, o.currency))';
      END IF;
      -- An installment's allocations keep their moves unless its order or currency changed.
      moves := 'SELECT c.*, lk.source, lk.routing_rule, %2$s AS sign FROM %1$s r JOIN orders o ON o.id = r.order_id
          LEFT JOIN leads lk ON lk.id = o.lead_id, LATERAL report_moves_of_installment(r, o) c WHERE ' || changed || '
        UNION ALL SELECT c.*, lk.source, lk.routing_rule, %2$s FROM %1$s r JOIN orders o ON o.id = r.order_id
          LEFT JOIN leads lk ON lk.id = o.lead_id JOIN allocations al ON al.installment_id = r.id,
          LATERAL report_moves_of_allocation(al, r, o) c
          WHERE ' || changed || CASE WHEN TG_OP = 'UPDATE' THEN ' AND r.id IN (SELECT n.id FROM new_rows n
            JOIN old_rows o ON o.id = n.id WHERE (n.order_id, n.currency) IS DISTINCT FROM (o.order_id, o.currency))'
          ELSE '' END;
    WHEN 'allocations' THEN
      moves := 'SELECT c.*, lk.source, lk.routing_rule, %2$s AS sign FROM %1$s r JOIN installments i ON i.id = r.installment_id
        JOIN orders o ON o.id = i.order_id LEFT JOIN leads lk ON lk.id = o.lead_id,
        LATERAL report_moves_of_allocation(r, i, o) c';
  END CASE;
  EXECUTE report_moves_apply_sql(report_union_of(moves, sides));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A lead's source or routing rule changed: every roll-up row its activities, orders, installments and allocations
-- made is taken away under the old key and added under the new (the lead's own "new" row moves in report_track).
-- Transition tables are visible only here, so the changed keys are passed on as a query over them.
CREATE FUNCTION report_rekey_leads() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  keys text := 'WITH k AS MATERIALIZED (
      SELECT n.id, n.source, n.routing_rule, 1 AS sign FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.source, n.routing_rule) IS DISTINCT FROM (o.source, o.routing_rule)
      UNION ALL SELECT o.id, o.source, o.routing_rule, -1 FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.source, n.routing_rule) IS DISTINCT FROM (o.source, o.routing_rule)) ';
  keyed text := 'c.*, k.source, k.routing_rule, k.sign FROM k JOIN orders o ON o.lead_id = k.id';
  changed boolean;
BEGIN
  SELECT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.source, n.routing_rule) IS DISTINCT FROM (o.source, o.routing_rule)) INTO changed;
  IF NOT changed THEN RETURN NULL; END IF;
  EXECUTE report_kpi_apply_sql(keys || 'SELECT c.*, k.source, k.routing_rule, k.sign FROM k
      JOIN lead_activities a ON a.lead_id = k.id, LATERAL report_kpi_of_activity(a) c
    UNION ALL SELECT ' || keyed || ', LATERAL report_kpi_of_order(o) c
    UNION ALL SELECT ' || keyed || ' JOIN installments i ON i.order_id = o.id
      JOIN allocations al ON al.installment_id = i.id, LATERAL report_kpi_of_allocation(al, i, o) c');
  EXECUTE report_balance_apply_sql(keys || 'SELECT ' || keyed || ' JOIN installments i ON i.order_id = o.id,
    LATERAL report_balance_of(i, o) c');
  EXECUTE report_moves_apply_sql(keys || 'SELECT ' || keyed || ' JOIN installments i ON i.order_id = o.id,
      LATERAL report_moves_of_installment(i, o) c
    UNION ALL SELECT ' || keyed || ' JOIN installments i ON i.order_id = o.id
      JOIN allocations al ON al.installment_id = i.id, LATERAL report_moves_of_allocation(al, i, o) c');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "leads_report_rekey" AFTER UPDATE ON "leads" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_rekey_leads();
--> statement-breakpoint
-- As 0180's, the summed roll-ups' keys with source and routing_rule (NULL matched to NULL).
CREATE OR REPLACE FUNCTION report_compact_rollups() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  bucket text;
BEGIN
  WITH keys AS (
    SELECT hour, owner_id, manager_id, metric, currency, source, routing_rule FROM report_kpi_hourly
    GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING count(*) > 1 OR sum(n) = 0
  ), folded AS (
    DELETE FROM report_kpi_hourly k USING keys
    WHERE k.hour = keys.hour AND k.owner_id = keys.owner_id AND k.manager_id IS NOT DISTINCT FROM keys.manager_id
      AND k.metric = keys.metric AND k.currency = keys.currency AND k.source IS NOT DISTINCT FROM keys.source
      AND k.routing_rule IS NOT DISTINCT FROM keys.routing_rule
    RETURNING k.*
  )
  INSERT INTO report_kpi_hourly (hour, owner_id, manager_id, metric, currency, source, routing_rule, sum, n)
  SELECT hour, owner_id, manager_id, metric, currency, source, routing_rule, sum(sum), sum(n) FROM folded
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0 OR sum(sum) <> 0;
  WITH keys AS (
    SELECT owner_id, customer_id, due_on, currency, source, routing_rule FROM report_open_balances
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING count(*) > 1 OR sum(n) = 0
  ), folded AS (
    DELETE FROM report_open_balances b USING keys
    WHERE b.owner_id = keys.owner_id AND b.customer_id = keys.customer_id AND b.due_on = keys.due_on
      AND b.currency = keys.currency AND b.source IS NOT DISTINCT FROM keys.source
      AND b.routing_rule IS NOT DISTINCT FROM keys.routing_rule
    RETURNING b.*
  )
  INSERT INTO report_open_balances (owner_id, customer_id, due_on, currency, source, routing_rule, sum, n)
  SELECT owner_id, customer_id, due_on, currency, source, routing_rule, sum(sum), sum(n) FROM folded
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0 OR sum(sum) <> 0;
  WITH keys AS (
    SELECT owner_id, due_on, currency, source, routing_rule FROM report_due_collected
    GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1 OR sum(n) = 0
  ), folded AS (
    DELETE FROM report_due_collected d USING keys
    WHERE d.owner_id = keys.owner_id AND d.due_on = keys.due_on AND d.currency = keys.currency
      AND d.source IS NOT DISTINCT FROM keys.source AND d.routing_rule IS NOT DISTINCT FROM keys.routing_rule
    RETURNING d.*
  )
  INSERT INTO report_due_collected (owner_id, due_on, currency, source, routing_rule, due, collected, n)
  SELECT owner_id, due_on, currency, source, routing_rule, sum(due), sum(collected), sum(n) FROM folded
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 OR sum(due) <> 0 OR sum(collected) <> 0;
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
CREATE OR REPLACE FUNCTION report_compact_balance_moves() RETURNS void LANGUAGE sql AS $$
  WITH keys AS (
    SELECT hour, owner_id, currency, source, routing_rule FROM report_balance_moves
    GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1 OR sum(n) = 0
  ), folded AS (
    DELETE FROM report_balance_moves m USING keys
    WHERE m.hour = keys.hour AND m.owner_id = keys.owner_id AND m.currency = keys.currency
      AND m.source IS NOT DISTINCT FROM keys.source AND m.routing_rule IS NOT DISTINCT FROM keys.routing_rule
    RETURNING m.*
  )
  INSERT INTO report_balance_moves (hour, owner_id, currency, source, routing_rule, sum, n)
  SELECT hour, owner_id, currency, source, routing_rule, sum(sum), sum(n) FROM folded
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 OR sum(sum) <> 0;
$$;
--> statement-breakpoint
-- As 0180's; the balances from report_balance_facts (each with its lead's key).
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
  EXECUTE report_balance_apply_sql('SELECT f.*, 1 AS sign FROM report_balance_facts f');
  EXECUTE report_moves_apply_sql('SELECT f.*, 1 AS sign FROM report_balance_move_facts f');
END
$$;
--> statement-breakpoint
-- The summed roll-ups again, keyed by lead (the stage roll-ups carry their lead's columns already and stay).
DO $$
BEGIN
  DELETE FROM report_kpi_hourly;
  DELETE FROM report_open_balances;
  DELETE FROM report_due_collected;
  DELETE FROM report_balance_moves;
  EXECUTE report_kpi_apply_sql('SELECT f.*, 1 AS sign FROM report_kpi_facts f');
  EXECUTE report_balance_apply_sql('SELECT f.*, 1 AS sign FROM report_balance_facts f');
  EXECUTE report_moves_apply_sql('SELECT f.*, 1 AS sign FROM report_balance_move_facts f');
END
$$;
