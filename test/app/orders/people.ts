// The orders tests' people: a user row inserted under a short key (amy, mgr, fin1), e-mail <key>@demo.test, English.
import { and, asc, eq, like } from 'drizzle-orm';
import type { UserRow } from '../../../src/app/deps.ts';
import type { Database } from '../../../src/db/client.ts';
import { approvals, orders, outbox, users } from '../../../src/db/schema.ts';
import type { Card } from '../../../src/messages/model.ts';

export async function insertPerson(
  database: Database,
  people: Record<string, UserRow>,
  key: string,
  values: Partial<typeof users.$inferInsert> & { name: string },
): Promise<UserRow> {
  const [row] = await database.db
    .insert(users)
    .values({ email: `${key}@demo.test`, locale: 'en', ...values })
    .returning();
  if (!row) throw new Error('user insert failed');
  people[key] = row;
  return row;
}

// The owner's living card of an order (followed by owner-card.test.ts): not one of the notices these tests read.
export const isOwnerCard = (refKey: string) => /^order:[^:]+:owner:/.test(refKey);

// Every card queued for one person that mentions the order number, oldest first (the living card left out).
export async function cardsAbout(database: Database, userId: string | undefined, number: string) {
  const rows = await database.db
    .select({ op: outbox.op, card: outbox.card, refKey: outbox.refKey })
    .from(outbox)
    .where(eq(outbox.destination, `user:${userId}`))
    .orderBy(asc(outbox.id));
  return rows
    .map((r) => ({ op: r.op, refKey: r.refKey, card: r.card as Card }))
    .filter((r) => !isOwnerCard(r.refKey) && JSON.stringify(r.card).includes(number));
}

// The owner's living card of an order in their console inbox: its post and edits, oldest first.
export async function livingCard(database: Database, orderId: string, ownerId: string | undefined) {
  const rows = await database.db
    .select({ op: outbox.op, card: outbox.card })
    .from(outbox)
    .where(and(like(outbox.refKey, `order:${orderId}:owner:%`), eq(outbox.destination, `user:${ownerId}`)))
    .orderBy(asc(outbox.id));
  return rows.map((r) => ({ op: r.op, card: r.card as Card }));
}

// The approval of one person on an order (any version, any status).
export async function approvalOfPerson(database: Database, orderId: string, userId: string | undefined) {
  const [row] = await database.db
    .select()
    .from(approvals)
    .where(and(eq(approvals.orderId, orderId), eq(approvals.approverId, userId ?? '')));
  if (!row) throw new Error(`no approval of ${userId} on ${orderId}`);
  return row;
}

export async function orderNumbered(database: Database, number: string) {
  const [row] = await database.db.select().from(orders).where(eq(orders.number, number));
  if (!row) throw new Error(`no order ${number}`);
  return row;
}

// The tables an order writes to, for "nothing was written" checks.
export const orderTables = [
  'orders',
  'order_lines',
  'order_versions',
  'approvals',
  'installments',
  'outbox',
  'audit_log',
] as const;
