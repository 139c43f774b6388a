// Owns the credit gate stopping a chain part way: the order goes on hold and the open approvals are withdrawn.
import { and, eq } from 'drizzle-orm';
import { orders } from '../../db/schema.ts';
import { conflict } from '../../domain/errors.ts';
import {
  approvalHeldCard,
  type CreditView,
  creditHeldMidChainNotice,
  type Decider,
  type LevelInfo,
} from '../../messages/catalogue/orders.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { type ApprovalRow, approvalRefKey, type LoadedOrder } from './load-order.ts';
import { closeOpenApprovals } from './reject-order.ts';

// The credit gate holds the order mid-chain: it goes on hold as at submit, every approval still open is withdrawn
// and its card (and the one just approved) says so and why, and the owner is told how to go on.
export async function holdMidChain(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  approval: ApprovalRow,
  all: ApprovalRow[],
  held: { by: Decider; level: LevelInfo; credit: CreditView },
  levelOf: (a: ApprovalRow) => LevelInfo,
): Promise<void> {
  const { tx } = uow;
  const { order } = loaded;
  const [moved] = await tx
    .update(orders)
    .set({ status: 'on_hold', updatedAt: uow.now })
    .where(and(eq(orders.id, order.id), eq(orders.status, 'pending_approval')))
    .returning({ id: orders.id });
  if (!moved) throw conflict('order_changed_meanwhile', { number: order.number });
  const withdrawn = await closeOpenApprovals(uow, order);
  await uow.audit({
    action: 'order.hold',
    entityType: 'order',
    entityId: order.id,
    before: { status: 'pending_approval' },
    after: {
      status: 'on_hold',
      version: order.version,
      atLevel: approval.levelName,
      approvedBy: typeof held.by === 'string' ? held.by : held.by.name,
      withdrawn: withdrawn.length,
      credit: held.credit.flags,
    },
  });
  // Only the card just approved and the cards still pending were ever posted; waiting levels have no copies.
  const posted = all.filter((a) => a.id === approval.id || a.status === 'pending');
  for (const a of posted) {
    await uow.update(approvalRefKey(order.id, order.version, a), (locale) =>
      approvalHeldCard(loaded.summary, levelOf(a), held, locale),
    );
  }
  await uow.post(
    { kind: 'user', userId: order.ownerId },
    `order:${order.id}:v${order.version}:hold:${uow.now.getTime()}`,
    (locale) => creditHeldMidChainNotice(loaded.summary, held, locale),
  );
}
