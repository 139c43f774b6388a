-- An intake that offers a lead to a person takes its turn in one round trip: lock the turn-taking rules' cursors (in
-- name order, creating missing ones), then read the routing load in a fresh statement, which in READ COMMITTED sees
-- every offer committed by the intakes it queued behind. Each round trip made while the lock is held is a wait for
-- every intake queued behind it.
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
     GROUP BY 5
    UNION ALL
    SELECT 'offer'::text, NULL::text, NULL::uuid, NULL::jsonb, a.data->>'to',
           date_bin('15 minutes', a.created_at, timestamptz '2000-01-01 00:00:00+00'), count(*)::integer
      FROM lead_activities a
     WHERE a.kind = 'offered' AND a.created_at >= offers_since
     GROUP BY 5, 6;
END
$$;
