// Use case: Done or Escalate on a follow-up task — asked of can(), moved by a conditional UPDATE (a double click
// finds it moved and changes nothing), audited, every copy of its card edited, and the manager handed an escalation.
import { and, eq, inArray } from 'drizzle-orm';
import { type FollowUpTaskStatus, followUpTasks } from '../../db/schema-tasks.ts';
import { moveTask, type TaskMove } from '../../domain/collections/follow-up-task.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { demand } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { postTaskCard, refreshTaskCard } from './open-follow-up-tasks.ts';
import { loadTask, taskResource } from './task-view.ts';

export type TaskMoveOutcome =
  | { moved: true; number: string; to?: string }
  | { moved: false; number: string; why: 'already_done' | 'already_escalated' | 'no_manager'; name: string };

export async function moveFollowUpTask(
  deps: AppDeps,
  actor: UserActor,
  taskId: string,
  move: TaskMove,
): Promise<TaskMoveOutcome> {
  return inTransaction(deps, actor, async (uow) => {
    const task = isUuid(taskId) ? await loadTask(uow.tx, deps, taskId) : null;
    if (!task) throw notFound('task_unknown', { task: taskId });
    const number = task.view.number;
    demand(
      deps,
      actor,
      move === 'complete' ? 'task.complete' : 'task.escalate',
      await taskResource(uow.tx, task),
      'task_forbidden',
      { task: number },
    );
    const verdict = moveTask(task.view.status, move, task.manager?.id ?? null);
    if (!verdict.ok) return { moved: false, number, why: verdict.why, name: task.view.assigneeName };
    const from: FollowUpTaskStatus[] = move === 'complete' ? ['open', 'escalated'] : ['open'];
    const manager = move === 'escalate' ? task.manager : null;
    const [row] = await uow.tx
      .update(followUpTasks)
      .set({
        status: verdict.status,
        updatedAt: uow.now,
        ...(move === 'complete'
          ? { closedBy: actor.user.id }
          : { assigneeId: manager?.id ?? task.assigneeId, escalatedFrom: actor.user.id }),
      })
      .where(and(eq(followUpTasks.id, task.view.id), inArray(followUpTasks.status, from)))
      .returning({ id: followUpTasks.id });
    // A concurrent click moved it first: say what it is now, change nothing.
    if (!row)
      return {
        moved: false,
        number,
        why: move === 'complete' ? 'already_done' : 'already_escalated',
        name: '',
      };
    await uow.audit({
      action: move === 'complete' ? 'task.complete' : 'task.escalate',
      entityType: 'follow_up_task',
      entityId: task.view.id,
      before: { status: task.view.status, assigneeId: task.assigneeId },
      after: { status: verdict.status, assigneeId: manager?.id ?? task.assigneeId },
    });
    await refreshTaskCard(uow, task.view.id);
    if (manager) await postTaskCard(uow, task.view.id, manager.id);
    return { moved: true, number, ...(manager ? { to: manager.name } : {}) };
  });
}
