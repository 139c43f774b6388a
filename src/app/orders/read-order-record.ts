// Use case: "order show <number>" — an order as one record: its state, its timeline from every table that keeps a
// part of it, and which of its buttons the asker may use right now.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import {
  approvals,
  auditLog,
  comments,
  customers,
  dunningEvents,
  installments,
  paymentPromises,
  users,
} from '../../db/schema.ts';
import { latestPage, timelineStep } from '../../domain/records/timeline.ts';
import type { OrderRecordView } from '../../messages/catalogue/record-cards.ts';
import type { TimelineEntry } from '../../messages/catalogue/records.ts';
import { allowed, ownedBy } from '../access/ask.ts';
import { auditTimeline, type KeyedEntry } from '../audit/audit-timeline.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { paymentTimeline } from '../reconcile/payment-timeline.ts';
import { taskTimeline } from '../tasks/task-timeline.ts';
import { getOrderStatus } from './get-order-status.ts';

export type OrderRecord = Omit<OrderRecordView, 'moreCommand' | 'moreCount' | 'timezone'> & { total: number };

export async function readOrderRecord(
  deps: AppDeps,
  actor: Actor,
  number: string,
  limit = timelineStep,
  db: Executor = deps.db,
): Promise<OrderRecord> {
  // The status read refuses whoever may not see the order, the same refusal as "order status".
  const status = await getOrderStatus(deps, actor, number, db);
  const { order, customer } = status.loaded;
  const involved = status.approvals.map((a) => a.approver.id);
  const resource = await ownedBy(db, order.ownerId, { involved });
  const me = actor.kind === 'user' ? actor.user.id : null;
  const mine = status.approvals.find((a) => a.approver.id === me && a.status === 'pending') ?? null;
  const open = status.approvals.filter((a) => a.status === 'pending');
  const levels = new Set(status.approvals.map((a) => a.levelIndex)).size;
  const owner = me !== null && me === order.ownerId;
  const live = order.status !== 'cancelled';

  const entries = await timelineOf(db, order.id);
  const page = latestPage(entries, limit);
  const next = status.installments.find((i) => i.paidMinor < i.amountMinor) ?? null;
  const [held] = await db
    .select({ currency: customers.currency })
    .from(customers)
    .where(eq(customers.id, customer.id));
  return {
    orderId: order.id,
    number: order.number,
    view: status.view,
    creditLimitMinor: customer.creditLimitMinor,
    customerCurrency: held?.currency ?? order.currency,
    openStep: open[0] ? `${open[0].levelIndex + 1}/${levels} ${open[0].levelName}` : null,
    nextInstallment: next
      ? {
          label: next.label,
          dueOn: next.dueOn,
          owedMinor: next.amountMinor - next.paidMinor,
          currency: next.currency,
        }
      : null,
    timeline: page.shown.map(({ key: _key, ...e }) => e as TimelineEntry),
    earlier: page.earlier,
    total: entries.length,
    buttons: {
      approvalId: mine && allowed(deps, actor, 'order.approve', resource) ? mine.id : null,
      edit: owner && live && allowed(deps, actor, 'order.edit', resource),
      submit:
        owner &&
        ['draft', 'rejected', 'on_hold'].includes(order.status) &&
        allowed(deps, actor, 'order.edit', resource),
      cancel: owner && live && allowed(deps, actor, 'order.cancel', resource),
      comment: live,
    },
  };
}

type Keyed = KeyedEntry;

// Audit rows of the order itself, decisions, comments, invoices, payments, reminders, promises and follow-up tasks.
async function timelineOf(db: Executor, orderId: string): Promise<Keyed[]> {
  // Comments have their own rows with the text.
  const audits = await auditTimeline(db, { type: 'order', id: orderId }, { except: ['order.comment'] });
  const decided = await db
    .select({
      id: approvals.id,
      at: approvals.decidedAt,
      by: users.name,
      level: approvals.levelName,
      status: approvals.status,
      reason: approvals.reason,
    })
    .from(approvals)
    .innerJoin(users, eq(users.id, approvals.approverId))
    .where(and(eq(approvals.orderId, orderId), inArray(approvals.status, ['approved', 'rejected'])));
  const thread = await db
    .select({ id: comments.id, at: comments.at, by: users.name, body: comments.body })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.orderId, orderId));
  const reminders = await db
    .select({
      id: dunningEvents.id,
      at: dunningEvents.firedAt,
      label: installments.label,
      offsetDays: dunningEvents.offsetDays,
    })
    .from(dunningEvents)
    .innerJoin(installments, eq(installments.id, dunningEvents.installmentId))
    .where(eq(installments.orderId, orderId));
  const promises = await db
    .select({
      id: paymentPromises.id,
      at: paymentPromises.createdAt,
      by: users.name,
      promisedOn: paymentPromises.promisedOn,
      status: paymentPromises.status,
    })
    .from(paymentPromises)
    .leftJoin(users, eq(users.id, paymentPromises.createdBy))
    .where(eq(paymentPromises.orderId, orderId));
  // An invoice is audited on its installment, not on the order; a corrected number is an event of its own.
  const invoiced = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      by: users.name,
      actorLabel: auditLog.actorLabel,
      label: installments.label,
      after: auditLog.after,
    })
    .from(auditLog)
    .innerJoin(installments, sql`${auditLog.entityId} = ${installments.id}::text`)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        eq(installments.orderId, orderId),
        eq(auditLog.entityType, 'installment'),
        eq(auditLog.action, 'installment.invoice'),
      ),
    );
  return [
    ...audits,
    ...invoiced.map(
      (i): Keyed => ({
        kind: 'invoice',
        key: `i${i.id}`,
        at: i.at,
        // The label the row was written with (api:…) where the ERP issued it.
        by: i.by ?? i.actorLabel,
        label: i.label,
        invoiceNo: String((i.after as { invoiceNo?: unknown } | null)?.invoiceNo ?? ''),
      }),
    ),
    ...(await taskTimeline(db, { orderId })),
    ...decided.flatMap((d): Keyed[] =>
      d.at
        ? [
            {
              kind: 'decision',
              key: `d${d.id}`,
              at: d.at,
              by: d.by,
              level: d.level,
              status: d.status,
              reason: d.reason,
            },
          ]
        : [],
    ),
    ...thread.map((c): Keyed => ({ kind: 'comment', key: `c${c.id}`, at: c.at, by: c.by, body: c.body })),
    ...(await paymentTimeline(db, { orderId })),
    ...reminders.map(
      (r): Keyed => ({
        kind: 'reminder',
        key: `r${r.id}`,
        at: r.at,
        by: null,
        label: r.label,
        offsetDays: r.offsetDays,
      }),
    ),
    ...promises.map(
      (p): Keyed => ({
        kind: 'promise',
        key: `m${p.id}`,
        at: p.at,
        by: p.by,
        promisedOn: p.promisedOn,
        status: p.status,
      }),
    ),
  ];
}
