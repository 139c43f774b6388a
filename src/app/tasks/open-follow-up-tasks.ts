// Use case (part of the dunning job's transaction): a step with `task: true` opens one follow-up task per installment
// and step — for the rep or the manager the step's rules name, due on the step's offset or the next working day —
// and sends its card (Done / Promise… / Escalate) to the assignee, in the same transaction as the reminder.

import { and, eq, inArray, ne } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { followUpTasks } from '../../db/schema-tasks.ts';
import type { DunningStepRule } from '../../domain/collections/dunning.ts';
import { taskAssignee, taskDueOn } from '../../domain/collections/follow-up-task.ts';
import { parseWorkingHours } from '../../domain/roster/working-hours.ts';
import { taskCard } from '../../messages/catalogue/collections-tasks.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { loadTask, taskButtonsFor, taskRefKey } from './task-view.ts';

export interface TaskDue {
  installmentId: string;
  orderId: string;
  customerId: string;
  repId: string;
  step: DunningStepRule;
}

// Returns the ids of the tasks it opened; a rerun finds them already open (the unique key) and opens none.
export async function openFollowUpTasks(
  uow: UnitOfWork,
  due: readonly TaskDue[],
  today: string,
): Promise<string[]> {
  const work = due.filter((d) => d.step.task && !d.step.creditHold);
  if (work.length === 0) return [];
  const reps = await uow.tx
    .select({ id: users.id, active: users.active, managerId: users.managerId })
    .from(users)
    .where(inArray(users.id, [...new Set(work.map((d) => d.repId))]));
  const byId = new Map(reps.map((r) => [r.id, r]));
  const workDays = parseWorkingHours(uow.deps.policy.org.workingHours)?.days ?? new Set<number>();
  const opened: string[] = [];
  for (const d of work) {
    const rep = byId.get(d.repId);
    const assigneeId = taskAssignee(d.step.notify, {
      repId: d.repId,
      repActive: rep?.active ?? false,
      managerId: rep?.managerId ?? null,
    });
    const dueOn = taskDueOn(today, d.step.taskDueDays, workDays);
    const [row] = await uow.tx
      .insert(followUpTasks)
      .values({
        installmentId: d.installmentId,
        orderId: d.orderId,
        customerId: d.customerId,
        offsetDays: d.step.offsetDays,
        assigneeId,
        repId: d.repId,
        dueOn,
        createdAt: uow.now,
        updatedAt: uow.now,
      })
      .onConflictDoNothing()
      .returning({ id: followUpTasks.id });
    if (!row) continue;
    opened.push(row.id);
    await uow.audit({
      action: 'task.open',
      entityType: 'follow_up_task',
      entityId: row.id,
      after: {
        installmentId: d.installmentId,
        offsetDays: d.step.offsetDays,
        assigneeId,
        dueOn,
        status: 'open',
      },
    });
    await postTaskCard(uow, row.id, assigneeId);
  }
  return opened;
}

// The task's card to a person (the assignee, or the manager it is escalated to), remembered under the task's key
// so every later move edits each copy in place.
export async function postTaskCard(uow: UnitOfWork, taskId: string, userId: string): Promise<void> {
  const task = await loadTask(uow.tx, uow.deps, taskId);
  const [reader] = await uow.tx.select().from(users).where(eq(users.id, userId));
  if (!task || !reader) return;
  const may = await taskButtonsFor(uow.tx, uow.deps, reader, task);
  await uow.post({ kind: 'user', userId }, taskRefKey(taskId), (locale) =>
    taskCard(task.view, may, locale, uow.deps.policy.labels.book),
  );
}

// Edits every copy of the task's card to what it is now, with the buttons its assignee may use.
export async function refreshTaskCard(uow: UnitOfWork, taskId: string): Promise<void> {
  const task = await loadTask(uow.tx, uow.deps, taskId);
  if (!task) return;
  const [reader] = await uow.tx.select().from(users).where(eq(users.id, task.assigneeId));
  if (!reader) return;
  const may = await taskButtonsFor(uow.tx, uow.deps, reader, task);
  await uow.update(taskRefKey(taskId), (locale) =>
    taskCard(task.view, may, locale, uow.deps.policy.labels.book),
  );
}

// A promise to pay logged for an order is linked to its tasks still open, and their cards say so.
export async function linkPromiseToTasks(uow: UnitOfWork, orderId: string, promiseId: string): Promise<void> {
  const linked = await uow.tx
    .update(followUpTasks)
    .set({ promiseId, updatedAt: uow.now })
    .where(and(eq(followUpTasks.orderId, orderId), ne(followUpTasks.status, 'done')))
    .returning({ id: followUpTasks.id });
  for (const t of linked) {
    await uow.audit({
      action: 'task.promise',
      entityType: 'follow_up_task',
      entityId: t.id,
      after: { promiseId },
    });
    await refreshTaskCard(uow, t.id);
  }
}
