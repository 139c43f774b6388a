// Use case (job): show again the owner's living card of each order a bulk change queued, oldest first, a batch of
// orders a transaction read together; two instances share the queue.
import { sql } from 'drizzle-orm';
import { orderCardRefresh } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { showOrderCards } from './owner-card.ts';

// One run's share: the rest waits for the next run rather than keeping one run going for a whole statement.
const perRun = 2_000;
// Orders a transaction takes: their reads are a few statements for the whole batch, so a card costs a share of them
// rather than ~30 round trips of its own; small enough that a batch's locks are held for well under a second.
const perBatch = 100;

export async function refreshQueuedOrderCards(deps: AppDeps, limit = perRun): Promise<{ shown: number }> {
  let shown = 0;
  while (shown < limit) {
    const size = Math.min(perBatch, limit - shown);
    let taken: number;
    try {
      taken = await showBatch(deps, size);
    } catch (e) {
      // One order that fails must not hold back the others queued with it: they go one a transaction, so every
      // other card of the batch is shown and only the failing order stays queued (and the run fails as before).
      if (size === 1) throw e;
      for (let i = 0; i < size; i++) {
        const one = await showBatch(deps, 1);
        if (one === 0) break;
        shown += one;
      }
      continue;
    }
    if (taken === 0) break;
    shown += taken;
  }
  return { shown };
}

// Takes up to `size` queued orders (skip locked: another instance's run takes the next ones instead of waiting on
// these), dequeues them and shows their cards, all in one transaction; how many it took.
async function showBatch(deps: AppDeps, size: number): Promise<number> {
  return inTransaction(deps, { kind: 'system', name: 'order-cards' }, async (uow) => {
    const taken = await uow.tx.execute<{ order_id: string }>(sql`
      delete from ${orderCardRefresh} where order_id in (
        select order_id from ${orderCardRefresh}
        order by queued_at, order_id
        limit ${size}
        for update skip locked)
      returning order_id`);
    const ids = taken.rows.map((r) => r.order_id);
    await showOrderCards(uow, ids);
    return ids.length;
  });
}
