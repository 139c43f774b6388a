// Use case part: the follow-up tasks of an order or of a customer as timeline entries, each where it stands now
// (open, done, escalated), dated when the dunning step opened it.
import { eq, inArray, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { orders, users } from '../../db/schema.ts';
import { followUpTasks } from '../../db/schema-tasks.ts';
import { taskNumber } from '../../domain/collections/follow-up-task.ts';
import { groupedBy } from '../../domain/grouped.ts';
import type { KeyedEntry } from '../audit/audit-timeline.ts';

export async function taskTimeline(db: Executor, of: { customerId: string }): Promise<KeyedEntry[]> {
  return (await taskRows(db, eq(followUpTasks.customerId, of.customerId))).map((t) => taskEntry(t, t.order));
}

// Several orders' tasks in one read, by order id; on an order's own timeline the order goes without saying.
export async function taskTimelines(
  db: Executor,
  orderIds: readonly string[],
): Promise<Map<string, KeyedEntry[]>> {
  if (orderIds.length === 0) return new Map();
  const rows = await taskRows(db, inArray(followUpTasks.orderId, [...orderIds]));
  return groupedBy(
    rows,
    (t) => t.orderId,
    (t) => taskEntry(t, null),
  );
}

type TaskRow = Awaited<ReturnType<typeof taskRows>>[number];

function taskRows(db: Executor, where: SQL) {
  return db
    .select({
      id: followUpTasks.id,
      orderId: followUpTasks.orderId,
      seq: followUpTasks.seq,
      at: followUpTasks.createdAt,
      assignee: users.name,
      status: followUpTasks.status,
      dueOn: followUpTasks.dueOn,
      order: orders.number,
    })
    .from(followUpTasks)
    .innerJoin(users, eq(users.id, followUpTasks.assigneeId))
    .innerJoin(orders, eq(orders.id, followUpTasks.orderId))
    .where(where);
}

function taskEntry(t: TaskRow, order: string | null): KeyedEntry {
  return {
    kind: 'task',
    key: `t${t.id}`,
    at: t.at,
    by: null,
    number: taskNumber(t.seq),
    assignee: t.assignee,
    status: t.status,
    dueOn: t.dueOn,
    order,
  };
}
