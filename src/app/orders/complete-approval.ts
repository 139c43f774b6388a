// Owns the end of a chain that went through: the order is approved, its payment plan drawn and the owner told.
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { dunningEvents, installments, orders } from '../../db/schema.ts';
import { planInstallments } from '../../domain/collections/payment-plan.ts';
import { own } from '../../domain/own.ts';
import { localDate } from '../../domain/time.ts';
import { approvedNotice, type Decider } from '../../messages/catalogue/orders.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { publishOrderEvent } from '../webhooks/publish-record-event.ts';
import type { LoadedOrder } from './load-order.ts';
import { unknownPaymentPlan } from './payment-plan-named.ts';

// The last level is done (or no level applied): the order is approved and its installments fall due.
export async function completeApproval(
  uow: UnitOfWork,
  loaded: LoadedOrder,
  by: Decider | null,
): Promise<void> {
  const { tx, deps } = uow;
  const { order } = loaded;
  const [approved] = await tx
    .update(orders)
    .set({ status: 'approved', decidedAt: uow.now, updatedAt: uow.now })
    .where(and(eq(orders.id, order.id), eq(orders.status, 'pending_approval')))
    .returning({ id: orders.id });
  if (!approved) return;
  const plan = own(deps.policy.paymentPlans, order.paymentPlan);
  if (!plan) {
    throw unknownPaymentPlan(deps, order.paymentPlan);
  }
  const planned = planInstallments(plan, order.totalMinor, localDate(uow.now, deps.policy.org.timezone));
  // A re-approved version redraws the plan in place (editing was only allowed while nothing was paid): one row
  // per position, never a second set; reminders of the old dates are dropped so the new dates get theirs.
  const old = await tx
    .select({ id: installments.id })
    .from(installments)
    .where(eq(installments.orderId, order.id));
  if (old.length > 0) {
    await tx.delete(dunningEvents).where(
      inArray(
        dunningEvents.installmentId,
        old.map((o) => o.id),
      ),
    );
    await tx
      .delete(installments)
      .where(and(eq(installments.orderId, order.id), gt(installments.position, planned.length)));
  }
  await tx
    .insert(installments)
    .values(planned.map((p) => ({ ...p, orderId: order.id, currency: order.currency, createdAt: uow.now })))
    .onConflictDoUpdate({
      target: [installments.orderId, installments.position],
      set: {
        label: sql`excluded.label`,
        dueOn: sql`excluded.due_on`,
        amountMinor: sql`excluded.amount_minor`,
        currency: sql`excluded.currency`,
      },
    });
  await uow.audit({
    action: 'order.approve',
    entityType: 'order',
    entityId: order.id,
    before: { status: 'pending_approval' },
    after: { status: 'approved', version: order.version, installments: planned, replaced: old.length },
  });
  await publishOrderEvent(uow, 'order.approved', order.id);
  await uow.post(
    { kind: 'user', userId: order.ownerId },
    `order:${order.id}:v${order.version}:approved`,
    (locale) => approvedNotice(loaded.summary, by, planned, locale),
  );
}
