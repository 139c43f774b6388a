// Use case (job): show again the owner's living card of each order a bulk change queued, oldest first, a batch of
// orders a transaction read together; two instances share the queue.
import { queueOrderCardLast, takeQueuedOrderCards } from '../../db/order-card-refresh.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { showOrderCards } from './owner-card.ts';

// One run's share: the rest waits for the next run rather than keeping one run going for a whole statement. The job
// runs every minute; at the measured 250+ cards/s (load 12–15) this share takes about 40 s, well inside the scheduler's
// 5-minute lock, so a 100,000-line statement's ~73,000 cards take about eight runs rather than thirty-seven.
const perRun = 10_000;
// Orders a transaction takes: their reads are a few statements for the whole batch, so a card costs a share of them
// rather than ~30 round trips of its own; small enough that a batch's locks are held for well under a second.
const perBatch = 100;

export async function refreshQueuedOrderCards(deps: AppDeps, limit = perRun): Promise<{ shown: number }> {
  let shown = 0;
  // Orders whose card failed in this run: left queued, and passed over so the rest of the queue still moves. They
  // count toward the run's share: a fault that fails every card ends the run after its share, not after three
  // transactions for each order of the whole queue (and a list of passed-over ids as long as the queue).
  const failed: { orderId: string; error: unknown }[] = [];
  while (shown + failed.length < limit) {
    const pick: Pick = {
      size: Math.min(perBatch, limit - shown - failed.length),
      except: failed.map((f) => f.orderId),
      taken: [],
    };
    try {
      const taken = await showBatch(deps, pick);
      if (taken === 0) break;
      shown += taken;
    } catch (error) {
      // Nothing taken: the queue itself could not be read.
      if (pick.taken.length === 0) throw error;
      // One order that fails must not hold back the others taken with it: each goes in a transaction of its own.
      for (const orderId of pick.taken) {
        try {
          shown += await showBatch(deps, { size: 1, only: orderId, except: [], taken: [] });
        } catch (alone) {
          failed.push({ orderId, error: alone });
          await inTransaction(deps, { kind: 'system', name: 'order-cards' }, (uow) =>
            queueOrderCardLast(uow.tx, orderId, uow.now),
          );
        }
      }
    }
  }
  // The scheduler reports the first failure; how many failed is said with it.
  if (failed[0]) {
    const { error } = failed[0];
    if (failed.length > 1 && error instanceof Error)
      error.message = `${error.message} (and ${failed.length - 1} more order card(s) failed this run)`;
    throw error;
  }
  return { shown };
}

interface Pick {
  size: number;
  except: readonly string[];
  // One order by id (showing a failed batch's orders one by one).
  only?: string;
  // Filled with the ids taken, so a caller knows them even when the transaction fails.
  taken: string[];
}

// Takes up to `size` queued orders (skip locked: another instance's run takes the next ones instead of waiting on
// these), dequeues them and shows their cards, all in one transaction; how many it took.
async function showBatch(deps: AppDeps, pick: Pick): Promise<number> {
  return inTransaction(deps, { kind: 'system', name: 'order-cards' }, async (uow) => {
    const ids = await takeQueuedOrderCards(uow.tx, pick);
    pick.taken.push(...ids);
    await showOrderCards(uow, ids);
    return ids.length;
  });
}
