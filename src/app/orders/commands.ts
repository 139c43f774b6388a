// Owns the order text commands that create or change an order ("order new", edit, submit, cancel, reopen, copy,
// override, comment), with Chinese forms.

import { nameText } from '../../messages/catalogue/names.ts';
import {
  cancelUsage,
  commentUsage,
  copyUsage,
  editUsage,
  newUsage,
  overrideUsage,
  reopenUsage,
  submitUsage,
} from '../../messages/catalogue/orders/usages.ts';
import {
  holdReasons,
  orderEditHowTo,
  orderReplyText,
  orderStatusCard,
  overrideReplyText,
} from '../../messages/catalogue/orders.ts';
import { listed, withAside } from '../../messages/catalogue/punctuation.ts';
import type { Locale, PrivateReply } from '../../messages/model.ts';
import { missingArgument } from '../commands/missing-argument.ts';
import type { ParsedArgs, TextCommand, UserActor } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { cancelOrder } from './cancel-order.ts';
import { commentOrder } from './comment-order.ts';
import { createOrder, type LineRequest, type OrderSource } from './create-order.ts';
import { duplicateOrder } from './duplicate-order.ts';
import { type EditResult, editOrder, type OrderEdit } from './edit-order.ts';
import { getOrderStatus } from './get-order-status.ts';
import { amountOf, discountOf, parseLines, quantityOf } from './order-line-text.ts';
import { numberOf, orderAttachments, orderHistory, orderStatus } from './read-commands.ts';
import { reopenOrder } from './reopen-order.ts';
import { requestCreditOverride } from './request-credit-override.ts';
import type { SubmitOutcome } from './submit-order.ts';
import { submitOrder } from './submit-order.ts';

// Each level as the reader's language names it (its closeloop.yaml label), with who decides it.
function chainText(deps: AppDeps, outcome: SubmitOutcome | null, locale: Locale): string[] {
  const book = deps.policy.labels.book;
  return (
    outcome?.chain.map((l) =>
      withAside(nameText('levels', l.name, locale, book), listed(l.approvers, locale), locale),
    ) ?? []
  );
}

// A submit outcome as the reply the requester reads: on hold, approved at once, or waiting for its chain.
function submittedReply(deps: AppDeps, number: string, outcome: SubmitOutcome, locale: Locale): PrivateReply {
  if (outcome.status === 'on_hold') {
    return {
      text: orderReplyText({ kind: 'onHold', number, flags: holdReasons(outcome.credit, locale) }, locale),
      tone: 'warning',
    };
  }
  return {
    text: orderReplyText(
      { kind: 'submitted', number, version: outcome.version, chain: chainText(deps, outcome, locale) },
      locale,
    ),
    tone: 'success',
  };
}

function linesOf(args: ParsedArgs, currency: string): LineRequest[] {
  const a = args.named;
  const lines = a.line ? parseLines(a.line, currency) : [];
  if (a.sku) {
    lines.unshift({
      sku: a.sku,
      quantity: a.qty ? quantityOf(a.qty, 'qty') : 1,
      ...(a.price ? { unitPriceMinor: amountOf(a.price, currency, 'price') } : {}),
    });
  }
  // One discount for every line, as a rep quotes it.
  if (a.discount !== undefined) {
    const bp = discountOf(a.discount);
    return lines.map((l) => ({ ...l, discountBp: bp }));
  }
  return lines;
}

const orderNew: TextCommand = {
  words: ['order new', '订单 新建', '订单 新增'],
  needs: 'order.create',
  keyAliases: {
    线索: 'lead',
    客户: 'customer',
    产品: 'sku',
    数量: 'qty',
    quantity: 'qty',
    价格: 'price',
    单价: 'price',
    付款计划: 'plan',
    计划: 'plan',
    条款: 'terms',
    明细: 'line',
    lines: 'line',
    折扣: 'discount',
  },
  usage: newUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const a = args.named;
    const source: OrderSource | null = a.lead
      ? { lead: a.lead }
      : a.customer
        ? { customerName: a.customer }
        : null;
    if (!source) throw missingArgument(orderNew, locale, 'lead');
    const lines = linesOf(args, deps.policy.org.currency);
    if (lines.length === 0) throw missingArgument(orderNew, locale, 'sku');
    if (!a.plan) throw missingArgument(orderNew, locale, 'plan');
    const created = await createOrder(deps, actor, {
      source,
      lines,
      paymentPlan: a.plan,
      terms: a.terms ?? null,
      submit: true,
    });
    return createdReply(deps, actor, created);
  },
};

// What the owner is told once a new order was created and submitted: sent for approval (or approved), or held.
export async function createdReply(
  deps: AppDeps,
  actor: UserActor,
  created: Awaited<ReturnType<typeof createOrder>>,
): Promise<PrivateReply> {
  const locale = localeOf(deps, actor);
  const chain = chainText(deps, created.submitted, locale);
  const status = await getOrderStatus(deps, actor, created.number);
  const held = created.submitted?.status === 'on_hold';
  return {
    text: held
      ? orderReplyText(
          {
            kind: 'onHold',
            number: created.number,
            flags: holdReasons(created.submitted?.credit ?? [], locale),
          },
          locale,
        )
      : orderReplyText(
          {
            kind: 'created',
            number: created.number,
            totalMinor: created.totalMinor,
            currency: created.currency,
            chain,
          },
          locale,
        ),
    tone: held ? 'warning' : 'success',
    card: orderStatusCard(status.view, locale),
  };
}

const orderEdit: TextCommand = {
  words: ['order edit', '订单 修改', '订单 编辑'],
  needs: 'order.edit',
  keyAliases: {
    编号: 'number',
    明细: 'line',
    lines: 'line',
    折扣: 'discount',
    付款计划: 'plan',
    计划: 'plan',
    条款: 'terms',
  },
  usage: editUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const number = numberOf(args, locale, this);
    const a = args.named;
    const edit: OrderEdit = {};
    if (a.line) edit.lines = parseLines(a.line, deps.policy.org.currency);
    if (a.discount !== undefined) edit.discountBp = discountOf(a.discount);
    if (a.plan) edit.paymentPlan = a.plan;
    if (a.terms !== undefined)
      edit.terms = ['standard', '标准', ''].includes(a.terms.trim()) ? null : a.terms;
    if (Object.keys(edit).length === 0) {
      // The number alone: the order's card with its Edit button, which opens the form where a platform has one.
      const status = await getOrderStatus(deps, actor, number);
      return {
        text: orderEditHowTo(status.loaded.order.number, locale),
        tone: 'info',
        card: orderStatusCard(status.view, locale),
      };
    }
    return editedReply(deps, actor, await editOrder(deps, actor, number, edit));
  },
};

// What the owner reads after an edit, typed or through the form: the new version and where it went.
export async function editedReply(
  deps: AppDeps,
  actor: UserActor,
  result: EditResult,
): Promise<PrivateReply> {
  const locale = localeOf(deps, actor);
  const text =
    result.submitted?.status === 'on_hold'
      ? orderReplyText(
          { kind: 'onHold', number: result.number, flags: holdReasons(result.submitted.credit, locale) },
          locale,
        )
      : orderReplyText(
          {
            kind: 'edited',
            number: result.number,
            version: result.version,
            chain: result.submitted ? chainText(deps, result.submitted, locale) : null,
          },
          locale,
        );
  const status = await getOrderStatus(deps, actor, result.number);
  return { text, tone: 'success', card: orderStatusCard(status.view, locale) };
}

const orderSubmit: TextCommand = {
  words: ['order submit', 'order resubmit', '订单 提交', '订单 重新提交'],
  needs: 'order.edit',
  keyAliases: { 编号: 'number' },
  usage: submitUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const number = numberOf(args, locale, this).toUpperCase();
    return submittedReply(deps, number, await submitOrder(deps, actor, number), locale);
  },
};

const orderCancel: TextCommand = {
  words: ['order cancel', '订单 取消'],
  needs: 'order.cancel',
  keyAliases: { 编号: 'number', 原因: 'reason' },
  usage: cancelUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const number = numberOf(args, locale, this);
    const result = await cancelOrder(deps, actor, number, args.named.reason ?? null);
    return result.cancelled
      ? { text: orderReplyText({ kind: 'cancelled', number: result.number }, locale), tone: 'success' }
      : { text: orderReplyText({ kind: 'alreadyCancelled' }, locale), tone: 'info' };
  },
};

const orderReopen: TextCommand = {
  words: ['order reopen', '订单 重开', '订单 重新打开'],
  needs: 'order.edit',
  keyAliases: { 编号: 'number' },
  usage: reopenUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const number = numberOf(args, locale, this);
    const outcome = await reopenOrder(deps, actor, number);
    if (outcome.status === 'on_hold') return submittedReply(deps, outcome.number, outcome, locale);
    return {
      text: orderReplyText(
        {
          kind: 'reopened',
          number: outcome.number,
          version: outcome.version,
          chain: chainText(deps, outcome, locale),
        },
        locale,
      ),
      tone: 'success',
    };
  },
};

const orderCopy: TextCommand = {
  words: ['order copy', 'order duplicate', '订单 复制'],
  needs: 'order.edit',
  keyAliases: { 编号: 'number' },
  usage: copyUsage,
  async run(deps, actor: UserActor, args) {
    const locale = localeOf(deps, actor);
    const number = numberOf(args, locale, this);
    const copy = await duplicateOrder(deps, actor, number);
    return {
      text: orderReplyText({ kind: 'duplicated', number: copy.number, from: copy.copyOf }, locale),
      tone: 'success',
    };
  },
};

const orderOverride: TextCommand = {
  words: ['order override', '订单 豁免', '订单 信用豁免'],
  needs: 'order.override',
  keyAliases: { 编号: 'number', 理由: 'reason', 原因: 'reason' },
  usage: overrideUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const [first, ...rest] = args.positional;
    const number = args.named.number ?? first;
    if (!number) throw missingArgument(this, locale, 'number');
    const reason = args.named.reason ?? (args.named.number ? args.positional : rest).join(' ');
    const result = await requestCreditOverride(deps, actor, number, reason);
    return result.requested
      ? {
          text: overrideReplyText(
            { kind: 'requested', number: result.number, approvers: result.approvers },
            locale,
          ),
          tone: 'success',
        }
      : { text: overrideReplyText({ kind: 'pending', number: result.number }, locale), tone: 'info' };
  },
};

const orderComment: TextCommand = {
  words: ['order comment', '订单 评论', '订单 备注'],
  needs: 'order.edit',
  keyAliases: { 编号: 'number', 内容: 'text' },
  usage: commentUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const [first, ...rest] = args.positional;
    const number = args.named.number ?? first;
    if (!number) throw missingArgument(this, locale, 'number');
    const text = args.named.text ?? (args.named.number ? args.positional : rest).join(' ');
    const result = await commentOrder(deps, actor, number, text);
    return {
      text: orderReplyText({ kind: 'commented', number: result.number, count: result.notified }, locale),
      tone: 'success',
    };
  },
};

export const orderCommands: TextCommand[] = [
  orderComment,
  orderNew,
  orderStatus,
  orderEdit,
  orderSubmit,
  orderCancel,
  orderReopen,
  orderCopy,
  orderHistory,
  orderAttachments,
  orderOverride,
];
