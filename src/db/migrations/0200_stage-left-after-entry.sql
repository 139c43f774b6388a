-- A stage is left by the earliest later stage entered at or after it was entered, never before: an order made before
-- the lead it is later linked to (a merge moves the dropped lead's orders to the kept one, which may be newer) entered
-- "converted" before "new", and each earlier stage of the lead read it as left then, with negative time in stage.
-- The windowed fact query never sees such an entry once the window starts after it, so it and the roll-up disagreed.
-- Only rows whose left_at precedes their entry change; those leads' stage rows and day roll-ups are recomputed.
CREATE FUNCTION report_entry_after(at timestamptz, entered timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN at >= entered THEN at END
$$;
--> statement-breakpoint
-- As 0095's, each stage's left_at from the later entries at or after its own.
CREATE OR REPLACE VIEW "report_lead_stage_facts" AS
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
    least(report_entry_after(ev.accepted_at, l.created_at), report_entry_after(ev.contacted_at, l.created_at),
      report_entry_after(ev.qualified_at, l.created_at), report_entry_after(j.converted_at, l.created_at),
      report_entry_after(ord.approved_at, l.created_at), report_entry_after(ord.paid_at, l.created_at))),
  ('accepted', ev.accepted_at,
    least(report_entry_after(ev.contacted_at, ev.accepted_at), report_entry_after(ev.qualified_at, ev.accepted_at),
      report_entry_after(j.converted_at, ev.accepted_at), report_entry_after(ord.approved_at, ev.accepted_at),
      report_entry_after(ord.paid_at, ev.accepted_at))),
  ('contacted', ev.contacted_at,
    least(report_entry_after(ev.qualified_at, ev.contacted_at), report_entry_after(j.converted_at, ev.contacted_at),
      report_entry_after(ord.approved_at, ev.contacted_at), report_entry_after(ord.paid_at, ev.contacted_at))),
  ('qualified', ev.qualified_at,
    least(report_entry_after(j.converted_at, ev.qualified_at), report_entry_after(ord.approved_at, ev.qualified_at),
      report_entry_after(ord.paid_at, ev.qualified_at))),
  ('converted', j.converted_at,
    least(report_entry_after(ord.approved_at, j.converted_at), report_entry_after(ord.paid_at, j.converted_at))),
  ('approved', ord.approved_at, report_entry_after(ord.paid_at, ord.approved_at)),
  ('paid', ord.paid_at, NULL::timestamptz)
) AS s(stage, entered, left_at)
WHERE l.merged_into_id IS NULL AND s.entered IS NOT NULL;
--> statement-breakpoint
SELECT report_refresh_leads(array(SELECT DISTINCT lead_id FROM report_lead_stages WHERE left_at < entered_at));
