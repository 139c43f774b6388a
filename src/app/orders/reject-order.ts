// Owns a chain that ends in a rejection (or a hold): the order moves, open approvals close, every card says so.
import { and, eq, inArray } from 'drizzle-orm';
import { approvals, orders } from '../../db/schema.ts';
import {
  approvalDecidedCard,
  type Decider,
  type LevelInfo,
  rejectedNotice,
} from '../../messages/catalogue/orders.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { publishOrderEvent } from '../webhooks/publish-record-event.ts';
import { type ApprovalRow, approvalRefKey, type LoadedOrder } from './load-order.ts';

// The version's approvals nobody decided yet stop here (superseded): a rejection or a hold ends the chain.
export async function closeOpenApprovals(uow: UnitOfWork, order: { id: string; version: number }) {
  return uow.tx
    .update(approvals)
    .set({ status: 'superseded', decidedAt: uow.now })
    .where(
      and(
        eq(approvals.orderId, order.id),
        eq(approvals.orderVersion, order.version),
        inArray(approvals.status, ['pending', 'waiting']),
      ),
    )
    .returning({ id: approvals.id });
}

export async function rejectOrder(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  all: ApprovalRow[],
  decision: { by: Decider; reason: string; level: LevelInfo },
  levelOf: (a: ApprovalRow) => LevelInfo,
): Promise<void> {
  const { tx } = uow;
  const { order } = loaded;
  await tx
    .update(orders)
    .set({ status: 'rejected', decidedAt: uow.now, updatedAt: uow.now })
    .where(and(eq(orders.id, order.id), eq(orders.status, 'pending_approval')));
  const superseded = await closeOpenApprovals(uow, order);
  await publishOrderEvent(uow, 'order.rejected', order.id);
  await uow.audit({
    action: 'order.reject',
    entityType: 'order',
    entityId: order.id,
    before: { status: order.status },
    after: {
      status: 'rejected',
      by: typeof decision.by === 'string' ? decision.by : decision.by.name,
      ...(typeof decision.by !== 'string' && decision.by.standingInFor
        ? { standingInFor: decision.by.standingInFor }
        : {}),
      reason: decision.reason,
      superseded: superseded.length,
    },
  });
  // Every card of this version, decided or not, now shows the rejection; cards never posted have no copies.
  for (const a of all) {
    await uow.update(approvalRefKey(order.id, order.version, a), (locale) =>
      approvalDecidedCard(
        loaded.summary,
        levelOf(a),
        { kind: 'rejected', by: decision.by, reason: decision.reason },
        locale,
      ),
    );
  }
  await uow.post(
    { kind: 'user', userId: order.ownerId },
    `order:${order.id}:v${order.version}:rejected`,
    (locale) =>
      rejectedNotice(loaded.summary, decision.level, decision.by, decision.reason, locale, loaded.order.id),
  );
}
