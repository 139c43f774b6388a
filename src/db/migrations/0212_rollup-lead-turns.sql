-- A payment committing while its order's lead was re-sourced or re-routed left the payment's roll-up deltas under the
-- lead's old key until a rebuild: report_rekey_leads() moves only the rows it can see, and a payment's triggers read
-- the lead's key before any lock, so each side missed the other. Every statement on orders, installments or allocations
-- now takes its leads' turn first (the row lock report_refresh_leads already takes, and a lead's own UPDATE holds), in
-- id order, before any of its roll-up triggers reads a key: the re-key waits for a payment that took the turn first and
-- then moves its rows too; a payment after the re-key waits for it and reads the new key. Installment and order
-- statements took the same turn already, later in the same statement (report_track), so they wait for nothing new.
-- An allocation statement takes it first now, after its installments' rows: an undo updates allocations before their
-- installments and a payment locks the installments first, so both go installments, then leads. An order changed under
-- a payment (a customer merge moving its orders, an approval) is ordered against it the same way, through its lead.
CREATE FUNCTION report_take_lead_turns() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lead_ids text;
  sides text[] := '{}';
  ids uuid[];
  paid uuid[];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN sides := array_append(sides, 'new_rows'); END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN sides := array_append(sides, 'old_rows'); END IF;
  CASE TG_TABLE_NAME
    WHEN 'orders' THEN
      lead_ids := 'SELECT r.lead_id FROM %1$s r WHERE r.lead_id IS NOT NULL';
    WHEN 'installments' THEN
      lead_ids := 'SELECT o.lead_id FROM %1$s r JOIN orders o ON o.id = r.order_id WHERE o.lead_id IS NOT NULL';
    WHEN 'allocations' THEN
      EXECUTE format('SELECT array_agg(DISTINCT x) FROM (%s) AS t(x)',
        report_union_of('SELECT r.installment_id FROM %1$s r', sides)) INTO paid;
      PERFORM 1 FROM installments WHERE id = ANY(paid) ORDER BY id FOR NO KEY UPDATE;
      lead_ids := 'SELECT o.lead_id FROM %1$s r JOIN installments i ON i.id = r.installment_id
        JOIN orders o ON o.id = i.order_id WHERE o.lead_id IS NOT NULL';
  END CASE;
  EXECUTE format('SELECT array_agg(DISTINCT x) FROM (%s) AS t(x)', report_union_of(lead_ids, sides)) INTO ids;
  IF ids IS NOT NULL THEN
    PERFORM 1 FROM leads WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Statement triggers of one event fire in name order: "<table>_lead_turn_*" before "<table>_moves_*" and
-- "<table>_report_*", the roll-up triggers that read the key.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['orders', 'installments', 'allocations'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_take_lead_turns()', t || '_lead_turn_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_take_lead_turns()', t || '_lead_turn_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_take_lead_turns()', t || '_lead_turn_delete', t);
  END LOOP;
END
$$;
