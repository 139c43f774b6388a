-- Intake under load paid most of its database CPU in the report roll-up triggers, and almost all of that was fixed cost
-- per statement, not per lead: every INSERT into leads planned report_refresh_leads' dynamic statement over the whole
-- stage-facts view (9–11 ms a statement on the 2-core machine, for 1 row or 50), and every INSERT into lead_activities
-- planned its dynamic KPI statement although intake's activities (created, offered, posted_for_claim, duplicate) make
-- no stage and no KPI fact. report_track() is 0201's (0185's, with a payment skipping the allocations' KPI join) with
-- two more shortcuts that leave every roll-up row as before:
--   lead_activities INSERT  none of the new rows is of a kind a stage or KPI fact is made of: nothing to add, return.
--   leads INSERT            a lead that has no stage activity, no order and no stage row yet (every lead as intake
--                           makes it) has exactly one stage fact, "new" from its creation, left never: its stage row,
--                           stage roll-up deltas and KPI contribution are written by one static statement (plpgsql
--                           keeps its plan), the view's own columns and joins for that one row. Any other insert takes
--                           the general path.
CREATE OR REPLACE FUNCTION report_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lead_ids text;
  kpi text;
  bal text;
  sides text[] := '{}';
  ids uuid[];
  -- Not `moved`: the static statement below has a column of that name.
  any_moved boolean;
BEGIN
  -- Nested IFs: a condition is planned whole, and another table's transition rows have other columns.
  IF TG_TABLE_NAME = 'lead_activities' AND TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows r WHERE r.kind IN ('accepted', 'claimed', 'stage', 'converted', 'lost',
        'sla_timeout', 'first_contact_timeout')) THEN
      RETURN NULL;
    END IF;
  ELSIF TG_TABLE_NAME = 'leads' AND TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN lead_activities a ON a.lead_id = n.id
        WHERE a.kind IN ('accepted', 'claimed', 'stage', 'converted', 'lost'))
      AND NOT EXISTS (SELECT 1 FROM new_rows n JOIN orders o ON o.lead_id = n.id)
      AND NOT EXISTS (SELECT 1 FROM new_rows n JOIN report_lead_stages s ON s.lead_id = n.id) THEN
      WITH x AS MATERIALIZED (
        SELECT 1 AS sign, n.id AS lead_id, 'new'::text AS stage, n.created_at AS entered_at,
          NULL::timestamptz AS left_at, NULL::timestamptz AS lost_at, NULL::text AS lost_reason,
          coalesce(n.owner_id, n.offered_to_id) AS owner_id,
          CASE WHEN h.id IS NOT NULL THEN h.manager_id ELSE u.manager_id END AS manager_id,
          n.source, n.campaign, n.region, n.routing_rule
        FROM new_rows n
        LEFT JOIN users u ON u.id = coalesce(n.owner_id, n.offered_to_id)
        LEFT JOIN user_manager_history h ON h.user_id = u.id AND h.valid_from <= n.created_at
          AND (h.valid_to IS NULL OR h.valid_to > n.created_at)
        WHERE n.merged_into_id IS NULL AND n.created_at IS NOT NULL
      ),
      staged AS (
        INSERT INTO report_lead_stages (lead_id, stage, entered_at, left_at, lost_at, lost_reason, owner_id, manager_id,
          source, campaign, region, routing_rule)
        SELECT lead_id, stage, entered_at, left_at, lost_at, lost_reason, owner_id, manager_id, source, campaign, region,
          routing_rule
        FROM x
      ),
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
      ),
      daily AS (
        INSERT INTO report_org_stage_days (day, stage, lost_reason, seconds, entered, moved, lost)
        SELECT day, stage, reason, seconds, sum(sign), sum(sign * moved), sum(sign * lost)
        FROM c GROUP BY 1, 2, 3, 4
        HAVING sum(sign) <> 0 OR sum(sign * moved) <> 0 OR sum(sign * lost) <> 0
      )
      INSERT INTO report_kpi_hourly (hour, owner_id, manager_id, metric, currency, source, routing_rule, sum, n)
      SELECT date_bin('1 hour', k.at, timestamptz '2000-01-01 00:00:00+00'), k.owner_id,
        CASE WHEN h.id IS NOT NULL THEN h.manager_id ELSE u.manager_id END, k.metric, coalesce(k.currency, ''),
        k.source, k.routing_rule, sum(k.sign * k.value), sum(k.sign)
      FROM (SELECT c.*, r.source, r.routing_rule, 1 AS sign FROM new_rows r, LATERAL report_kpi_of_lead(r) c) k
      LEFT JOIN users u ON u.id = k.owner_id
      LEFT JOIN user_manager_history h ON h.user_id = u.id AND h.valid_from <= k.at
        AND (h.valid_to IS NULL OR h.valid_to > k.at)
      WHERE k.owner_id IS NOT NULL AND k.at IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      HAVING sum(k.sign) <> 0 OR sum(k.sign * k.value) <> 0;
      RETURN NULL;
    END IF;
  END IF;
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
      IF TG_OP = 'UPDATE' THEN
        -- What each contribution is made of (report_kpi_of_allocation, report_balance_of): the rest cancels out.
        -- Asked first, so that a payment (no row moved) plans no join of the allocations at all.
        -- Aggregated, not EXISTS: EXISTS plans a nested loop of the two transition tables, quadratic when none moved.
        EXECUTE 'SELECT coalesce(bool_or((n.order_id, n.currency) IS DISTINCT FROM (o.order_id, o.currency)), false)
          FROM new_rows n JOIN old_rows o ON o.id = n.id' INTO any_moved;
        kpi := CASE WHEN any_moved THEN kpi || ' WHERE r.id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.order_id, n.currency) IS DISTINCT FROM (o.order_id, o.currency))' END;
        bal := bal || ' WHERE r.id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.order_id, n.due_on, n.currency, n.amount_minor, n.paid_minor)
            IS DISTINCT FROM (o.order_id, o.due_on, o.currency, o.amount_minor, o.paid_minor))';
      END IF;
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
