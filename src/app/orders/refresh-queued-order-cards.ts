// Use case (job): show again the owner's living card of each order a bulk change queued, oldest first, each order in
// a transaction of its own so a slow or failing one holds back nothing else; two instances share the queue.
import { asc, eq } from 'drizzle-orm';
import { orderCardRefresh } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { showOrderCard } from './owner-card.ts';

// One run's share: the rest waits for the next run rather than keeping one run going for a whole statement.
const perRun = 2_000;

export async function refreshQueuedOrderCards(deps: AppDeps, limit = perRun): Promise<{ shown: number }> {
  let shown = 0;
  while (shown < limit) {
    const taken = await inTransaction(deps, { kind: 'system', name: 'order-cards' }, async (uow) => {
      // Skip locked: another instance's run takes the next order instead of waiting on this one.
      const [next] = await uow.tx
        .select({ orderId: orderCardRefresh.orderId })
        .from(orderCardRefresh)
        .orderBy(asc(orderCardRefresh.queuedAt), asc(orderCardRefresh.orderId))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!next) return false;
      await uow.tx.delete(orderCardRefresh).where(eq(orderCardRefresh.orderId, next.orderId));
      await showOrderCard(uow, next.orderId);
      return true;
    });
    if (!taken) break;
    shown++;
  }
  return { shown };
}
