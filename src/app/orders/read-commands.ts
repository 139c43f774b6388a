// Owns the order text commands that only read an order: "order status", "order history" and "order attachments",
// and the order-number argument every order command takes.
import { attachmentsUsage, historyUsage, statusUsage } from '../../messages/catalogue/orders/usages.ts';
import { orderAttachmentsCard, orderHistoryCard, orderStatusCard } from '../../messages/catalogue/orders.ts';
import type { Locale } from '../../messages/model.ts';
import { missingArgument } from '../commands/missing-argument.ts';
import type { ParsedArgs, TextCommand } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { getOrderHistory } from './get-order-history.ts';
import { getOrderStatus } from './get-order-status.ts';
import { listAttachments } from './list-attachments.ts';

export function numberOf(args: ParsedArgs, locale: Locale, command: TextCommand) {
  const number = args.named.number ?? args.positional[0];
  if (!number) throw missingArgument(command, locale, 'number');
  return number;
}

export const orderStatus: TextCommand = {
  words: ['order status', '订单 状态', '订单 查询'],
  needs: 'order.read',
  keyAliases: { 编号: 'number', 订单: 'number' },
  usage: statusUsage,
  async run(deps: AppDeps, actor, args) {
    const locale = localeOf(deps, actor);
    const number = numberOf(args, locale, this);
    const status = await getOrderStatus(deps, actor, number);
    const card = orderStatusCard(status.view, locale);
    return { text: card.title, tone: card.tone, card };
  },
};

export const orderHistory: TextCommand = {
  words: ['order history', '订单 历史'],
  needs: 'order.read',
  keyAliases: { 编号: 'number' },
  usage: historyUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const number = numberOf(args, locale, this);
    const card = orderHistoryCard(
      await getOrderHistory(deps, actor, number),
      locale,
      deps.policy.labels.book,
    );
    return { text: card.title, tone: 'info', card };
  },
};

export const orderAttachments: TextCommand = {
  words: ['order attachments', 'order files', '订单 附件'],
  needs: 'order.read',
  keyAliases: { 编号: 'number' },
  usage: attachmentsUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const number = numberOf(args, locale, this);
    const list = await listAttachments(deps, actor, number);
    const card = orderAttachmentsCard({ ...list, timezone: deps.policy.org.timezone }, locale);
    return { text: card.title, tone: 'info', card };
  },
};
