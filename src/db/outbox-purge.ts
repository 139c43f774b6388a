// Owns the SQL that empties the content of delivered outbox rows past their retention, a batch at a time.
import { sql } from 'drizzle-orm';
import type { Executor } from './client.ts';

// Empties up to `batch` rows sent, superseded or dead before `before` (from their send, else their creation),
// skipping rows another purge holds; the rows keep status, key, times and error. A chat card becomes {}; a webhook
// row keeps its event id, type and time. Answers how many rows it emptied.
export async function purgeOutboxBatch(
  db: Executor,
  before: Date,
  now: Date,
  batch: number,
): Promise<number> {
  const r = await db.execute(
    sql`update outbox as o
        set card = case when o.platform = 'webhook'
                        then jsonb_strip_nulls(jsonb_build_object('id', o.card->'id', 'type', o.card->'type',
                                                                  'occurredAt', o.card->'occurredAt'))
                        else '{}'::jsonb end,
            card_kid = '', uploads = '{}'::jsonb, purged_at = ${now}
        where o.id in (select id from outbox
                       where purged_at is null and status <> 'pending' and coalesce(sent_at, created_at) < ${before}
                       order by coalesce(sent_at, created_at) limit ${batch} for update skip locked)`,
  );
  return r.rowCount ?? 0;
}
