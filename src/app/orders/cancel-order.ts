// Use case: the owner cancels an order; open approvals end, their cards say so, and an unpaid plan is dropped.

import { and, eq, inArray } from 'drizzle-orm';
import { orders } from '../../db/schema.ts';
import { conflict, notFound } from '../../domain/errors.ts';
import { demand, ownedBy } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { publishOrderEvent } from '../webhooks/publish-record-event.ts';
import { loadOrder, orderWhere } from './load-order.ts';
import { assertNothingPaid, dropInstallments, retireApprovals } from './order-versions.ts';
import { showOrderCard } from './owner-card.ts';

export type CancelResult =
  | { cancelled: true; number: string }
  | { cancelled: false; already: true; number: string };

const cancellable = ['draft', 'pending_approval', 'approved', 'rejected', 'on_hold'];

export async function cancelOrder(
  deps: AppDeps,
  actor: Actor,
  number: string,
  reason: string | null,
): Promise<CancelResult> {
  return inTransaction(deps, actor, async (uow) => {
    const { tx } = uow;
    const wanted = number.trim().toUpperCase();
    const [row] = await tx.select({ id: orders.id }).from(orders).where(orderWhere(wanted)).for('update');
    const loaded = row ? await loadOrder(tx, { id: row.id }, deps) : null;
    if (!loaded) throw notFound('order_not_found', { number: wanted });
    const { order } = loaded;
    // order.cancel at its scope: reps and managers their own orders, admins any; a key needs orders:write.
    demand(deps, actor, 'order.cancel', await ownedBy(tx, order.ownerId), 'order_cancel_forbidden', {
      number: order.number,
      owner: loaded.owner.name,
    });
    if (order.status === 'cancelled') return { cancelled: false, already: true, number: order.number };
    if (order.status === 'approved') await assertNothingPaid(tx, loaded);

    const [moved] = await tx
      .update(orders)
      .set({ status: 'cancelled', decidedAt: uow.now, updatedAt: uow.now })
      .where(and(eq(orders.id, order.id), inArray(orders.status, cancellable)))
      .returning({ id: orders.id });
    if (!moved) throw conflict('order_changed_meanwhile', { number: order.number });
    const trimmed = reason?.trim() ? reason.trim() : null;
    const retired = await retireApprovals(uow, loaded, { kind: 'cancelled', reason: trimmed });
    const dropped = await dropInstallments(uow, loaded);
    await uow.audit({
      action: 'order.cancel',
      entityType: 'order',
      entityId: order.id,
      before: { status: order.status, version: order.version },
      after: {
        status: 'cancelled',
        reason: trimmed,
        superseded: retired.length,
        installmentsDropped: dropped,
      },
    });
    await publishOrderEvent(uow, 'order.cancelled', order.id);
    await showOrderCard(uow, order.id);
    return { cancelled: true, number: order.number };
  });
}
