// Use case (part of the dunning run): tell rep, manager and finance once when a customer's credit hold lifts —
// every installment a credit_hold step fired for is settled. The hold itself is derived (credit-check.ts).
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { auditLog, customers, dunningEvents, installments, orders, users } from '../../db/schema.ts';
import { lockForTransaction } from '../../db/transaction-lock.ts';
import { creditHoldLiftedCard } from '../../messages/catalogue/collections-holds.ts';
import type { Target } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';

const jobActor: Actor = { kind: 'system', name: 'dunning-reminders' };

// Returns how many customers were told today.
export async function announceLiftedHolds(deps: AppDeps): Promise<number> {
  const offsets = deps.policy.dunning.filter((s) => s.creditHold).map((s) => s.offsetDays);
  if (offsets.length === 0) return 0;
  const rows = await deps.db
    .select({
      eventId: dunningEvents.id,
      firedAt: dunningEvents.firedAt,
      owes: sql<boolean>`${installments.paidMinor} < ${installments.amountMinor}`,
      orderNumber: orders.number,
      repId: orders.ownerId,
      repName: users.name,
      managerId: users.managerId,
      customerId: customers.id,
      customerName: customers.name,
    })
    .from(dunningEvents)
    .innerJoin(installments, eq(installments.id, dunningEvents.installmentId))
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .innerJoin(users, eq(users.id, orders.ownerId))
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(and(eq(orders.status, 'approved'), inArray(dunningEvents.offsetDays, offsets)))
    .orderBy(desc(dunningEvents.firedAt), desc(dunningEvents.id));
  const byCustomer = new Map<string, (typeof rows)[number][]>();
  for (const r of rows) byCustomer.set(r.customerId, [...(byCustomer.get(r.customerId) ?? []), r]);

  let told = 0;
  for (const [customerId, held] of byCustomer) {
    if (held.some((r) => r.owes)) continue;
    // The newest credit_hold event names the episode: a later hold is a new episode with its own notice.
    const latest = held[0] as (typeof held)[number];
    const episode = latest.eventId;
    const key = `credit-hold:${customerId}:lifted:${episode}`;
    const sent = await inTransaction(deps, jobActor, async (uow) => {
      // Serialises workers on this episode, so the audit check below is not a race.
      await lockForTransaction(uow.tx, key);
      const [already] = await uow.tx
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.action, 'customer.credit_hold_lifted'),
            eq(auditLog.entityId, customerId),
            sql`${auditLog.after}->>'episode' = ${episode}`,
          ),
        )
        .limit(1);
      if (already) return false;
      const orderNumbers = [...new Set(held.map((r) => r.orderNumber))].sort();
      await uow.audit({
        action: 'customer.credit_hold_lifted',
        entityType: 'customer',
        entityId: customerId,
        before: { onCreditHold: true },
        after: { onCreditHold: false, episode, orders: orderNumbers },
      });
      const targets = new Map<string, Target>();
      for (const r of held) {
        targets.set(`user:${r.repId}`, { kind: 'user', userId: r.repId });
        if (r.managerId) targets.set(`user:${r.managerId}`, { kind: 'user', userId: r.managerId });
      }
      const channel = deps.policy.reconcile.financeChannel;
      targets.set(`channel:${channel}`, { kind: 'channel', name: channel });
      const data = { customerName: latest.customerName, repName: latest.repName, orderNumbers };
      for (const [to, target] of targets)
        await uow.post(target, `${key}:${to}`, (locale) => creditHoldLiftedCard(data, locale));
      return true;
    });
    if (sent) told++;
  }
  return told;
}
