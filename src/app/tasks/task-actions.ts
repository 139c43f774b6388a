// Chat actions of follow-up tasks: Done and Escalate on a task card or a `task list` row.
import type { TaskMove } from '../../domain/collections/follow-up-task.ts';
import { taskReply } from '../../messages/catalogue/collections-tasks.ts';
import { type ActionHandler, localeOf } from '../commands/types.ts';
import { moveFollowUpTask } from './move-task.ts';

const moveAction =
  (move: TaskMove): ActionHandler =>
  async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const r = await moveFollowUpTask(deps, actor, command.entityId, move);
    if (r.moved)
      return {
        text:
          move === 'complete'
            ? taskReply('replyDone', locale, { task: r.number })
            : taskReply('replyEscalated', locale, { task: r.number, to: r.to ?? '' }),
        tone: 'success',
      };
    const key =
      r.why === 'already_done'
        ? 'replyAlreadyDone'
        : r.why === 'already_escalated'
          ? 'replyAlreadyEscalated'
          : 'replyNoManager';
    return { text: taskReply(key, locale, { task: r.number, name: r.name }), tone: 'info' };
  };

export const taskActionHandlers: Record<string, ActionHandler> = {
  'task.complete': moveAction('complete'),
  'task.escalate': moveAction('escalate'),
};
