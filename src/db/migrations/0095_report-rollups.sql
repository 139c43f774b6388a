-- Report roll-ups kept by triggers in the transaction that writes the facts, so no reader ever sees a fact without its
-- roll-up (a job with a watermark would have to prove that no transaction below the watermark is still running, and
-- would lag). Every roll-up is a function of its facts alone: the triggers add the new rows' contributions and take
-- away the old rows', and a change of someone's manager rebuilds that person's rows from the facts.
-- The two summed roll-ups are append-only deltas (readers sum them; report_compact_rollups() folds a key's deltas into
-- one row now and then): an upsert into one hot row per rep and hour would make concurrent claims and intakes queue
-- behind each other and could deadlock two transactions that touch the same rows in another order.
--
-- report_lead_stages: one row per lead and stage it entered (the funnel's "journey" of src/domain/reports/funnel.ts),
-- with when it left (the earliest later stage), when and why the lead was lost, and what funnels group by.
-- report_kpi_hourly: the KPI flows per UTC hour × owner × manager at the time × metric × currency.
-- report_open_balances: what approved orders' installments still owe, per owner × due date × currency.
CREATE TABLE "report_lead_stages" (
	"lead_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	"lost_at" timestamp with time zone,
	"lost_reason" text,
	"owner_id" uuid,
	"manager_id" uuid,
	"source" text,
	"campaign" text,
	"region" text,
	"routing_rule" text,
	PRIMARY KEY ("lead_id", "stage")
);
--> statement-breakpoint
CREATE INDEX "report_lead_stages_entered_idx" ON "report_lead_stages" USING btree ("entered_at");
--> statement-breakpoint
CREATE INDEX "report_lead_stages_owner_idx" ON "report_lead_stages" USING btree ("owner_id");
--> statement-breakpoint
CREATE TABLE "report_kpi_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"owner_id" uuid NOT NULL,
	"manager_id" uuid,
	"metric" text NOT NULL,
	"currency" text NOT NULL,
	"sum" numeric NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_kpi_hourly_hour_idx" ON "report_kpi_hourly" ("hour");
--> statement-breakpoint
CREATE INDEX "report_kpi_hourly_owner_idx" ON "report_kpi_hourly" ("owner_id");
--> statement-breakpoint
CREATE TABLE "report_open_balances" (
	"owner_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"currency" text NOT NULL,
	"sum" numeric NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_open_balances_owner_idx" ON "report_open_balances" ("owner_id");
--> statement-breakpoint
-- A lead's stages, from its recorded history: the same definitions src/db/reports/funnel-facts-query.ts computes from
-- the facts, with each stage's first entry over the lead's whole life.
CREATE VIEW "report_lead_stage_facts" AS
SELECT l.id AS lead_id, s.stage, s.entered AS entered_at, s.left_at, j.lost_at, j.lost_reason,
  coalesce(l.owner_id, l.offered_to_id) AS owner_id,
  CASE WHEN h.id IS NOT NULL THEN h.manager_id ELSE u.manager_id END AS manager_id,
  l.source, l.campaign, l.region, l.routing_rule
FROM leads l
LEFT JOIN LATERAL (
  SELECT min(a.created_at) FILTER (WHERE a.kind IN ('accepted', 'claimed')) AS accepted_at,
    min(a.created_at) FILTER (WHERE a.kind = 'stage' AND a.data->>'to' = 'contacted') AS contacted_at,
    min(a.created_at) FILTER (WHERE a.kind = 'stage' AND a.data->>'to' = 'qualified') AS qualified_at,
    min(a.created_at) FILTER (WHERE a.kind = 'converted') AS converted_at,
    max(a.created_at) FILTER (WHERE a.kind = 'lost') AS lost_at,
    (array_agg(coalesce(a.data->>'reason', 'other') ORDER BY a.created_at DESC) FILTER (WHERE a.kind = 'lost'))[1]
      AS lost_reason
  FROM lead_activities a
  WHERE a.lead_id = l.id AND a.kind IN ('accepted', 'claimed', 'stage', 'converted', 'lost')
) ev ON true
LEFT JOIN LATERAL (
  SELECT min(o.created_at) AS order_at,
    min(o.decided_at) FILTER (WHERE o.status = 'approved') AS approved_at,
    min(p.paid_at) AS paid_at,
    max(coalesce(o.decided_at, o.updated_at)) FILTER (WHERE o.status IN ('rejected', 'cancelled')) AS dropped_at,
    (array_agg('order-' || o.status ORDER BY o.updated_at DESC) FILTER (WHERE o.status IN ('rejected', 'cancelled')))[1]
      AS dropped_reason
  FROM orders o
  LEFT JOIN LATERAL (
    SELECT CASE WHEN bool_and(i.paid_minor >= i.amount_minor) THEN max(i.paid_at) END AS paid_at
    FROM installments i WHERE i.order_id = o.id AND o.status = 'approved'
  ) p ON true
  WHERE o.lead_id = l.id AND o.status <> 'draft'
) ord ON true
LEFT JOIN users u ON u.id = coalesce(l.owner_id, l.offered_to_id)
LEFT JOIN user_manager_history h ON h.user_id = u.id AND h.valid_from <= l.created_at
  AND (h.valid_to IS NULL OR h.valid_to > l.created_at)
CROSS JOIN LATERAL (
  SELECT least(ev.converted_at, ord.order_at) AS converted_at,
    coalesce(ev.lost_at, ord.dropped_at) AS lost_at,
    CASE WHEN ev.lost_at IS NOT NULL THEN ev.lost_reason ELSE ord.dropped_reason END AS lost_reason
) j
CROSS JOIN LATERAL (VALUES
  ('new', l.created_at,
    least(ev.accepted_at, ev.contacted_at, ev.qualified_at, j.converted_at, ord.approved_at, ord.paid_at)),
  ('accepted', ev.accepted_at, least(ev.contacted_at, ev.qualified_at, j.converted_at, ord.approved_at, ord.paid_at)),
  ('contacted', ev.contacted_at, least(ev.qualified_at, j.converted_at, ord.approved_at, ord.paid_at)),
  ('qualified', ev.qualified_at, least(j.converted_at, ord.approved_at, ord.paid_at)),
  ('converted', j.converted_at, least(ord.approved_at, ord.paid_at)),
  ('approved', ord.approved_at, ord.paid_at),
  ('paid', ord.paid_at, NULL::timestamptz)
) AS s(stage, entered, left_at)
WHERE l.merged_into_id IS NULL AND s.entered IS NOT NULL;
--> statement-breakpoint
-- The KPI facts each row of a fact table contributes (owner, when, metric, currency, value): one definition used by the
-- triggers (over the changed rows) and by the rebuilds (over the tables).
CREATE FUNCTION report_kpi_of_lead(l leads)
RETURNS TABLE (owner_id uuid, at timestamptz, metric text, currency text, value numeric)
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(l.owner_id, l.offered_to_id), l.created_at, 'new', NULL::text, 1::numeric
  WHERE l.merged_into_id IS NULL
$$;
--> statement-breakpoint
CREATE FUNCTION report_kpi_of_activity(a lead_activities)
RETURNS TABLE (owner_id uuid, at timestamptz, metric text, currency text, value numeric)
LANGUAGE sql IMMUTABLE AS $$
  SELECT a.actor_id, a.created_at,
    CASE a.kind WHEN 'accepted' THEN 'accepted' WHEN 'claimed' THEN 'accepted'
      WHEN 'stage' THEN 'first_contact' WHEN 'converted' THEN 'won' ELSE 'lost' END,
    NULL::text, 1::numeric
  WHERE a.kind IN ('accepted', 'claimed', 'converted', 'lost', 'stage')
    AND (a.kind <> 'stage' OR a.data->>'to' = 'contacted')
  UNION ALL
  SELECT CASE WHEN a.data->>'to' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      THEN (a.data->>'to')::uuid END,
    a.created_at, CASE a.kind WHEN 'sla_timeout' THEN 'accept_timeout' ELSE 'first_contact_timeout' END,
    NULL::text, 1::numeric
  WHERE a.kind IN ('sla_timeout', 'first_contact_timeout')
$$;
--> statement-breakpoint
CREATE FUNCTION report_kpi_of_order(o orders)
RETURNS TABLE (owner_id uuid, at timestamptz, metric text, currency text, value numeric)
LANGUAGE sql IMMUTABLE AS $$
  SELECT o.owner_id, o.decided_at, 'approved', o.currency, o.total_minor::numeric
  WHERE o.status = 'approved' AND o.decided_at IS NOT NULL
  UNION ALL
  SELECT o.owner_id, o.decided_at, 'decided', NULL::text, extract(epoch FROM o.decided_at - o.submitted_at)
  WHERE o.status IN ('approved', 'rejected') AND o.submitted_at IS NOT NULL AND o.decided_at IS NOT NULL
$$;
--> statement-breakpoint
CREATE FUNCTION report_kpi_of_allocation(al allocations, i installments, o orders)
RETURNS TABLE (owner_id uuid, at timestamptz, metric text, currency text, value numeric)
LANGUAGE sql IMMUTABLE AS $$
  SELECT o.owner_id, al.created_at, 'collected', i.currency, al.amount_minor::numeric
  WHERE al.undone_at IS NULL AND al.kind <> 'write_off'
$$;
--> statement-breakpoint
CREATE FUNCTION report_balance_of(i installments, o orders)
RETURNS TABLE (owner_id uuid, due_on date, currency text, value numeric)
LANGUAGE sql IMMUTABLE AS $$
  SELECT o.owner_id, i.due_on, i.currency, (i.amount_minor - i.paid_minor)::numeric
  WHERE o.status = 'approved' AND i.paid_minor < i.amount_minor
$$;
--> statement-breakpoint
CREATE VIEW "report_kpi_facts" AS
SELECT c.* FROM leads l, LATERAL report_kpi_of_lead(l) c
UNION ALL SELECT c.* FROM lead_activities a, LATERAL report_kpi_of_activity(a) c
UNION ALL SELECT c.* FROM orders o, LATERAL report_kpi_of_order(o) c
UNION ALL SELECT c.* FROM allocations al JOIN installments i ON i.id = al.installment_id
  JOIN orders o ON o.id = i.order_id, LATERAL report_kpi_of_allocation(al, i, o) c;
--> statement-breakpoint
-- The statements that add signed contributions (rows of owner_id, at|due_on, metric, currency, value, sign) to a
-- roll-up as deltas; callers EXECUTE them where the contributing rows are visible (a trigger's transition tables are not
-- visible to a function it calls). Groups that net to nothing are skipped so an update that changes no figure adds no
-- row.
CREATE FUNCTION report_kpi_apply_sql(contribs text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    INSERT INTO report_kpi_hourly (hour, owner_id, manager_id, metric, currency, sum, n)
    SELECT date_bin('1 hour', c.at, timestamptz '2000-01-01 00:00:00+00'), c.owner_id,
      CASE WHEN h.id IS NOT NULL THEN h.manager_id ELSE u.manager_id END, c.metric, coalesce(c.currency, ''),
      sum(c.sign * c.value), sum(c.sign)
    FROM (%s) c
    LEFT JOIN users u ON u.id = c.owner_id
    LEFT JOIN user_manager_history h ON h.user_id = u.id AND h.valid_from <= c.at
      AND (h.valid_to IS NULL OR h.valid_to > c.at)
    WHERE c.owner_id IS NOT NULL AND c.at IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(c.sign) <> 0 OR sum(c.sign * c.value) <> 0
  $q$, contribs)
$$;
--> statement-breakpoint
CREATE FUNCTION report_balance_apply_sql(contribs text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    INSERT INTO report_open_balances (owner_id, due_on, currency, sum, n)
    SELECT c.owner_id, c.due_on, c.currency, sum(c.sign * c.value), sum(c.sign)
    FROM (%s) c
    GROUP BY 1, 2, 3
    HAVING sum(c.sign) <> 0 OR sum(c.sign * c.value) <> 0
  $q$, contribs)
$$;
--> statement-breakpoint
-- Recomputes the leads' stage rows. Two transactions refreshing one lead take turns on the lead's row, and each
-- statement after the wait sees what the other committed; new leads (no one else sees them yet) need no turn.
CREATE FUNCTION report_refresh_leads(ids uuid[], take_turns boolean DEFAULT true) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  IF take_turns THEN
    PERFORM 1 FROM leads WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  END IF;
  DELETE FROM report_lead_stages WHERE lead_id = ANY(ids);
  INSERT INTO report_lead_stages SELECT * FROM report_lead_stage_facts WHERE lead_id = ANY(ids);
END
$$;
--> statement-breakpoint
-- Someone's manager changed (or their history was edited): every figure credited to "the manager at the time" of their
-- facts is rebuilt from the facts.
CREATE FUNCTION report_rebuild_owner(who uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_kpi_hourly WHERE owner_id = who;
  EXECUTE report_kpi_apply_sql('SELECT f.*, 1 AS sign FROM report_kpi_facts f WHERE f.owner_id = $1') USING who;
  PERFORM report_refresh_leads(array(SELECT DISTINCT lead_id FROM report_lead_stages WHERE owner_id = who));
END
$$;
--> statement-breakpoint
-- A query over each transition table a trigger has: `template` with %1$s the table and %2$s the sign of its rows (the
-- new rows add, the old rows take away).
CREATE FUNCTION report_union_of(template text, sides text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT string_agg(format(template, side, CASE side WHEN 'new_rows' THEN '1' ELSE '-1' END), ' UNION ALL ')
  FROM unnest(sides) AS side
$$;
--> statement-breakpoint
-- One statement-level trigger function for every fact table: which leads' stages to recompute, and which KPI and
-- balance contributions the changed rows made before (old_rows, subtracted) and make now (new_rows, added).
CREATE FUNCTION report_track() RETURNS trigger LANGUAGE plpgsql AS $$
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
      kpi := 'SELECT c.*, %2$s AS sign FROM %1$s r, LATERAL report_kpi_of_lead(r) c';
    WHEN 'lead_activities' THEN
      -- Only the kinds a lead's stages are made of; offers, notes and reminders change no stage.
      lead_ids := 'SELECT r.lead_id FROM %1$s r WHERE r.kind IN (''accepted'', ''claimed'', ''stage'', ''converted'', ''lost'')';
      kpi := 'SELECT c.*, %2$s AS sign FROM %1$s r, LATERAL report_kpi_of_activity(r) c';
    WHEN 'orders' THEN
      lead_ids := 'SELECT r.lead_id FROM %1$s r WHERE r.lead_id IS NOT NULL';
      kpi := 'SELECT c.*, %2$s AS sign FROM %1$s r, LATERAL report_kpi_of_order(r) c
        UNION ALL SELECT c.*, %2$s FROM %1$s r JOIN installments i ON i.order_id = r.id
          JOIN allocations al ON al.installment_id = i.id, LATERAL report_kpi_of_allocation(al, i, r) c';
      bal := 'SELECT c.*, %2$s AS sign FROM %1$s r JOIN installments i ON i.order_id = r.id,
        LATERAL report_balance_of(i, r) c';
    WHEN 'installments' THEN
      lead_ids := 'SELECT o.lead_id FROM %1$s r JOIN orders o ON o.id = r.order_id WHERE o.lead_id IS NOT NULL';
      kpi := 'SELECT c.*, %2$s AS sign FROM %1$s r JOIN orders o ON o.id = r.order_id
        JOIN allocations al ON al.installment_id = r.id, LATERAL report_kpi_of_allocation(al, r, o) c';
      bal := 'SELECT c.*, %2$s AS sign FROM %1$s r JOIN orders o ON o.id = r.order_id,
        LATERAL report_balance_of(r, o) c';
    WHEN 'allocations' THEN
      kpi := 'SELECT c.*, %2$s AS sign FROM %1$s r JOIN installments i ON i.id = r.installment_id
        JOIN orders o ON o.id = i.order_id, LATERAL report_kpi_of_allocation(r, i, o) c';
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
CREATE FUNCTION report_track_manager() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM report_rebuild_owner(NEW.id);
  ELSE
    IF TG_OP <> 'INSERT' THEN PERFORM report_rebuild_owner(OLD.user_id); END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.user_id <> OLD.user_id) THEN
      PERFORM report_rebuild_owner(NEW.user_id);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['leads', 'lead_activities', 'orders', 'installments', 'allocations'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_track()', t || '_report_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_track()', t || '_report_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_track()', t || '_report_delete', t);
  END LOOP;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "users_report_manager" AFTER UPDATE OF "manager_id" ON "users" FOR EACH ROW
  WHEN (OLD.manager_id IS DISTINCT FROM NEW.manager_id) EXECUTE FUNCTION report_track_manager();
--> statement-breakpoint
CREATE TRIGGER "user_manager_history_report" AFTER INSERT OR UPDATE OR DELETE ON "user_manager_history"
  FOR EACH ROW EXECUTE FUNCTION report_track_manager();
--> statement-breakpoint
-- Folds each key's deltas into one row (dropping keys that net to nothing). Rows committed while it runs are not in
-- its snapshot and stay as they are; a concurrent fold skips the rows this one deleted.
CREATE FUNCTION report_compact_rollups() RETURNS void LANGUAGE plpgsql AS $$
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
    SELECT owner_id, due_on, currency FROM report_open_balances GROUP BY 1, 2, 3 HAVING count(*) > 1 OR sum(n) = 0
  ), folded AS (
    DELETE FROM report_open_balances b USING keys
    WHERE b.owner_id = keys.owner_id AND b.due_on = keys.due_on AND b.currency = keys.currency
    RETURNING b.*
  )
  INSERT INTO report_open_balances (owner_id, due_on, currency, sum, n)
  SELECT owner_id, due_on, currency, sum(sum), sum(n) FROM folded GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(sum) <> 0;
END
$$;
--> statement-breakpoint
-- Every roll-up from the facts alone: the backfill below, and what a session that wrote with triggers off (replica
-- mode) runs afterwards. DELETE, not TRUNCATE, so the app's role may run it too.
CREATE FUNCTION report_rebuild_all() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_lead_stages;
  DELETE FROM report_kpi_hourly;
  DELETE FROM report_open_balances;
  INSERT INTO report_lead_stages SELECT * FROM report_lead_stage_facts;
  EXECUTE report_kpi_apply_sql('SELECT f.*, 1 AS sign FROM report_kpi_facts f');
  EXECUTE report_balance_apply_sql('SELECT c.*, 1 AS sign FROM installments i JOIN orders o ON o.id = i.order_id,
    LATERAL report_balance_of(i, o) c');
END
$$;
--> statement-breakpoint
SELECT report_rebuild_all();
