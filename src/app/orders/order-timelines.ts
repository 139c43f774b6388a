// Use case part: orders' timelines from every table that keeps a part of them — audit rows of the order itself,
// decisions, comments, invoices, payments, reminders, promises and follow-up tasks — read for many orders at once.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import {
  approvals,
  auditLog,
  comments,
  dunningEvents,
  installments,
  paymentPromises,
  users,
} from '../../db/schema.ts';
import { groupedBy } from '../../domain/grouped.ts';
import { auditTimelines, type KeyedEntry } from '../audit/audit-timeline.ts';
import { paymentTimelines } from '../reconcile/payment-timeline.ts';
import { taskTimelines } from '../tasks/task-timeline.ts';

// Every given order's entries, by order id (an order with none gets an empty list), in one read per source.
export async function orderTimelines(
  db: Executor,
  orderIds: readonly string[],
): Promise<Map<string, KeyedEntry[]>> {
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return new Map();
  // Comments have their own rows with the text.
  const audits = await auditTimelines(db, 'order', ids, { except: ['order.comment'] });
  const decided = await db
    .select({
      id: approvals.id,
      orderId: approvals.orderId,
      at: approvals.decidedAt,
      by: users.name,
      level: approvals.levelName,
      status: approvals.status,
      reason: approvals.reason,
    })
    .from(approvals)
    .innerJoin(users, eq(users.id, approvals.approverId))
    .where(and(inArray(approvals.orderId, ids), inArray(approvals.status, ['approved', 'rejected'])));
  const thread = await db
    .select({
      id: comments.id,
      orderId: comments.orderId,
      at: comments.at,
      by: users.name,
      body: comments.body,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(inArray(comments.orderId, ids));
  const reminders = await db
    .select({
      id: dunningEvents.id,
      orderId: installments.orderId,
      at: dunningEvents.firedAt,
      label: installments.label,
      offsetDays: dunningEvents.offsetDays,
    })
    .from(dunningEvents)
    .innerJoin(installments, eq(installments.id, dunningEvents.installmentId))
    .where(inArray(installments.orderId, ids));
  const promises = await db
    .select({
      id: paymentPromises.id,
      orderId: paymentPromises.orderId,
      at: paymentPromises.createdAt,
      by: users.name,
      promisedOn: paymentPromises.promisedOn,
      status: paymentPromises.status,
    })
    .from(paymentPromises)
    .leftJoin(users, eq(users.id, paymentPromises.createdBy))
    .where(inArray(paymentPromises.orderId, ids));
  // An invoice is audited on its installment, not on the order; a corrected number is an event of its own.
  const invoiced = await db
    .select({
      id: auditLog.id,
      orderId: installments.orderId,
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
        inArray(installments.orderId, ids),
        eq(auditLog.entityType, 'installment'),
        eq(auditLog.action, 'installment.invoice'),
      ),
    );
  const tasks = await taskTimelines(db, ids);
  const payments = await paymentTimelines(db, ids);
  const invoicesOf = groupedBy(
    invoiced,
    (i) => i.orderId,
    (i): KeyedEntry => ({
      kind: 'invoice',
      key: `i${i.id}`,
      at: i.at,
      // The label the row was written with (api:…) where the ERP issued it.
      by: i.by ?? i.actorLabel,
      label: i.label,
      invoiceNo: String((i.after as { invoiceNo?: unknown } | null)?.invoiceNo ?? ''),
    }),
  );
  const decisionsOf = groupedBy(
    decided.flatMap((d) => (d.at ? [{ ...d, at: d.at }] : [])),
    (d) => d.orderId,
    (d): KeyedEntry => ({
      kind: 'decision',
      key: `d${d.id}`,
      at: d.at,
      by: d.by,
      level: d.level,
      status: d.status,
      reason: d.reason,
    }),
  );
  const commentsOf = groupedBy(
    thread,
    (c) => c.orderId,
    (c): KeyedEntry => ({ kind: 'comment', key: `c${c.id}`, at: c.at, by: c.by, body: c.body }),
  );
  const remindersOf = groupedBy(
    reminders,
    (r) => r.orderId,
    (r): KeyedEntry => ({
      kind: 'reminder',
      key: `r${r.id}`,
      at: r.at,
      by: null,
      label: r.label,
      offsetDays: r.offsetDays,
    }),
  );
  const promisesOf = groupedBy(
    promises,
    (p) => p.orderId,
    (p): KeyedEntry => ({
      kind: 'promise',
      key: `m${p.id}`,
      at: p.at,
      by: p.by,
      promisedOn: p.promisedOn,
      status: p.status,
    }),
  );
  return new Map(
    ids.map((id) => [
      id,
      [
        ...(audits.get(id) ?? []),
        ...(invoicesOf.get(id) ?? []),
        ...(tasks.get(id) ?? []),
        ...(decisionsOf.get(id) ?? []),
        ...(commentsOf.get(id) ?? []),
        ...(payments.get(id) ?? []),
        ...(remindersOf.get(id) ?? []),
        ...(promisesOf.get(id) ?? []),
      ],
    ]),
  );
}
