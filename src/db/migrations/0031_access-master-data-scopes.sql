-- Keys that hold every scope there was before customers and products had their own get those too, so an
-- existing all-powerful integration key keeps working; a key limited on purpose stays limited.
UPDATE "api_keys" SET "scopes" = "scopes" || ARRAY['customers:read','customers:write','products:read','products:write']::text[]
WHERE "scopes" @> ARRAY['leads:read','leads:write','orders:read','orders:write','payments:write','invoices:write','statements:write','reports:read','audit:read']::text[]
  AND NOT "scopes" @> ARRAY['customers:read']::text[];
