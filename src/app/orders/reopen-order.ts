// Use case: a cancelled order is reopened as a new version, submitted for approval as its owner's request.
import { eq } from 'drizzle-orm';
import { orders, users } from '../../db/schema.ts';
import { conflict, notFound } from '../../domain/errors.ts';
import { demand, ownedBy } from '../access/ask.ts';
import type { AppDeps, UserRow } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { loadOrder, orderWhere } from './load-order.ts';
import { startNewVersion } from './order-versions.ts';
import { showOrderCard } from './owner-card.ts';
import { type SubmitOutcome, submitInTransaction } from './submit-order.ts';

export async function reopenOrder(
  deps: AppDeps,
  actor: { kind: 'user'; user: UserRow },
  number: string,
): Promise<SubmitOutcome & { number: string }> {
  return inTransaction(deps, actor, async (uow) => {
    const wanted = number.trim().toUpperCase();
    const [row] = await uow.tx.select({ id: orders.id }).from(orders).where(orderWhere(wanted)).for('update');
    const loaded = row ? await loadOrder(uow.tx, { id: row.id }, deps) : null;
    if (!loaded) throw notFound('order_not_found', { number: wanted });
    const { order } = loaded;
    // As editing: the policy decides who reopens; the reopened version is submitted as the owner's request.
    demand(deps, actor, 'order.edit', await ownedBy(uow.tx, order.ownerId), 'order_not_owner', {
      number: order.number,
      owner: loaded.owner.name,
    });
    if (order.status !== 'cancelled')
      throw conflict('order_not_cancelled', { number: order.number, status: order.status });
    // Whatever was approved before the cancellation stays with the old version: the reopened one starts over.
    await startNewVersion(uow, loaded, null, 'reopen');
    const [owner] = await uow.tx.select().from(users).where(eq(users.id, order.ownerId));
    if (!owner) throw notFound('order_not_found', { number: wanted });
    const outcome = await submitInTransaction(uow, order.id, owner);
    await showOrderCard(uow, order.id);
    return { ...outcome, number: order.number };
  });
}
