// Owns the order lists in chat — "order mine" (订单 我的) and "order waiting" (订单 待审批) — paged ten at a time, each
// order with the buttons the asker may use on it: Approve / Reject / Open while it waits on them; Open, Submit and
// Edit on their own.
import { nextPageCommand, pageOffset } from '../../domain/records/list-page.ts';
import { orderListCard } from '../../messages/catalogue/orders/order-cards.ts';
import { orderMineUsage, orderWaitingUsage } from '../../messages/catalogue/orders/usages.ts';
import type { OrderListItem } from '../../messages/catalogue/orders.ts';
import { approvalButtons, recordButtons } from '../../messages/catalogue/record-cards.ts';
import { openAction } from '../../messages/catalogue/records.ts';
import type { Action, Locale } from '../../messages/model.ts';
import { allowed } from '../access/ask.ts';
import type { TextCommand, UserActor } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { listMyOrders, listWaitingForMe } from './list-orders.ts';

function mineButtons(deps: AppDeps, actor: UserActor, locale: Locale) {
  // The asker owns every order of "order mine": one question of the policy covers them all.
  const own = { ownerId: actor.user.id };
  const mayEdit = allowed(deps, actor, 'order.edit', own);
  return (o: OrderListItem): Action[] => [
    openAction('order.show', o.id, locale),
    ...recordButtons(
      o.id,
      {
        submit: mayEdit && ['draft', 'on_hold'].includes(o.status),
        edit: mayEdit && o.status !== 'cancelled',
      },
      locale,
    ),
  ];
}

const orderMine: TextCommand = {
  words: ['order mine', 'my orders', '订单 我的', '我的订单'],
  needs: 'order.read',
  keyAliases: { 页: 'page' },
  usage: orderMineUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const items = await listMyOrders(deps, actor.user);
    const offset = pageOffset(args.named.page);
    const card = orderListCard(
      'mine',
      items,
      locale,
      {
        offset,
        moreValue: nextPageCommand('order mine', items.length, offset),
        buttons: mineButtons(deps, actor, locale),
      },
      deps.policy.labels.book,
    );
    return { text: card.title, tone: 'info', card };
  },
};

const orderWaiting: TextCommand = {
  words: ['order waiting', 'approvals', '订单 待审批', '待我审批'],
  needs: 'order.approve',
  keyAliases: { 页: 'page' },
  usage: orderWaitingUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const items = await listWaitingForMe(deps, actor.user);
    const offset = pageOffset(args.named.page);
    // Each is addressed to the asker (their pending approval), so it counts as their own to the policy.
    const mayApprove = allowed(deps, actor, 'order.approve', { involved: [actor.user.id] });
    const card = orderListCard(
      'waiting',
      items,
      locale,
      {
        offset,
        moreValue: nextPageCommand('order waiting', items.length, offset),
        buttons: (o) => [
          ...(mayApprove && o.approvalId ? approvalButtons(o.approvalId, locale) : []),
          openAction('order.show', o.id, locale),
        ],
      },
      deps.policy.labels.book,
    );
    return { text: card.title, tone: 'info', card };
  },
};

export const orderListCommands: TextCommand[] = [orderMine, orderWaiting];
