-- The DSO trend needs the open balance at each past month-end. Read from the facts (what approved orders owe now,
-- rolled back by the allocations made or undone since) it joined every open installment to its order: ~6× a count(*)
-- of the fact tables at 200,000 leads. report_balance_moves keeps each balance movement per UTC hour × owner ×
-- currency: what an installment owes now at its order's approval, and each allocation (payment or write-off) as owed
-- from the approval until it was made, or paid from when it was made until it was undone. All of an owner's moves add
-- up to what they are owed now, so the balance at an instant is today's open balance less the moves since: a reader
-- sums only the months it looks back over. Fed by triggers of its own (report_track is left as it is), as append-only
-- deltas like the other summed roll-ups; folded by report_compact_balance_moves() (the compact job calls it) and
-- rebuilt by report_rebuild_all().
CREATE TABLE "report_balance_moves" (
	"hour" timestamptz NOT NULL,
	"owner_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"sum" numeric NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "report_balance_moves_hour_idx" ON "report_balance_moves" ("hour");
--> statement-breakpoint
-- What an approved order's installment still owes, from the approval on (nothing once paid in full, as the open
-- balance counts it).
CREATE FUNCTION report_moves_of_installment(i installments, o orders)
RETURNS TABLE (owner_id uuid, at timestamptz, currency text, value numeric)
LANGUAGE sql IMMUTABLE AS $$
  SELECT o.owner_id, o.decided_at, i.currency, (i.amount_minor - i.paid_minor)::numeric
  WHERE o.status = 'approved' AND o.decided_at IS NOT NULL AND i.paid_minor < i.amount_minor
$$;
--> statement-breakpoint
-- A live allocation was owed from the approval until it was made; an undone one was paid from when it was made until
-- it was undone. Both are in the installment's paid_minor now (or no longer), so their moves net to nothing today.
CREATE FUNCTION report_moves_of_allocation(al allocations, i installments, o orders)
RETURNS TABLE (owner_id uuid, at timestamptz, currency text, value numeric)
LANGUAGE sql IMMUTABLE AS $$
  SELECT o.owner_id, x.at, i.currency, x.value
  FROM (VALUES
    (CASE WHEN al.undone_at IS NULL THEN o.decided_at END, al.amount_minor::numeric),
    (al.created_at, -al.amount_minor::numeric),
    (al.undone_at, al.amount_minor::numeric)
  ) AS x(at, value)
  WHERE o.status = 'approved' AND o.decided_at IS NOT NULL AND x.at IS NOT NULL
$$;
--> statement-breakpoint
CREATE VIEW "report_balance_move_facts" AS
SELECT c.* FROM installments i JOIN orders o ON o.id = i.order_id, LATERAL report_moves_of_installment(i, o) c
UNION ALL SELECT c.* FROM allocations al JOIN installments i ON i.id = al.installment_id
  JOIN orders o ON o.id = i.order_id, LATERAL report_moves_of_allocation(al, i, o) c;
--> statement-breakpoint
CREATE FUNCTION report_moves_apply_sql(contribs text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    INSERT INTO report_balance_moves (hour, owner_id, currency, sum, n)
    SELECT date_bin('1 hour', c.at, timestamptz '2000-01-01 00:00:00+00'), c.owner_id, c.currency,
      sum(c.sign * c.value), sum(c.sign)
    FROM (%s) c
    GROUP BY 1, 2, 3
    HAVING sum(c.sign) <> 0 OR sum(c.sign * c.value) <> 0
  $q$, contribs)
$$;
--> statement-breakpoint
-- The moves the changed rows made before (old_rows, subtracted) and make now (new_rows, added). An update that changes
-- none of the columns a move is made of (most order updates: cards, versions, timestamps) is skipped.
CREATE FUNCTION report_track_moves() RETURNS trigger LANGUAGE plpgsql AS $$
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
          WHERE (n.status, n.decided_at, n.owner_id) IS DISTINCT FROM (o.status, o.decided_at, o.owner_id))';
      END IF;
      moves := 'SELECT c.*, %2$s AS sign FROM %1$s r JOIN installments i ON i.order_id = r.id,
          LATERAL report_moves_of_installment(i, r) c WHERE ' || changed || '
        UNION ALL SELECT c.*, %2$s FROM %1$s r JOIN installments i ON i.order_id = r.id
          JOIN allocations al ON al.installment_id = i.id, LATERAL report_moves_of_allocation(al, i, r) c
          WHERE ' || changed;
    WHEN 'installments' THEN
      IF TG_OP = 'UPDATE' THEN
        changed := 'r.id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.order_id, n.amount_minor, n.paid_minor, n.currency)
            IS DISTINCT FROM (o.order_id, o.amount_minor, o.paid_minor, o.currency))';
      END IF;
      -- An installment's allocations keep their moves unless its order or currency changed.
      moves := 'SELECT c.*, %2$s AS sign FROM %1$s r JOIN orders o ON o.id = r.order_id,
          LATERAL report_moves_of_installment(r, o) c WHERE ' || changed || '
        UNION ALL SELECT c.*, %2$s FROM %1$s r JOIN orders o ON o.id = r.order_id
          JOIN allocations al ON al.installment_id = r.id, LATERAL report_moves_of_allocation(al, r, o) c
          WHERE ' || changed || CASE WHEN TG_OP = 'UPDATE' THEN ' AND r.id IN (SELECT n.id FROM new_rows n
            JOIN old_rows o ON o.id = n.id WHERE (n.order_id, n.currency) IS DISTINCT FROM (o.order_id, o.currency))'
          ELSE '' END;
    WHEN 'allocations' THEN
      moves := 'SELECT c.*, %2$s AS sign FROM %1$s r JOIN installments i ON i.id = r.installment_id
        JOIN orders o ON o.id = i.order_id, LATERAL report_moves_of_allocation(r, i, o) c';
  END CASE;
  EXECUTE report_moves_apply_sql(report_union_of(moves, sides));
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['orders', 'installments', 'allocations'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_track_moves()', t || '_moves_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_track_moves()', t || '_moves_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_track_moves()', t || '_moves_delete', t);
  END LOOP;
END
$$;
--> statement-breakpoint
CREATE FUNCTION report_compact_balance_moves() RETURNS void LANGUAGE sql AS $$
  WITH keys AS (
    SELECT hour, owner_id, currency FROM report_balance_moves GROUP BY 1, 2, 3 HAVING count(*) > 1 OR sum(n) = 0
  ), folded AS (
    DELETE FROM report_balance_moves m USING keys
    WHERE m.hour = keys.hour AND m.owner_id = keys.owner_id AND m.currency = keys.currency
    RETURNING m.*
  )
  INSERT INTO report_balance_moves (hour, owner_id, currency, sum, n)
  SELECT hour, owner_id, currency, sum(sum), sum(n) FROM folded
  GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(sum) <> 0;
$$;
--> statement-breakpoint
-- As 0125's, and the moves.
CREATE OR REPLACE FUNCTION report_rebuild_all() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_lead_stages;
  DELETE FROM report_kpi_hourly;
  DELETE FROM report_open_balances;
  DELETE FROM report_due_collected;
  DELETE FROM report_balance_moves;
  INSERT INTO report_lead_stages SELECT * FROM report_lead_stage_facts;
  EXECUTE report_kpi_apply_sql('SELECT f.*, 1 AS sign FROM report_kpi_facts f');
  EXECUTE report_balance_apply_sql('SELECT c.*, 1 AS sign FROM installments i JOIN orders o ON o.id = i.order_id,
    LATERAL report_balance_of(i, o) c');
  EXECUTE report_moves_apply_sql('SELECT f.*, 1 AS sign FROM report_balance_move_facts f');
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE report_moves_apply_sql('SELECT f.*, 1 AS sign FROM report_balance_move_facts f');
END
$$;
