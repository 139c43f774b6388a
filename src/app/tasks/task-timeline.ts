// Use case part: the follow-up tasks of an order or of a customer as timeline entries, each where it stands now
// (open, done, escalated), dated when the dunning step opened it.
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { orders, users } from '../../db/schema.ts';
import { followUpTasks } from '../../db/schema-tasks.ts';
import { taskNumber } from '../../domain/collections/follow-up-task.ts';
import type { KeyedEntry } from '../audit/audit-timeline.ts';

export async function taskTimeline(
  db: Executor,
  of: { orderId: string } | { customerId: string },
): Promise<KeyedEntry[]> {
  const rows = await db
    .select({
      id: followUpTasks.id,
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
    .where(
      'orderId' in of ? eq(followUpTasks.orderId, of.orderId) : eq(followUpTasks.customerId, of.customerId),
    );
  return rows.map(
    (t): KeyedEntry => ({
      kind: 'task',
      key: `t${t.id}`,
      at: t.at,
      by: null,
      number: taskNumber(t.seq),
      assignee: t.assignee,
      status: t.status,
      dueOn: t.dueOn,
      // On the order's own timeline the order goes without saying.
      order: 'orderId' in of ? null : t.order,
    }),
  );
}
