-- The alike-company dedupe read every open lead sharing a company's first two characters (migration 0135) and compared
-- each in Node. An alike company shares most of its bigrams, so it contains at least one of a few chosen ones
-- (alikeCompanyGrams in src/domain/leads/dedupe.ts): each lead keeps its company's distinct bigrams (by character, as
-- the Node side counts them) so the look-up hands Node only the leads containing one.
CREATE FUNCTION lead_company_grams(k text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(k, i, 2)), '{}') FROM generate_series(1, char_length(k) - 1) AS i
$$;
--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "company_grams" text[] GENERATED ALWAYS AS (lead_company_grams("company_key")) STORED;
