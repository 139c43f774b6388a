// Use case (part of the dunning job): promises to pay whose date has passed are closed, kept or broken, and the rep
// hears of a broken one.
import { and, eq, sql } from 'drizzle-orm';
import { paymentPromises } from '../../db/schema.ts';
import { promiseBrokenCard } from '../../messages/catalogue/collections-promises.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';

const jobActor: Actor = { kind: 'system', name: 'dunning-reminders' };

// A promise whose date has passed is kept when nothing of the order is left in the ladder, else broken:
// the rep hears of it and the ladder resumes with the step due now.
export async function closeLapsedPromises(
  deps: AppDeps,
  rows: readonly { orderId: string; repId: string; customerName: string; orderNumber: string }[],
  today: string,
): Promise<void> {
  const lapsed = await deps.db
    .select({
      id: paymentPromises.id,
      orderId: paymentPromises.orderId,
      promisedOn: paymentPromises.promisedOn,
    })
    .from(paymentPromises)
    .where(and(eq(paymentPromises.status, 'open'), sql`${paymentPromises.promisedOn} < ${today}`));
  for (const p of lapsed) {
    const open = rows.find((r) => r.orderId === p.orderId);
    await inTransaction(deps, jobActor, async (uow) => {
      const status = open ? 'broken' : 'kept';
      const [closed] = await uow.tx
        .update(paymentPromises)
        .set({ status, closedAt: uow.now })
        .where(and(eq(paymentPromises.id, p.id), eq(paymentPromises.status, 'open')))
        .returning({ id: paymentPromises.id });
      if (!closed) return;
      await uow.audit({
        action: `payment_promise.${status}`,
        entityType: 'payment_promise',
        entityId: p.id,
        before: { status: 'open' },
        after: { status, promisedOn: p.promisedOn, today },
      });
      if (open) {
        const data = {
          orderNumber: open.orderNumber,
          customerName: open.customerName,
          promisedOn: p.promisedOn,
        };
        await uow.post({ kind: 'user', userId: open.repId }, `promise:${p.id}:broken`, (locale) =>
          promiseBrokenCard(data, locale),
        );
      }
    });
  }
}
