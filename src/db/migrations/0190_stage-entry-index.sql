-- The funnel's bottleneck counts each stage's entrants older than the baseline's median and p90 time in it: whole days
-- from the day roll-ups, and the part-days at each cut from the stage rows of that one stage, which this finds without
-- reading the other stages' rows of the same hours.
CREATE INDEX IF NOT EXISTS "report_lead_stages_stage_entered_idx" ON "report_lead_stages" USING btree ("stage", "entered_at");
