-- A payment or an order approval committing while its rep's manager changed kept the old manager in its KPI deltas,
-- or was counted twice: report_rebuild_owner() deletes the rep's KPI rows and recomputes them in two statements with
-- no lock, and a payment's triggers read the manager before any lock. Now each takes the rep's turn — an advisory lock
-- keyed by the rep, held to commit: the rebuild alone (exclusive), payments, approvals and plan edits together (shared,
-- in report_take_lead_turns, before any roll-up trigger reads the manager). A payment that took it first is in the
-- rebuild's recompute; one after the rebuild waits for its commit and reads the new manager. Both sides take the rep
-- after the leads (a payment: installments, leads, reps; a manager change: the rep's leads, the rep), so no order of
-- the two deadlocks, nor a lead conversion (lead, then its order's rep).
CREATE FUNCTION report_rep_turn(rep uuid) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT hashtextextended('closeloop:report-rep:' || rep::text, 0)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_rebuild_owner(who uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  staged uuid[] := array(SELECT DISTINCT lead_id FROM report_lead_stages WHERE owner_id = who);
BEGIN
  PERFORM 1 FROM leads WHERE id = ANY(staged) ORDER BY id FOR NO KEY UPDATE;
  PERFORM pg_advisory_xact_lock(report_rep_turn(who));
  DELETE FROM report_kpi_hourly WHERE owner_id = who;
  EXECUTE report_kpi_apply_sql('SELECT f.*, 1 AS sign FROM report_kpi_facts f WHERE f.owner_id = $1') USING who;
  PERFORM report_refresh_leads(staged);
END
$$;
--> statement-breakpoint
-- The leads and the reps are read in one pass over the changed rows (orders and installments joined once).
CREATE OR REPLACE FUNCTION report_take_lead_turns() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  keys text;
  sides text[] := '{}';
  ids uuid[];
  reps uuid[];
  paid uuid[];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN sides := array_append(sides, 'new_rows'); END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN sides := array_append(sides, 'old_rows'); END IF;
  CASE TG_TABLE_NAME
    WHEN 'orders' THEN
      keys := 'SELECT r.lead_id, r.owner_id FROM %1$s r';
    WHEN 'installments' THEN
      keys := 'SELECT o.lead_id, o.owner_id FROM %1$s r JOIN orders o ON o.id = r.order_id';
    WHEN 'allocations' THEN
      EXECUTE format('SELECT array_agg(DISTINCT x) FROM (%s) AS t(x)',
        report_union_of('SELECT r.installment_id FROM %1$s r', sides)) INTO paid;
      PERFORM 1 FROM installments WHERE id = ANY(paid) ORDER BY id FOR NO KEY UPDATE;
      keys := 'SELECT o.lead_id, o.owner_id FROM %1$s r JOIN installments i ON i.id = r.installment_id
        JOIN orders o ON o.id = i.order_id';
  END CASE;
  EXECUTE format('SELECT array_agg(DISTINCT l) FILTER (WHERE l IS NOT NULL),
      array_agg(DISTINCT w) FILTER (WHERE w IS NOT NULL) FROM (%s) AS t(l, w)', report_union_of(keys, sides))
    INTO ids, reps;
  IF ids IS NOT NULL THEN
    PERFORM 1 FROM leads WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(report_rep_turn(x)) FROM unnest(reps) AS x ORDER BY x;
  RETURN NULL;
END
$$;
