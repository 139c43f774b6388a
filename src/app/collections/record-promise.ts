// Use case: the rep logs a customer's promise to pay an order by a date; the dunning ladder waits until then.
import { and, eq } from 'drizzle-orm';
import { orders, paymentPromises, users } from '../../db/schema.ts';
import { parseTypedDateOn } from '../../domain/time/typed-date.ts';
import { addDays, localDate } from '../../domain/time.ts';
import { allowed, ownedBy } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { orderWhere } from '../orders/load-order.ts';
import { linkPromiseToTasks } from '../tasks/open-follow-up-tasks.ts';
import { inTransaction } from '../unit-of-work.ts';

export type PromiseOutcome =
  | { recorded: true; orderNumber: string; promisedOn: string; replaced: string | null }
  | { recorded: false; reason: 'unknown_order' | 'forbidden' | 'bad_date' | 'past'; date?: string };

// "2026-12-05", "12-05" / "12月5日" meaning the next such day, "明天", "下周五", "next Friday", "in 3 days".
export function parsePromiseDate(text: string, today: string): string | null {
  return parseTypedDateOn(text, today, 'future');
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
      .where(and(orderWhere(orderNumber), eq(orders.status, 'approved')));
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
    await linkPromiseToTasks(uow, order.id, row.id);
    return { recorded: true, orderNumber: order.number, promisedOn, replaced: previous?.promisedOn ?? null };
  });
}
