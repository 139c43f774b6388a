// Use case (job): empty the cards of delivered outbox rows once the retention window has passed, and seal any card
// still written in the clear (a writer that went around the outbox's sealing, or a row from before it).
import { purgeOutboxBatch } from '../../db/outbox-purge.ts';
import { sealedCardTables } from '../../db/sealed-values.ts';
import { resealCards } from '../crypto/reseal-personal-data.ts';
import type { AppDeps } from '../deps.ts';

export interface PurgeReport {
  purged: number;
  sealed: number;
}

const BATCH = 1_000;

// A sent, superseded or dead row older than keepDays (from its send, else its creation) keeps its place — status,
// idempotency key, times, error — so retries stay deduplicated and the delivery log stays whole; only the content
// goes. A chat card becomes {}; a webhook row keeps its event id and type (the delivery log shows them).
export async function purgeDeliveredCards(deps: AppDeps, keepDays: number): Promise<PurgeReport> {
  const before = new Date(deps.clock.now().getTime() - keepDays * 86_400_000);
  let purged = 0;
  for (;;) {
    const n = await purgeOutboxBatch(deps.db, before, deps.clock.now(), BATCH);
    purged += n;
    if (n < BATCH) break;
  }
  let sealed = 0;
  for (const table of sealedCardTables)
    sealed += await resealCards(deps, table, { batch: BATCH, plainOnly: true });
  return { purged, sealed };
}
