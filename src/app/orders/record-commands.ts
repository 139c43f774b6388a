// Owns the order record view — "order show <number>" (订单 查看|详情) — and the buttons it and the order lists carry:
// Open (order.show), Submit, Comment…, Cancel; Approve, Reject and Edit are the approval and edit buttons as before.
import { earlierPage, timelineLimit, timelineStep } from '../../domain/records/timeline.ts';
import { orderShowUsage } from '../../messages/catalogue/orders/usages.ts';
import { orderReplyText } from '../../messages/catalogue/orders.ts';
import { orderRecordCard } from '../../messages/catalogue/record-cards.ts';
import type { PrivateReply } from '../../messages/model.ts';
import { missingArgument } from '../commands/missing-argument.ts';
import { runTextCommand } from '../commands/run-text-command.ts';
import type { ActionHandler, TextCommand, UserActor } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { cancelOrder } from './cancel-order.ts';
import { commentOrder } from './comment-order.ts';
import { readOrderRecord } from './read-order-record.ts';

// The record card of one order as the asker may see and act on it; `limit` is how many timeline events it shows.
export async function orderRecordReply(
  deps: AppDeps,
  actor: UserActor,
  ref: string,
  limit = timelineStep,
  text?: string,
): Promise<PrivateReply> {
  const locale = localeOf(deps, actor);
  const r = await readOrderRecord(deps, actor, ref, limit);
  const more = earlierPage(r.timeline.length, r.earlier);
  const card = orderRecordCard(
    {
      ...r,
      moreCommand: more && `order show ${r.number} limit:${more.limit}`,
      moreCount: more?.count ?? 0,
      timezone: deps.policy.org.timezone,
    },
    locale,
  );
  return { text: text ?? card.title, tone: card.tone, card };
}

const orderShow: TextCommand = {
  words: ['order show', '订单 查看', '订单 详情'],
  needs: 'order.read',
  keyAliases: { 编号: 'number', 条数: 'limit' },
  usage: orderShowUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const number = args.named.number ?? args.positional[0];
    if (!number) throw missingArgument(orderShow, locale, 'number');
    return orderRecordReply(deps, actor, number, timelineLimit(args.named.limit));
  },
};

export const orderRecordCommands: TextCommand[] = [orderShow];

export const orderRecordActions: Record<string, ActionHandler> = {
  'order.show': (deps, actor, command) => orderRecordReply(deps, actor, command.entityId),
  // The typed "order submit" runs, so the reply (chain, or credit hold) is the one the command gives.
  'order.submit': async (deps, actor, command) => {
    const r = await readOrderRecord(deps, actor, command.entityId, 1);
    return runTextCommand(deps, actor, `order submit ${r.number}`);
  },
  'order.comment': async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const done = await commentOrder(deps, actor, command.entityId, command.input ?? '');
    const text = orderReplyText({ kind: 'commented', number: done.number, count: done.notified }, locale);
    return {
      ...(await orderRecordReply(deps, actor, command.entityId, timelineStep, text)),
      tone: 'success',
    };
  },
  'order.cancel': async (deps, actor, command) => {
    const locale = localeOf(deps, actor);
    const done = await cancelOrder(deps, actor, command.entityId, null);
    const text = done.cancelled
      ? orderReplyText({ kind: 'cancelled', number: done.number }, locale)
      : orderReplyText({ kind: 'alreadyCancelled' }, locale);
    return {
      ...(await orderRecordReply(deps, actor, command.entityId, timelineStep, text)),
      tone: 'success',
    };
  },
};
