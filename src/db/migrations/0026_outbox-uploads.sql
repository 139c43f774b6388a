-- Files a send uploaded for its outbox row (a Slack file id, a Lark image_key per chart), so a retry reuses them.
ALTER TABLE "outbox" ADD COLUMN "uploads" jsonb DEFAULT '{}'::jsonb NOT NULL;
