// Owns reading one follow-up task as its card shows it, the access facts about it, and the buttons can() allows.
import { asc, eq, ne, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../db/client.ts';
import { customers, installments, orders, paymentPromises, users } from '../../db/schema.ts';
import { followUpTasks } from '../../db/schema-tasks.ts';
import type { Resource } from '../../domain/access/can.ts';
import { taskNumber } from '../../domain/collections/follow-up-task.ts';
import { daysBetween, localDate, localTime } from '../../domain/time.ts';
import type { TaskButtons, TaskView } from '../../messages/catalogue/collections-tasks.ts';
import { allowed, managersOfAll } from '../access/ask.ts';
import type { AppDeps, UserRow } from '../deps.ts';

export const taskRefKey = (taskId: string) => `task:${taskId}`;

export interface LoadedTask {
  view: TaskView;
  assigneeId: string;
  repId: string;
  orderOwnerId: string;
  // The assignee's manager: whom Escalate hands the task to.
  manager: { id: string; name: string } | null;
}

const assignee = alias(users, 'assignee');
const escalator = alias(users, 'escalator');
const closer = alias(users, 'closer');
const boss = alias(users, 'boss');

// The columns a task card shows, joined from the order, customer, installment, people and promise.
function selectTasks(db: Db | Tx, where: SQL) {
  return db
    .select({
      task: followUpTasks,
      seq: followUpTasks.seq,
      orderNumber: orders.number,
      orderOwnerId: orders.ownerId,
      customerName: customers.name,
      label: installments.label,
      dueOn: installments.dueOn,
      amountMinor: installments.amountMinor,
      paidMinor: installments.paidMinor,
      currency: installments.currency,
      assigneeName: assignee.name,
      managerId: assignee.managerId,
      managerName: boss.name,
      escalatorName: escalator.name,
      closerName: closer.name,
      promisedOn: paymentPromises.promisedOn,
    })
    .from(followUpTasks)
    .innerJoin(orders, eq(orders.id, followUpTasks.orderId))
    .innerJoin(customers, eq(customers.id, followUpTasks.customerId))
    .innerJoin(installments, eq(installments.id, followUpTasks.installmentId))
    .innerJoin(assignee, eq(assignee.id, followUpTasks.assigneeId))
    .leftJoin(boss, eq(boss.id, assignee.managerId))
    .leftJoin(escalator, eq(escalator.id, followUpTasks.escalatedFrom))
    .leftJoin(closer, eq(closer.id, followUpTasks.closedBy))
    .leftJoin(paymentPromises, eq(paymentPromises.id, followUpTasks.promiseId))
    .where(where)
    .$dynamic();
}

type TaskRow = Awaited<ReturnType<typeof selectTasks>>[number];

export async function loadTask(db: Db | Tx, deps: AppDeps, taskId: string): Promise<LoadedTask | null> {
  const [r] = await selectTasks(db, eq(followUpTasks.id, taskId));
  return r ? loadedTask(deps, r) : null;
}

// Every task not done, oldest due first, in one read.
export async function loadOpenTasks(db: Db | Tx, deps: AppDeps): Promise<LoadedTask[]> {
  const rows = await selectTasks(db, ne(followUpTasks.status, 'done')).orderBy(
    asc(followUpTasks.dueOn),
    asc(followUpTasks.seq),
  );
  return rows.map((r) => loadedTask(deps, r));
}

function loadedTask(deps: AppDeps, r: TaskRow): LoadedTask {
  const tz = deps.policy.org.timezone;
  const at = (d: Date) => `${localDate(d, tz)} ${localTime(d, tz)}`;
  const today = localDate(deps.clock.now(), tz);
  const t = r.task;
  return {
    view: {
      id: t.id,
      number: taskNumber(r.seq),
      status: t.status,
      orderId: t.orderId,
      orderNumber: r.orderNumber,
      customerName: r.customerName,
      installmentLabel: r.label,
      outstandingMinor: r.amountMinor - r.paidMinor,
      currency: r.currency,
      dueOn: r.dueOn,
      daysPastDue: Math.max(0, daysBetween(r.dueOn, today)),
      taskDueOn: t.dueOn,
      assigneeName: r.assigneeName,
      promisedOn: r.promisedOn ?? null,
      escalated:
        t.escalatedFrom && r.escalatorName
          ? { by: r.escalatorName, to: r.assigneeName, at: at(t.updatedAt) }
          : null,
      done: t.status === 'done' && r.closerName ? { by: r.closerName, at: at(t.updatedAt) } : null,
    },
    assigneeId: t.assigneeId,
    repId: t.repId,
    orderOwnerId: r.orderOwnerId,
    manager: r.managerId && r.managerName ? { id: r.managerId, name: r.managerName } : null,
  };
}

// The people whose managers the task's access questions need: its assignee and its order's rep.
export const taskPeople = (task: LoadedTask): string[] => [task.assigneeId, task.orderOwnerId];

// A task belongs to its assignee (and their managers); the order's rep stays involved after it is escalated.
export function taskResourceOf(task: LoadedTask, managers: ReadonlyMap<string, readonly string[]>): Resource {
  return {
    ownerId: task.assigneeId,
    ownerManagers: [...(managers.get(task.assigneeId) ?? [])],
    involved: [task.repId],
  };
}

export async function taskResource(db: Db | Tx, task: LoadedTask): Promise<Resource> {
  return taskResourceOf(task, await managersOfAll(db, [task.assigneeId]));
}

// What the reader may click on the task, each asked of the policy; `managers` holds the chains of taskPeople(task).
export function taskButtonsOf(
  deps: AppDeps,
  reader: UserRow,
  task: LoadedTask,
  managers: ReadonlyMap<string, readonly string[]>,
): TaskButtons {
  const actor = { kind: 'user' as const, user: reader };
  const resource = taskResourceOf(task, managers);
  const order = { ownerId: task.orderOwnerId, ownerManagers: [...(managers.get(task.orderOwnerId) ?? [])] };
  return {
    complete: allowed(deps, actor, 'task.complete', resource),
    promise: allowed(deps, actor, 'payment.promise', order),
    escalate: task.manager !== null && allowed(deps, actor, 'task.escalate', resource),
    ...(task.manager ? { escalateTo: task.manager.name } : {}),
  };
}

// The same for one task card (its assignee), reading the two chains in one statement.
export async function taskButtonsFor(
  db: Db | Tx,
  deps: AppDeps,
  reader: UserRow,
  task: LoadedTask,
): Promise<TaskButtons> {
  return taskButtonsOf(deps, reader, task, await managersOfAll(db, taskPeople(task)));
}
