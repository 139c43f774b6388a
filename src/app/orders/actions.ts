// Owns the approval buttons (Approve, Reject) of orders and of credit overrides: each click runs its decision and
// answers the clicker privately.

import { nameText } from '../../messages/catalogue/names.ts';
import { editUsage } from '../../messages/catalogue/orders/usages.ts';
import {
  heldReplyText,
  holdReasons,
  orderEditHowTo,
  orderReplyText,
  orderStatusCard,
  overrideReplyText,
} from '../../messages/catalogue/orders.ts';
import type { PrivateReply } from '../../messages/model.ts';
import type { ActionCommand, ActionHandler, UserActor } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { decideApproval } from './decide-approval.ts';
import { decideCreditOverride } from './decide-credit-override.ts';
import { getOrderStatus } from './get-order-status.ts';
import { openOrderEditForm } from './open-order-edit-form.ts';

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
        {
          kind: 'approved',
          number: outcome.number,
          level: nameText('levels', outcome.level, locale, deps.policy.labels.book),
          last: outcome.orderApproved,
        },
        locale,
      ),
      tone: 'success',
    };
  }
  if (outcome.decided && outcome.decision === 'held')
    return {
      text: heldReplyText(outcome.number, holdReasons(outcome.flags, locale), locale),
      tone: 'warning',
    };
  if (outcome.decided)
    return { text: orderReplyText({ kind: 'rejected', number: outcome.number }, locale), tone: 'info' };
  if ('stale' in outcome)
    return { text: orderReplyText({ kind: 'stale', ...outcome.stale }, locale), tone: 'warning' };
  return { text: orderReplyText({ kind: 'already', status: outcome.already }, locale), tone: 'info' };
}

async function decideOverride(
  deps: AppDeps,
  actor: UserActor,
  command: ActionCommand,
  decision: 'approve' | 'reject',
): Promise<PrivateReply> {
  const locale = localeOf(deps, actor);
  const outcome = await decideCreditOverride(deps, actor, {
    overrideId: command.entityId,
    decision,
    reason: command.input,
  });
  if (!outcome.decided)
    return { text: overrideReplyText({ kind: 'already', status: outcome.already }, locale), tone: 'info' };
  if (outcome.decision === 'rejected')
    return { text: overrideReplyText({ kind: 'rejected', number: outcome.number }, locale), tone: 'info' };
  return {
    text: overrideReplyText(
      {
        kind: 'approved',
        number: outcome.number,
        until: outcome.until,
        timezone: deps.policy.org.timezone,
        status: outcome.status,
      },
      locale,
    ),
    tone: 'success',
  };
}

// An Edit click on a platform that cannot open the form: the order's card and how to change it by text.
async function editWithoutForm(
  deps: AppDeps,
  actor: UserActor,
  command: ActionCommand,
): Promise<PrivateReply> {
  const form = await openOrderEditForm(deps, actor, command.entityId);
  const locale = localeOf(deps, actor);
  const status = await getOrderStatus(deps, actor, form.number);
  return {
    text: `${orderEditHowTo(form.number, locale)}\n${editUsage[locale]}`,
    tone: 'info',
    card: orderStatusCard(status.view, locale),
  };
}

export const orderActions: Record<string, ActionHandler> = {
  'order.edit': editWithoutForm,
  'order.approve': (deps, actor, command) => decide(deps, actor, command, 'approve'),
  // The reason comes from the Reject button's prompt.
  'order.reject': (deps, actor, command) => decide(deps, actor, command, 'reject'),
  'order.override.approve': (deps, actor, command) => decideOverride(deps, actor, command, 'approve'),
  'order.override.reject': (deps, actor, command) => decideOverride(deps, actor, command, 'reject'),
};
