ALTER TABLE "customers" ADD COLUMN "aliases" text[] DEFAULT '{}'::text[] NOT NULL;
