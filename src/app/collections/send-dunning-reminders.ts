// Use case (job): send the dunning reminders due today — one message per customer and recipient, exactly once per
// installment and step across workers and restarts, never for paid, suggested-match or promised installments.
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { customerEmails, customers, dunningEvents, installments, orders, users } from '../../db/schema.ts';
import {
  type DunningAudience,
  type DunningDecision,
  type DunningTemplate,
  dunningKey,
  type OpenInstallment,
  planDunning,
  sternestTemplate,
} from '../../domain/collections/dunning.ts';
import type { LabelBook } from '../../domain/labels.ts';
import { addDays, daysBetween, localDate } from '../../domain/time.ts';
import { emailReviewCard } from '../../messages/catalogue/collections-email-review.ts';
import { creditHoldCard } from '../../messages/catalogue/collections-holds.ts';
import {
  customerReminderEmail,
  type DunningAudienceCard,
  type DunningCardData,
  dunningCard,
} from '../../messages/catalogue/collections-reminders.ts';
import type { DunningItem } from '../../messages/catalogue/collections-words.ts';
import { isLocale } from '../../messages/i18n.ts';
import type { Target } from '../../messages/model.ts';
import { activePeopleWhoMay } from '../access/people-who-may.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { openFollowUpTasks } from '../tasks/open-follow-up-tasks.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { announceLiftedHolds } from './announce-lifted-holds.ts';
import { closeLapsedPromises } from './close-lapsed-promises.ts';
import { reviewCardData, reviewRefKey } from './email-review.ts';
import { heldInstallments } from './held-installments.ts';

interface DueInstallment extends OpenInstallment {
  orderId: string;
  label: string;
  invoiceNo: string | null;
  customerId: string;
  customerName: string;
  customerEmail: string | null;
  customerLocale: string | null;
  repName: string;
  managerId: string | null;
  // The rep's manager's manager: the director a step naming `director` tells.
  directorId: string | null;
}

export interface DunningRunResult {
  today: string;
  sent: number;
  skipped: number;
  // Installments left alone today: covered by a suggested match or under a promise to pay.
  held: number;
}

const jobActor: Actor = { kind: 'system', name: 'dunning-reminders' };

export async function sendDunningReminders(deps: AppDeps): Promise<DunningRunResult> {
  const steps = deps.policy.dunning;
  const today = localDate(deps.clock.now(), deps.policy.org.timezone);
  // Holds that lifted since the last run are announced first, whatever else is due today.
  await announceLiftedHolds(deps);
  const earliestOffset = Math.min(...steps.map((s) => s.offsetDays));
  const manager = alias(users, 'manager');
  // An installment enters the ladder on due + earliest offset; later ones cannot have a step due yet.
  const sealed = await deps.db
    .select({
      id: installments.id,
      orderId: orders.id,
      orderNumber: orders.number,
      dueOn: installments.dueOn,
      amountMinor: installments.amountMinor,
      paidMinor: installments.paidMinor,
      currency: installments.currency,
      label: installments.label,
      invoiceNo: installments.invoiceNo,
      repId: orders.ownerId,
      repName: users.name,
      managerId: users.managerId,
      directorId: manager.managerId,
      customerId: customers.id,
      customerName: customers.name,
      customerEmail: customers.email,
      customerLocale: customers.locale,
    })
    .from(installments)
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .innerJoin(users, eq(users.id, orders.ownerId))
    .leftJoin(manager, eq(manager.id, users.managerId))
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(
      and(
        eq(orders.status, 'approved'),
        sql`${installments.paidMinor} < ${installments.amountMinor}`,
        lte(installments.dueOn, addDays(today, -earliestOffset)),
      ),
    )
    .orderBy(installments.dueOn, installments.id);
  // The customer's address is sealed at rest; the reminder needs it in the clear.
  const rows = sealed.map((r) => ({ ...r, customerEmail: deps.keyring.decrypt(r.customerEmail) }));
  await closeLapsedPromises(deps, rows, today);
  if (rows.length === 0) return { today, sent: 0, skipped: 0, held: 0 };

  const held = await heldInstallments(
    deps,
    rows.map((r) => r.id),
    [...new Set(rows.map((r) => r.orderId))],
    today,
  );
  const open = rows.filter((r) => !held.has(r.id));
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
  const plan = planDunning<DueInstallment>(open, steps, done, today);

  // One transaction per customer: its claims and its one message per recipient commit together.
  const byCustomer = new Map<
    string,
    { fire: DunningDecision<DueInstallment>[]; skip: DunningDecision<DueInstallment>[] }
  >();
  const entry = (d: DunningDecision<DueInstallment>) => {
    const e = byCustomer.get(d.installment.customerId) ?? { fire: [], skip: [] };
    byCustomer.set(d.installment.customerId, e);
    return e;
  };
  for (const d of plan.skip) entry(d).skip.push(d);
  for (const d of plan.fire) entry(d).fire.push(d);

  let sent = 0;
  let skipped = 0;
  for (const [customerId, work] of byCustomer) {
    const outcome = await inTransaction(deps, jobActor, async (uow) => {
      // Claim each step by its unique key first: only the worker whose insert lands sends anything.
      const claim = async (d: DunningDecision<DueInstallment>) => {
        const inserted = await uow.tx
          .insert(dunningEvents)
          .values({ installmentId: d.installment.id, offsetDays: d.step.offsetDays, firedAt: uow.now })
          .onConflictDoNothing()
          .returning({ id: dunningEvents.id });
        return inserted.length > 0;
      };
      let k = 0;
      for (const d of work.skip.sort((a, b) => a.step.offsetDays - b.step.offsetDays)) {
        if (!(await claim(d))) continue;
        k++;
        await uow.audit({
          action: 'dunning.skip',
          entityType: 'installment',
          entityId: d.installment.id,
          after: { offsetDays: d.step.offsetDays, today, reason: 'overtaken by a later step' },
        });
      }
      const claimed: DunningDecision<DueInstallment>[] = [];
      for (const d of work.fire) if (await claim(d)) claimed.push(d);
      if (claimed.length > 0) {
        const recipients = await remind(uow, customerId, claimed, today);
        await openFollowUpTasks(
          uow,
          // By order number, so task numbers follow the orders' (the claim order follows random ids).
          [...claimed]
            .sort((a, b) => a.installment.orderNumber.localeCompare(b.installment.orderNumber))
            .map((d) => ({
              installmentId: d.installment.id,
              orderId: d.installment.orderId,
              customerId,
              repId: d.installment.repId,
              step: d.step,
            })),
          today,
        );
        for (const d of claimed) {
          await uow.audit({
            action: 'dunning.remind',
            entityType: 'installment',
            entityId: d.installment.id,
            after: {
              offsetDays: d.step.offsetDays,
              today,
              notify: d.step.notify,
              task: d.step.task,
              recipients,
            },
          });
        }
      }
      return { s: claimed.length, k };
    });
    sent += outcome.s;
    skipped += outcome.k;
  }
  return { today, sent, skipped, held: held.size };
}

function itemOf(i: DueInstallment, today: string, labels: LabelBook): DunningItem {
  return {
    orderNumber: i.orderNumber,
    installmentLabel: i.label,
    labels,
    invoiceNo: i.invoiceNo,
    dueOn: i.dueOn,
    outstandingMinor: i.amountMinor - i.paidMinor,
    currency: i.currency,
    daysPastDue: daysBetween(i.dueOn, today),
  };
}

// One card per recipient listing every installment of the customer reminded today; one email to the customer.
async function remind(
  uow: UnitOfWork,
  customerId: string,
  all: DunningDecision<DueInstallment>[],
  today: string,
): Promise<string[]> {
  let decisions = all;
  const policy = uow.deps.policy;
  const labels = policy.labels.book;
  const holds = decisions.filter((d) => d.step.creditHold);
  const held = holds.length > 0 ? await putOnCreditHold(uow, customerId, holds, today) : [];
  decisions = decisions.filter((d) => !d.step.creditHold);
  if (decisions.length === 0) return held;
  const first = (decisions[0] as DunningDecision<DueInstallment>).installment;
  const toCustomer = decisions.filter((d) => d.step.notify.includes('customer'));
  const customerLocale = isLocale(first.customerLocale) ? first.customerLocale : policy.org.locale;
  const emailedTo = toCustomer.length > 0 && first.customerEmail ? first.customerEmail : undefined;
  if (emailedTo) {
    const email = customerReminderEmail(
      {
        org: policy.org.name,
        customerName: first.customerName,
        repName: first.repName,
        items: toCustomer.map((d) => itemOf(d.installment, today, labels)),
        ...withTemplate(sternestTemplate(toCustomer.map((d) => d.step.template))),
      },
      customerLocale,
    );
    // With a review window the rep sees it first and may send it at once or skip it; untouched, it goes at the cut-off.
    const reviewMinutes = policy.collections.customerEmail.reviewMinutes;
    const [queued] = await uow.tx
      .insert(customerEmails)
      .values({
        idempotencyKey: `dunning:${customerId}:${today}`,
        customerId,
        // The customer's address stays sealed at rest in the queue too; opened to review and to send.
        to: uow.deps.keyring.encrypt(emailedTo),
        subject: email.subject,
        body: email.text,
        locale: customerLocale,
        reviewerId: reviewMinutes > 0 ? first.repId : null,
        nextAttemptAt: new Date(uow.now.getTime() + reviewMinutes * 60_000),
        createdAt: uow.now,
      })
      .onConflictDoNothing()
      .returning();
    if (queued && reviewMinutes > 0) {
      const review = reviewCardData(uow.deps, { ...queued, to: emailedTo }, first.customerName);
      await uow.post({ kind: 'user', userId: first.repId }, reviewRefKey(queued.id), (locale) =>
        emailReviewCard(review, locale),
      );
    }
  }

  // Who hears about which installments: the rep of each order, its rep's manager, the finance channel.
  const audiences = new Map<
    string,
    { target: Target; audience: DunningAudienceCard; items: DunningDecision<DueInstallment>[] }
  >();
  const add = (
    key: string,
    target: Target,
    audience: DunningAudienceCard,
    d: DunningDecision<DueInstallment>,
  ) => {
    const a = audiences.get(key) ?? { target, audience, items: [] };
    a.items.push(d);
    audiences.set(key, a);
  };
  for (const d of decisions) {
    const notify = new Set<DunningAudience>(d.step.notify);
    const i = d.installment;
    if (notify.has('rep') || notify.has('customer'))
      add(`user:${i.repId}`, { kind: 'user', userId: i.repId }, 'rep', d);
    if (notify.has('manager') && i.managerId && i.managerId !== i.repId)
      add(`user:${i.managerId}`, { kind: 'user', userId: i.managerId }, 'manager', d);
    if (notify.has('director'))
      for (const id of await directorsOf(uow, i))
        add(`user:${id}`, { kind: 'user', userId: id }, 'director', d);
    if (notify.has('finance')) {
      const channel = policy.reconcile.financeChannel;
      add(`channel:${channel}`, { kind: 'channel', name: channel }, 'finance', d);
    }
  }
  for (const [key, a] of audiences) {
    // Most overdue first, so the title speaks of the most urgent one.
    const items = a.items.sort((x, y) => x.installment.dueOn.localeCompare(y.installment.dueOn));
    const lead = items[0] as DunningDecision<DueInstallment>;
    const i = lead.installment;
    const anyCustomer = items.some((d) => d.step.notify.includes('customer'));
    const data: DunningCardData = {
      ...itemOf(i, today, labels),
      customerName: i.customerName,
      customerEmail: i.customerEmail,
      offsetDays: lead.step.offsetDays,
      ...withTemplate(sternestTemplate(items.map((d) => d.step.template))),
      repName: i.repName,
      audience: a.audience,
      task: items.some((d) => d.step.task),
      ...(a.audience === 'rep' && anyCustomer
        ? emailedTo
          ? {
              emailedTo,
              ...(policy.collections.customerEmail.reviewMinutes > 0 ? { emailReview: true } : {}),
            }
          : { customerLocale }
        : {}),
      ...(items.length > 1
        ? { others: items.slice(1).map((d) => itemOf(d.installment, today, labels)) }
        : {}),
    };
    await uow.post(a.target, `dunning:${customerId}:${today}:${key}`, (locale) => dunningCard(data, locale));
  }
  return [...held, ...audiences.keys(), ...(emailedTo ? [`email:${emailedTo}`] : [])];
}

// A credit_hold step: the customer's new orders are held at the credit gate from now on (derived there from this
// step's dunning event while the installment owes); the reps, their managers and finance hear it once.
async function putOnCreditHold(
  uow: UnitOfWork,
  customerId: string,
  holds: DunningDecision<DueInstallment>[],
  today: string,
): Promise<string[]> {
  const policy = uow.deps.policy;
  const labels = policy.labels.book;
  const items = holds.map((d) => itemOf(d.installment, today, labels));
  const first = (holds[0] as DunningDecision<DueInstallment>).installment;
  await uow.audit({
    action: 'customer.credit_hold',
    entityType: 'customer',
    entityId: customerId,
    before: { onCreditHold: false },
    after: {
      onCreditHold: true,
      today,
      installments: holds.map((d) => ({ id: d.installment.id, offsetDays: d.step.offsetDays })),
    },
  });
  const targets = new Map<string, Target>();
  for (const d of holds) {
    const i = d.installment;
    if (d.step.notify.includes('rep')) targets.set(`user:${i.repId}`, { kind: 'user', userId: i.repId });
    if (d.step.notify.includes('manager') && i.managerId)
      targets.set(`user:${i.managerId}`, { kind: 'user', userId: i.managerId });
    if (d.step.notify.includes('director'))
      for (const id of await directorsOf(uow, i)) targets.set(`user:${id}`, { kind: 'user', userId: id });
    if (d.step.notify.includes('finance'))
      targets.set(`channel:${policy.reconcile.financeChannel}`, {
        kind: 'channel',
        name: policy.reconcile.financeChannel,
      });
  }
  const data = { customerName: first.customerName, repName: first.repName, items };
  for (const [key, target] of targets)
    await uow.post(target, `credit-hold:${customerId}:${today}:${key}`, (locale) =>
      creditHoldCard(data, locale),
    );
  return [...targets.keys()].map((k) => `hold:${k}`);
}

function withTemplate(template: DunningTemplate | undefined): { template?: DunningTemplate } {
  return template ? { template } : {};
}

// The director of an installment's rep: the manager's manager, else everyone active the policy gives
// dunning.escalation (a flat team has no second level). Never the rep or the rep's manager, who hear as themselves.
async function directorsOf(uow: UnitOfWork, i: DueInstallment): Promise<string[]> {
  if (i.directorId && i.directorId !== i.repId && i.directorId !== i.managerId) return [i.directorId];
  const rows = await activePeopleWhoMay(uow.deps, uow.tx, 'dunning.escalation');
  return rows.map((r) => r.id).filter((id) => id !== i.repId && id !== i.managerId);
}
