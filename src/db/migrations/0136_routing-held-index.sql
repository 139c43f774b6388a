-- Taking a routing turn counts the open leads each person holds (offered to them or accepted). That count read every
-- open lead, including the many waiting in claim channels or new (offered to no one): its cost grew with the whole
-- table (20-60 ms at 40,000 open leads, paid while holding the turn-taking lock). An index on exactly the held leads
-- bounds it by what people hold; leads posted for claiming (offered to no one) are left out of both.
CREATE INDEX IF NOT EXISTS "leads_held_idx" ON "leads" USING btree (coalesce("owner_id", "offered_to_id"))
  WHERE closed_at IS NULL AND status IN ('offered', 'accepted') AND coalesce(owner_id, offered_to_id) IS NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION routing_take_turn(rule_names text[], offers_since timestamptz)
RETURNS TABLE (kind text, rule text, last_user_id uuid, state jsonb, who text, at timestamptz, n integer)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    WITH locked AS (
      INSERT INTO routing_cursors AS c (rule)
      SELECT r FROM unnest(rule_names) AS r ORDER BY r
      ON CONFLICT (rule) DO UPDATE SET rule = excluded.rule
      RETURNING c.rule, c.last_user_id, c.state
    )
    SELECT 'cursor'::text, locked.rule, locked.last_user_id, locked.state, NULL::text, NULL::timestamptz, NULL::integer
      FROM locked;
  RETURN QUERY
    SELECT 'held'::text, NULL::text, NULL::uuid, NULL::jsonb, coalesce(l.owner_id, l.offered_to_id)::text,
           NULL::timestamptz, count(*)::integer
      FROM leads l
     WHERE l.closed_at IS NULL AND l.status IN ('offered', 'accepted')
       AND coalesce(l.owner_id, l.offered_to_id) IS NOT NULL
     GROUP BY coalesce(l.owner_id, l.offered_to_id)
    UNION ALL
    SELECT 'offer'::text, NULL::text, NULL::uuid, NULL::jsonb, a.data->>'to',
           date_bin('15 minutes', a.created_at, timestamptz '2000-01-01 00:00:00+00'), count(*)::integer
      FROM lead_activities a
     WHERE a.kind = 'offered' AND a.created_at >= offers_since
     GROUP BY 5, 6;
END
$$;
