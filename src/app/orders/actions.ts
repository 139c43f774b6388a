// Owns the approval buttons (Approve, Reject): each click runs decide-approval and answers the clicker privately.
import { orderReplyText } from '../../messages/catalogue/orders.ts';
import type { PrivateReply } from '../../messages/model.ts';
import type { ActionCommand, ActionHandler, UserActor } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { decideApproval } from './decide-approval.ts';

async function decide(
  deps: AppDeps,
  actor: UserActor,
  command: ActionCommand,
  decision: 'approve' | 'reject',
): Promise<PrivateReply> {
  const locale = localeOf(deps, actor);
  const outcome = await decideApproval(deps, actor, {
    approvalId: command.entityId,
    decision,
    reason: command.input,
  });
  if (outcome.decided && outcome.decision === 'approved') {
    return {
      text: orderReplyText(
        { kind: 'approved', number: outcome.number, level: outcome.level, last: outcome.orderApproved },
        locale,
      ),
      tone: 'success',
    };
  }
  if (outcome.decided)
    return { text: orderReplyText({ kind: 'rejected', number: outcome.number }, locale), tone: 'info' };
  if ('stale' in outcome)
    return { text: orderReplyText({ kind: 'stale', ...outcome.stale }, locale), tone: 'warning' };
  return { text: orderReplyText({ kind: 'already', status: outcome.already }, locale), tone: 'info' };
}

export const orderActions: Record<string, ActionHandler> = {
  'order.approve': (deps, actor, command) => decide(deps, actor, command, 'approve'),
  // The reason comes from the Reject button's prompt.
  'order.reject': (deps, actor, command) => decide(deps, actor, command, 'reject'),
};
