// Use case + command: `task list` (任务) — the follow-up tasks still open that the asker may see (their own; a
// manager's tree; finance everyone's), oldest due first, ten a page, each row with the buttons can() allows.
import { nextPageCommand, pageOffset } from '../../domain/records/list-page.ts';
import { localDate } from '../../domain/time.ts';
import { taskActions, taskListCard, taskUsage } from '../../messages/catalogue/collections-tasks.ts';
import { allowed, managersOfAll } from '../access/ask.ts';
import { localeOf, type TextCommand, type UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { type LoadedTask, loadOpenTasks, taskButtonsOf, taskPeople, taskResourceOf } from './task-view.ts';

export interface OpenTaskList {
  tasks: LoadedTask[];
  // The managers above each task's assignee and order rep, for the buttons' questions.
  managers: ReadonlyMap<string, readonly string[]>;
}

// Two reads however many tasks: the open tasks, then the reporting lines above everyone they involve.
export async function readOpenTaskList(deps: AppDeps, actor: UserActor): Promise<OpenTaskList> {
  const open = await loadOpenTasks(deps.db, deps);
  const managers = await managersOfAll(deps.db, open.flatMap(taskPeople));
  const tasks = open.filter((t) => allowed(deps, actor, 'task.read', taskResourceOf(t, managers)));
  return { tasks, managers };
}

export async function listOpenTasks(deps: AppDeps, actor: UserActor): Promise<LoadedTask[]> {
  return (await readOpenTaskList(deps, actor)).tasks;
}

export const taskCommands: TextCommand[] = [
  {
    words: ['task list', 'tasks', '任务', '我的任务'],
    needs: 'task.read',
    keyAliases: { 页: 'page' },
    usage: taskUsage,
    async run(deps, actor, args) {
      const locale = localeOf(deps, actor);
      const { tasks, managers } = await readOpenTaskList(deps, actor);
      const offset = pageOffset(args.named.page);
      const today = localDate(deps.clock.now(), deps.policy.org.timezone);
      const page = new Map(tasks.slice(offset, offset + 10).map((t) => [t.view.id, t]));
      const card = taskListCard(
        tasks.map((t) => t.view),
        tasks.some((t) => t.assigneeId !== actor.user.id),
        today,
        locale,
        {
          offset,
          moreValue: nextPageCommand('task list', tasks.length, offset),
          buttons: (v) => {
            const t = page.get(v.id);
            return t ? taskActions(v, taskButtonsOf(deps, actor.user, t, managers), locale) : [];
          },
        },
      );
      return { text: card.title, tone: card.tone, card };
    },
  },
];
