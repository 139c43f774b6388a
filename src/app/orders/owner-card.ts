// Owns the owner's living card of an order: posted once to the owner (DM, Lark chat, console inbox) by the first use
// case that touches the order, then edited in place by every later change, inside that change's transaction.
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { lockOwnerCards, ownerCardKey } from '../../db/owner-card-locks.ts';
import { approvals, installments, orderOwnerCards, orders, users } from '../../db/schema.ts';
import { type LastDecision, orderLiveCard } from '../../messages/catalogue/orders/live-card.ts';
import type { Card, Locale } from '../../messages/model.ts';
import type { UserRow } from '../deps.ts';
import type { CardEdit, CardPost, UnitOfWork } from '../unit-of-work.ts';
import { namesOf } from './approval-stand-ins.ts';
import { readOrderRecords } from './read-order-record.ts';

// The card is keyed to the order and its owner, so an order handed to another rep starts a card of their own.
export const orderCardRef = (orderId: string, ownerId: string) => `order:${orderId}:owner:${ownerId}`;

// Events on the card itself; "Open" shows the whole timeline.
const latestEvents = 4;

// Each order's newest approve or reject of any of its versions, with who made it (and for whom, when standing in).
async function lastDecisionsOf(tx: Tx, orderIds: readonly string[]): Promise<Map<string, LastDecision>> {
  if (orderIds.length === 0) return new Map();
  const rows = await tx
    .selectDistinctOn([approvals.orderId], {
      orderId: approvals.orderId,
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
        inArray(approvals.orderId, [...orderIds]),
        inArray(approvals.status, ['approved', 'rejected']),
        isNotNull(approvals.decidedAt),
      ),
    )
    .orderBy(approvals.orderId, desc(approvals.decidedAt), desc(approvals.orderVersion));
  const away = await namesOf(
    tx,
    rows.flatMap((d) => (d.standingInFor ? [d.standingInFor] : [])),
  );
  const decisions = new Map<string, LastDecision>();
  for (const d of rows) {
    if (!d.at || (d.status !== 'approved' && d.status !== 'rejected')) continue;
    decisions.set(d.orderId, {
      status: d.status,
      by: { name: d.by, standingInFor: d.standingInFor ? (away.get(d.standingInFor) ?? null) : null },
      level: d.level,
      at: d.at,
      reason: d.reason,
    });
  }
  return decisions;
}

// Posts the owner's card of the order, or edits it to show the order as this transaction leaves it. A change that
// leaves the card as it was (a retry, a double click) queues nothing.
export async function showOrderCard(uow: UnitOfWork, orderId: string): Promise<void> {
  await showOrderCards(uow, [orderId]);
}

// The owner's cards of several orders as this transaction leaves them, read together in a few statements however
// many orders (the order-cards job shows a statement's thousands this way), each posted or edited as showOrderCard
// would; the fingerprint rows are locked first, in order-id order, so two changes lock them alike.
export async function showOrderCards(uow: UnitOfWork, orderIds: readonly string[]): Promise<void> {
  const { tx, deps } = uow;
  const ids = [...new Set(orderIds)].sort();
  if (ids.length === 0) return;
  const owned = await tx
    .select({ orderId: orders.id, owner: users })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.ownerId))
    .where(inArray(orders.id, ids));
  const ownerOf = new Map<string, UserRow>(owned.map((o) => [o.orderId, o.owner]));
  if (ownerOf.size === 0) return;
  // Locked before anything of the orders is read: a change committed by then is in what this reads, and one that
  // commits later waits here and then shows its own card over this one (the job's batch reads for a while).
  const shownBefore = await lockOwnerCards(
    tx,
    owned.map((o) => ({ orderId: o.orderId, ownerId: o.owner.id })),
    uow.now,
  );
  // Read as the owner, so the buttons are the ones can() gives them; an owner the policy keeps from reading their
  // own order gets no card rather than failing the change.
  const records = await readOrderRecords(
    deps,
    tx,
    [...ownerOf.keys()],
    (order) => {
      const owner = ownerOf.get(order.id);
      return owner ? { kind: 'user', user: owner } : null;
    },
    latestEvents,
  );
  const shown = ids.filter((id) => records.has(id) && ownerOf.has(id));
  const decisions = await lastDecisionsOf(tx, shown);
  const cards = shown.map((orderId) => {
    const record = records.get(orderId);
    const owner = ownerOf.get(orderId);
    if (!record || !owner) throw new Error('unreachable: shown orders have a record and an owner');
    const build = (locale: Locale): Card =>
      orderLiveCard(
        {
          orderId,
          number: record.number,
          view: record.view,
          lastDecision: decisions.get(orderId) ?? null,
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
    return { orderId, ownerId: owner.id, fingerprint, build };
  });
  if (cards.length === 0) return;
  const changed = cards.filter((c) => shownBefore.get(ownerCardKey(c.orderId, c.ownerId)) !== c.fingerprint);
  if (changed.length === 0) return;
  await tx
    .insert(orderOwnerCards)
    .values(
      changed.map((c) => ({
        orderId: c.orderId,
        ownerId: c.ownerId,
        fingerprint: c.fingerprint,
        updatedAt: uow.now,
      })),
    )
    .onConflictDoUpdate({
      target: [orderOwnerCards.orderId, orderOwnerCards.ownerId],
      set: { fingerprint: sql`excluded.fingerprint`, updatedAt: sql`excluded.updated_at` },
    });
  const posts: CardPost[] = [];
  const edits: CardEdit[] = [];
  for (const c of changed) {
    const refKey = orderCardRef(c.orderId, c.ownerId);
    if (shownBefore.has(ownerCardKey(c.orderId, c.ownerId))) edits.push({ refKey, build: c.build });
    else posts.push({ target: { kind: 'user', userId: c.ownerId }, refKey, build: c.build });
  }
  await uow.postMany(posts);
  await uow.updateMany(edits);
}

// The owner's cards of the orders these installments belong to, each shown once however many of its installments a
// change touched (a statement paying three installments of one order edits its card once).
export async function showCardsOfInstallments(
  uow: UnitOfWork,
  installmentIds: Iterable<string>,
): Promise<void> {
  const ids = [...new Set(installmentIds)];
  if (ids.length === 0) return;
  const rows = await uow.tx
    .selectDistinct({ orderId: installments.orderId })
    .from(installments)
    .where(inArray(installments.id, ids));
  await showOrderCards(
    uow,
    rows.map((r) => r.orderId),
  );
}
