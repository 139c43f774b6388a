-- The audit log becomes tamper-evident and append-only: a sealer chains every row's hash to the previous one, and a
-- trigger refuses any change but that one-time seal (and any delete or truncate), whoever the session is; only
-- `closeloop audit archive` (the table owner, trigger disabled inside its transaction) moves old rows to a file.
ALTER TABLE "audit_log" ADD COLUMN "platform" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "seal_seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_seal_seq_uq" ON "audit_log" ("seal_seq");--> statement-breakpoint
CREATE INDEX "audit_unsealed_idx" ON "audit_log" ("id") WHERE "seal_seq" IS NULL;--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_log" ("created_at");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_log" ("actor_label", "id");--> statement-breakpoint
CREATE TABLE "audit_archives" (
  "id" bigserial PRIMARY KEY,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  "first_seq" bigint NOT NULL,
  "last_seq" bigint NOT NULL,
  "last_hash" text NOT NULL,
  "rows" integer NOT NULL,
  "file" text NOT NULL,
  "file_sha256" text NOT NULL
);--> statement-breakpoint
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.seal_seq IS NULL AND NEW.seal_seq IS NOT NULL AND NEW.hash IS NOT NULL
       AND NEW.id = OLD.id AND NEW.created_at = OLD.created_at AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.actor_label = OLD.actor_label AND NEW.platform IS NOT DISTINCT FROM OLD.platform AND NEW.action = OLD.action AND NEW.entity_type = OLD.entity_type
       AND NEW.entity_id = OLD.entity_id AND NEW.before IS NOT DISTINCT FROM OLD.before
       AND NEW.after IS NOT DISTINCT FROM OLD.after THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: row % cannot be changed', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER "audit_log_no_change" BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
