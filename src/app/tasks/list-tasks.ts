// Use case + command: `task list` (任务) — the follow-up tasks still open that the asker may see (their own; a
// manager's tree; finance everyone's), oldest due first, ten a page, each row with the buttons can() allows.
import { asc, ne } from 'drizzle-orm';
import { followUpTasks } from '../../db/schema-tasks.ts';
import { nextPageCommand, pageOffset } from '../../domain/records/list-page.ts';
import { localDate } from '../../domain/time.ts';
import { taskActions, taskListCard, taskUsage } from '../../messages/catalogue/collections-tasks.ts';
import { allowed, managersOf } from '../access/ask.ts';
import { localeOf, type TextCommand, type UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { type LoadedTask, loadTask, taskResource } from './task-view.ts';

export async function listOpenTasks(deps: AppDeps, actor: UserActor): Promise<LoadedTask[]> {
  const rows = await deps.db
    .select({ id: followUpTasks.id })
    .from(followUpTasks)
    .where(ne(followUpTasks.status, 'done'))
    .orderBy(asc(followUpTasks.dueOn), asc(followUpTasks.seq));
  const out: LoadedTask[] = [];
  for (const r of rows) {
    const task = await loadTask(deps.db, deps, r.id);
    if (task && allowed(deps, actor, 'task.read', await taskResource(deps.db, task))) out.push(task);
  }
  return out;
}

export const taskCommands: TextCommand[] = [
  {
    words: ['task list', 'tasks', '任务', '我的任务'],
    needs: 'task.read',
    keyAliases: { 页: 'page' },
    usage: taskUsage,
    async run(deps, actor, args) {
      const locale = localeOf(deps, actor);
      const tasks = await listOpenTasks(deps, actor);
      const offset = pageOffset(args.named.page);
      const today = localDate(deps.clock.now(), deps.policy.org.timezone);
      const byId = new Map(tasks.map((t) => [t.view.id, t]));
      const may = new Map<string, { complete: boolean; promise: boolean; escalate: boolean }>();
      for (const t of tasks.slice(offset, offset + 10)) {
        const resource = await taskResource(deps.db, t);
        const order = { ownerId: t.orderOwnerId, ownerManagers: await managersOf(deps.db, t.orderOwnerId) };
        may.set(t.view.id, {
          complete: allowed(deps, actor, 'task.complete', resource),
          promise: allowed(deps, actor, 'payment.promise', order),
          escalate: t.manager !== null && allowed(deps, actor, 'task.escalate', resource),
        });
      }
      const card = taskListCard(
        tasks.map((t) => t.view),
        tasks.some((t) => t.assigneeId !== actor.user.id),
        today,
        locale,
        {
          offset,
          moreValue: nextPageCommand('task list', tasks.length, offset),
          buttons: (v) => {
            const t = byId.get(v.id);
            const m = may.get(v.id);
            return t && m
              ? taskActions(v, { ...m, ...(t.manager ? { escalateTo: t.manager.name } : {}) }, locale)
              : [];
          },
        },
      );
      return { text: card.title, tone: card.tone, card };
    },
  },
];
