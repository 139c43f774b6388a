// Owns the owner's living card of an order: posted once to the owner (DM, Lark chat, console inbox) by the first use
// case that touches the order, then edited in place by every later change, inside that change's transaction.
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { approvals, installments, orderOwnerCards, orders, users } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { type LastDecision, orderLiveCard } from '../../messages/catalogue/orders/live-card.ts';
import type { Locale } from '../../messages/model.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { namesOf } from './approval-stand-ins.ts';
import { readOrderRecord } from './read-order-record.ts';

// The card is keyed to the order and its owner, so an order handed to another rep starts a card of their own.
export const orderCardRef = (orderId: string, ownerId: string) => `order:${orderId}:owner:${ownerId}`;

// Events on the card itself; "Open" shows the whole timeline.
const latestEvents = 4;

// The newest approve or reject of any version of the order, with who made it (and for whom, when standing in).
async function lastDecisionOf(tx: Tx, orderId: string): Promise<LastDecision | null> {
  const [d] = await tx
    .select({
      status: approvals.status,
      by: users.name,
      standingInFor: approvals.standingInFor,
      level: approvals.levelName,
      at: approvals.decidedAt,
      reason: approvals.reason,
    })
    .from(approvals)
    .innerJoin(users, eq(users.id, approvals.approverId))
    .where(
      and(
        eq(approvals.orderId, orderId),
        inArray(approvals.status, ['approved', 'rejected']),
        isNotNull(approvals.decidedAt),
      ),
    )
    .orderBy(desc(approvals.decidedAt), desc(approvals.orderVersion))
    .limit(1);
  if (!d?.at || (d.status !== 'approved' && d.status !== 'rejected')) return null;
  const away = d.standingInFor ? ((await namesOf(tx, [d.standingInFor])).get(d.standingInFor) ?? null) : null;
  return {
    status: d.status,
    by: { name: d.by, standingInFor: away },
    level: d.level,
    at: d.at,
    reason: d.reason,
  };
}

// Posts the owner's card of the order, or edits it to show the order as this transaction leaves it. A change that
// leaves the card as it was (a retry, a double click) queues nothing.
export async function showOrderCard(uow: UnitOfWork, orderId: string): Promise<void> {
  const { tx, deps } = uow;
  const [order] = await tx
    .select({ number: orders.number, ownerId: orders.ownerId })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order?.ownerId) return;
  const [owner] = await tx.select().from(users).where(eq(users.id, order.ownerId));
  if (!owner) return;
  let record: Awaited<ReturnType<typeof readOrderRecord>>;
  try {
    // Read as the owner, so the buttons are the ones can() gives them; an owner the policy keeps from reading
    // their own order gets no card rather than failing the change.
    record = await readOrderRecord(deps, { kind: 'user', user: owner }, order.number, latestEvents, tx);
  } catch (e) {
    if (e instanceof DomainError) return;
    throw e;
  }
  const lastDecision = await lastDecisionOf(tx, orderId);
  const build = (locale: Locale) =>
    orderLiveCard(
      {
        orderId,
        number: record.number,
        view: record.view,
        lastDecision,
        timeline: record.timeline,
        earlier: record.earlier,
        timezone: deps.policy.org.timezone,
        buttons: record.buttons,
      },
      locale,
    );
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(build('en')))
    .digest('hex');
  const [before] = await tx
    .select({ fingerprint: orderOwnerCards.fingerprint })
    .from(orderOwnerCards)
    .where(and(eq(orderOwnerCards.orderId, orderId), eq(orderOwnerCards.ownerId, owner.id)))
    .for('update');
  if (before?.fingerprint === fingerprint) return;
  await tx
    .insert(orderOwnerCards)
    .values({ orderId, ownerId: owner.id, fingerprint, updatedAt: uow.now })
    .onConflictDoUpdate({
      target: [orderOwnerCards.orderId, orderOwnerCards.ownerId],
      set: { fingerprint, updatedAt: uow.now },
    });
  const refKey = orderCardRef(orderId, owner.id);
  if (before) await uow.update(refKey, build);
  else await uow.post({ kind: 'user', userId: owner.id }, refKey, build);
}

// The owner's cards of the orders these installments belong to, each shown once however many of its installments a
// change touched (a statement paying three installments of one order edits its card once), in order-id order so two
// changes lock the fingerprint rows alike.
export async function showCardsOfInstallments(
  uow: UnitOfWork,
  installmentIds: Iterable<string>,
): Promise<void> {
  const ids = [...new Set(installmentIds)];
  if (ids.length === 0) return;
  const rows = await uow.tx
    .selectDistinct({ orderId: installments.orderId })
    .from(installments)
    .where(inArray(installments.id, ids))
    .orderBy(installments.orderId);
  for (const r of rows) await showOrderCard(uow, r.orderId);
}
