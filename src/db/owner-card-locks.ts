// Owns locking the rows of orders' owner cards (src/app/orders/owner-card.ts) before a change reads what they will show,
// each claimed first when its card was never posted, so there is always a row to lock.
import { and, asc, inArray, sql } from 'drizzle-orm';
import type { Tx } from './client.ts';
import { orderOwnerCards } from './schema.ts';

// What a claimed row holds until its card is posted: such a card counts as never posted.
const unposted = '';

export const ownerCardKey = (orderId: string, ownerId: string) => `${orderId}|${ownerId}`;

// Locks the row of each (order, owner) card, claiming the missing ones, all in (order, owner) order so two changes
// lock alike; the fingerprint of each card already posted, by ownerCardKey. Why claim: a card never posted (an order
// older than the living card) had no row, so two changes posting its first card at once locked nothing; the later
// one read the order before the first committed, and its card (the one with its change) was dropped as a second
// post while its fingerprint said it was shown. A claim a change inserts makes the other's claim wait for its commit.
export async function lockOwnerCards(
  tx: Tx,
  cards: readonly { orderId: string; ownerId: string }[],
  at: Date,
): Promise<Map<string, string>> {
  if (cards.length === 0) return new Map();
  await tx.execute(sql`
    insert into ${orderOwnerCards} (order_id, owner_id, fingerprint, updated_at)
    select c.order_id, c.owner_id, ${unposted}, ${at.toISOString()}::timestamptz
    from unnest(${sql.param(cards.map((c) => c.orderId))}::uuid[], ${sql.param(cards.map((c) => c.ownerId))}::uuid[])
      as c(order_id, owner_id)
    order by c.order_id, c.owner_id
    on conflict do nothing`);
  const rows = await tx
    .select({
      orderId: orderOwnerCards.orderId,
      ownerId: orderOwnerCards.ownerId,
      fingerprint: orderOwnerCards.fingerprint,
    })
    .from(orderOwnerCards)
    .where(
      and(
        inArray(orderOwnerCards.orderId, [...new Set(cards.map((c) => c.orderId))]),
        inArray(orderOwnerCards.ownerId, [...new Set(cards.map((c) => c.ownerId))]),
      ),
    )
    .orderBy(asc(orderOwnerCards.orderId), asc(orderOwnerCards.ownerId))
    .for('update');
  return new Map(
    rows
      .filter((r) => r.fingerprint !== unposted)
      .map((r) => [ownerCardKey(r.orderId, r.ownerId), r.fingerprint]),
  );
}
