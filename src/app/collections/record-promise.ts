// Use case: the rep logs a customer's promise to pay an order by a date; the dunning ladder waits until then.
import { and, eq } from 'drizzle-orm';
import { orders, paymentPromises, users } from '../../db/schema.ts';
import { addDays, localDate } from '../../domain/time.ts';
import { allowed, ownedBy } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';

export type PromiseOutcome =
  | { recorded: true; orderNumber: string; promisedOn: string; replaced: string | null }
  | { recorded: false; reason: 'unknown_order' | 'forbidden' | 'bad_date' | 'past'; date?: string };

// "2026-12-05", or "12-05" / "12/5" meaning the next such day from today (a customer says "on the 5th of December").
export function parsePromiseDate(text: string, today: string): string | null {
  const full = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text);
  const short = /^(\d{1,2})[-/](\d{1,2})$/.exec(text);
  const pick = (y: number, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  let iso: string | null = null;
  if (full) iso = pick(Number(full[1]), full[2] as string, full[3] as string);
  else if (short) {
    const year = Number(today.slice(0, 4));
    iso = pick(year, short[1] as string, short[2] as string);
    if (iso < today) iso = pick(year + 1, short[1] as string, short[2] as string);
  }
  if (!iso) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

export async function recordPromise(
  deps: AppDeps,
  actor: UserActor,
  orderNumber: string,
  dateText: string,
): Promise<PromiseOutcome> {
  const today = localDate(deps.clock.now(), deps.policy.org.timezone);
  const promisedOn = parsePromiseDate(dateText.trim(), today);
  if (!promisedOn) return { recorded: false, reason: 'bad_date', date: dateText };
  if (promisedOn < today) return { recorded: false, reason: 'past', date: promisedOn };
  return inTransaction(deps, actor, async (uow) => {
    const [order] = await uow.tx
      .select({ id: orders.id, number: orders.number, ownerId: orders.ownerId, managerId: users.managerId })
      .from(orders)
      .innerJoin(users, eq(users.id, orders.ownerId))
      .where(and(eq(orders.number, orderNumber.trim().toUpperCase()), eq(orders.status, 'approved')));
    if (!order) return { recorded: false, reason: 'unknown_order' } as const;
    const me = actor.user;
    if (!allowed(deps, actor, 'payment.promise', await ownedBy(uow.tx, order.ownerId)))
      return { recorded: false, reason: 'forbidden' } as const;
    // One open promise per order (a unique index): a newer promise replaces the older one.
    const [previous] = await uow.tx
      .update(paymentPromises)
      .set({ status: 'replaced', closedAt: uow.now })
      .where(and(eq(paymentPromises.orderId, order.id), eq(paymentPromises.status, 'open')))
      .returning({ id: paymentPromises.id, promisedOn: paymentPromises.promisedOn });
    const [row] = await uow.tx
      .insert(paymentPromises)
      .values({ orderId: order.id, promisedOn, createdBy: me.id, createdAt: uow.now })
      .returning({ id: paymentPromises.id });
    if (!row) throw new Error('insert returned no row');
    await uow.audit({
      action: 'payment_promise.record',
      entityType: 'payment_promise',
      entityId: row.id,
      before: previous ? { promiseId: previous.id, promisedOn: previous.promisedOn } : null,
      after: { orderId: order.id, promisedOn, until: addDays(promisedOn, 1) },
    });
    return { recorded: true, orderNumber: order.number, promisedOn, replaced: previous?.promisedOn ?? null };
  });
}
