// Use case (job): send the dunning reminders due today, exactly once per installment and step across workers and restarts.
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { customers, dunningEvents, installments, orders, users } from '../../db/schema.ts';
import {
  type DunningAudience,
  type DunningDecision,
  dunningKey,
  type OpenInstallment,
  planDunning,
} from '../../domain/collections/dunning.ts';
import { addDays, daysBetween, localDate } from '../../domain/time.ts';
import {
  type DunningAudienceCard,
  type DunningCardData,
  dunningCard,
} from '../../messages/catalogue/collections.ts';
import type { Target } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';

interface DueInstallment extends OpenInstallment {
  label: string;
  customerName: string;
  customerEmail: string | null;
  repName: string;
  managerId: string | null;
}

export interface DunningRunResult {
  today: string;
  sent: number;
  skipped: number;
}

const jobActor: Actor = { kind: 'system', name: 'dunning-reminders' };

export async function sendDunningReminders(deps: AppDeps): Promise<DunningRunResult> {
  const steps = deps.policy.dunning;
  const today = localDate(deps.clock.now(), deps.policy.org.timezone);
  const earliestOffset = Math.min(...steps.map((s) => s.offsetDays));
  // An installment enters the ladder on due + earliest offset; later ones cannot have a step due yet.
  const rows = await deps.db
    .select({
      id: installments.id,
      orderNumber: orders.number,
      dueOn: installments.dueOn,
      amountMinor: installments.amountMinor,
      paidMinor: installments.paidMinor,
      currency: installments.currency,
      label: installments.label,
      repId: orders.ownerId,
      repName: users.name,
      managerId: users.managerId,
      customerName: customers.name,
      customerEmail: customers.email,
    })
    .from(installments)
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .innerJoin(users, eq(users.id, orders.ownerId))
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(
      and(
        eq(orders.status, 'approved'),
        sql`${installments.paidMinor} < ${installments.amountMinor}`,
        lte(installments.dueOn, addDays(today, -earliestOffset)),
      ),
    )
    .orderBy(installments.id);
  if (rows.length === 0) return { today, sent: 0, skipped: 0 };

  const fired = await deps.db
    .select({ installmentId: dunningEvents.installmentId, offsetDays: dunningEvents.offsetDays })
    .from(dunningEvents)
    .where(
      inArray(
        dunningEvents.installmentId,
        rows.map((r) => r.id),
      ),
    );
  const done = new Set(fired.map((f) => dunningKey(f.installmentId, f.offsetDays)));
  const plan = planDunning<DueInstallment>(rows, steps, done, today);

  // One short transaction per installment: each claim commits with its cards, and racing workers hold few locks.
  const byInstallment = new Map<
    string,
    { fire?: DunningDecision<DueInstallment>; skip: DunningDecision<DueInstallment>[] }
  >();
  for (const d of plan.skip) {
    const entry = byInstallment.get(d.installment.id) ?? { skip: [] };
    entry.skip.push(d);
    byInstallment.set(d.installment.id, entry);
  }
  for (const d of plan.fire) {
    const entry = byInstallment.get(d.installment.id) ?? { skip: [] };
    entry.fire = d;
    byInstallment.set(d.installment.id, entry);
  }

  let sent = 0;
  let skipped = 0;
  for (const [installmentId, work] of byInstallment) {
    const outcome = await inTransaction(deps, jobActor, async (uow) => {
      let s = 0;
      let k = 0;
      // Claim the step by its unique key first: only the worker whose insert lands sends anything.
      const claim = async (offsetDays: number) => {
        const inserted = await uow.tx
          .insert(dunningEvents)
          .values({ installmentId, offsetDays, firedAt: uow.now })
          .onConflictDoNothing()
          .returning({ id: dunningEvents.id });
        return inserted.length > 0;
      };
      for (const d of work.skip.sort((a, b) => a.step.offsetDays - b.step.offsetDays)) {
        if (!(await claim(d.step.offsetDays))) continue;
        k++;
        await uow.audit({
          action: 'dunning.skip',
          entityType: 'installment',
          entityId: installmentId,
          after: { offsetDays: d.step.offsetDays, today, reason: 'overtaken by a later step' },
        });
      }
      if (work.fire && (await claim(work.fire.step.offsetDays))) {
        s++;
        const recipients = await remind(uow, work.fire, today);
        await uow.audit({
          action: 'dunning.remind',
          entityType: 'installment',
          entityId: installmentId,
          after: {
            offsetDays: work.fire.step.offsetDays,
            today,
            notify: work.fire.step.notify,
            task: work.fire.step.task,
            recipients,
          },
        });
      }
      return { s, k };
    });
    sent += outcome.s;
    skipped += outcome.k;
  }
  return { today, sent, skipped };
}

// Posts one card per recipient; the rep's card carries the customer's text when the step notifies the customer.
async function remind(
  uow: UnitOfWork,
  decision: DunningDecision<DueInstallment>,
  today: string,
): Promise<string[]> {
  const { installment: i, step } = decision;
  const notify = new Set<DunningAudience>(step.notify);
  const refKey = `installment:${i.id}:dunning:${step.offsetDays}`;
  const base: Omit<DunningCardData, 'audience'> = {
    orderNumber: i.orderNumber,
    customerName: i.customerName,
    customerEmail: i.customerEmail,
    installmentLabel: i.label,
    dueOn: i.dueOn,
    outstandingMinor: i.amountMinor - i.paidMinor,
    currency: i.currency,
    offsetDays: step.offsetDays,
    daysPastDue: daysBetween(i.dueOn, today),
    repName: i.repName,
    task: step.task,
  };
  const cards: { target: Target; audience: DunningAudienceCard; label: string }[] = [];
  if (notify.has('rep') || notify.has('customer')) {
    cards.push({ target: { kind: 'user', userId: i.repId }, audience: 'rep', label: 'rep' });
  }
  if (notify.has('manager') && i.managerId && i.managerId !== i.repId) {
    cards.push({ target: { kind: 'user', userId: i.managerId }, audience: 'manager', label: 'manager' });
  }
  if (notify.has('finance')) {
    const channel = uow.deps.policy.reconcile.financeChannel;
    cards.push({
      target: { kind: 'channel', name: channel },
      audience: 'finance',
      label: `channel:${channel}`,
    });
  }
  const customerLocale = notify.has('customer') ? uow.deps.policy.org.locale : undefined;
  for (const card of cards) {
    const data: DunningCardData = {
      ...base,
      audience: card.audience,
      ...(card.audience === 'rep' && customerLocale ? { customerLocale } : {}),
    };
    await uow.post(card.target, refKey, (locale) => dunningCard(data, locale));
  }
  return cards.map((c) => c.label);
}
