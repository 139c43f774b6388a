-- Paying installments (a statement import pays thousands in one UPDATE) re-read every allocation of every paid
-- installment twice, as it was and as it is, only for the two to cancel: an allocation's KPI contribution names its
-- installment's order and currency alone, and a payment changes neither. report_track() now reads an installment
-- update's allocations only when a row's order or currency changed (asked once, before any join), and its balances
-- only for rows whose balance inputs changed; report_track_moves() likewise leaves out the allocations' branch when no
-- row moved. Every roll-up row written is the one written before (the skipped contributions summed to zero in their
-- group).
CREATE OR REPLACE FUNCTION report_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lead_ids text;
  kpi text;
  bal text;
  sides text[] := '{}';
  ids uuid[];
  moved boolean;
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
      IF TG_OP = 'UPDATE' THEN
        -- What each contribution is made of (report_kpi_of_allocation, report_balance_of): the rest cancels out.
        -- Asked first, so that a payment (no row moved) plans no join of the allocations at all.
        -- Aggregated, not EXISTS: EXISTS plans a nested loop of the two transition tables, quadratic when none moved.
        EXECUTE 'SELECT coalesce(bool_or((n.order_id, n.currency) IS DISTINCT FROM (o.order_id, o.currency)), false)
          FROM new_rows n JOIN old_rows o ON o.id = n.id' INTO moved;
        kpi := CASE WHEN moved THEN kpi || ' WHERE r.id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
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
--> statement-breakpoint
-- As 0185's; an installment update that moved no row to another order or currency reads no allocations.
CREATE OR REPLACE FUNCTION report_track_moves() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moves text;
  changed text := 'true';
  sides text[] := '{}';
  moved boolean;
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
      IF TG_OP = 'UPDATE' THEN
        -- No row moved to another order or currency (a payment): the allocations' branch would yield nothing, so
        -- it is left out rather than planned and joined.
        -- Aggregated, not EXISTS: EXISTS plans a nested loop of the two transition tables, quadratic when none moved.
        EXECUTE 'SELECT coalesce(bool_or((n.order_id, n.currency) IS DISTINCT FROM (o.order_id, o.currency)), false)
          FROM new_rows n JOIN old_rows o ON o.id = n.id' INTO moved;
        IF NOT moved THEN
          moves := 'SELECT c.*, lk.source, lk.routing_rule, %2$s AS sign FROM %1$s r JOIN orders o ON o.id = r.order_id
            LEFT JOIN leads lk ON lk.id = o.lead_id, LATERAL report_moves_of_installment(r, o) c WHERE ' || changed;
        END IF;
      END IF;
    WHEN 'allocations' THEN
      moves := 'SELECT c.*, lk.source, lk.routing_rule, %2$s AS sign FROM %1$s r JOIN installments i ON i.id = r.installment_id
        JOIN orders o ON o.id = i.order_id LEFT JOIN leads lk ON lk.id = o.lead_id,
        LATERAL report_moves_of_allocation(r, i, o) c';
  END CASE;
  EXECUTE report_moves_apply_sql(report_union_of(moves, sides));
  RETURN NULL;
END
$$;
