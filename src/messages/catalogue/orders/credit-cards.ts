// Catalogue (orders): the credit gate's cards — holds, mid-chain holds, override requests and their decisions.

import type { CreditFlag, FlagAction } from '../../../domain/credit/risk.ts';
import { formatMoney } from '../../../domain/money.ts';
import { localDate, localTime } from '../../../domain/time.ts';
import { type Texts, translator } from '../../i18n.ts';
import { literal } from '../../literal.ts';
import type { Card, Field, Locale } from '../../model.ts';
import {
  creditFields,
  deciderText,
  levelLabel,
  levelName,
  orderFields,
  orderPersonal,
  statusText,
} from './order-fields.ts';
import { texts } from './texts.ts';
import type { CreditView, Decider, LevelInfo, OrderSummary } from './views.ts';

// Tells the owner the credit gate held the order, and why.
export function creditHoldNotice(order: OrderSummary, credit: CreditView, locale: Locale): Card {
  const t = translator(texts, locale);
  return {
    title: t('holdTitle', { number: order.number }),
    body: t('holdBody', { flags: holdReasons(credit.flags, locale) }),
    fields: [
      { label: t('customer'), value: literal(order.customer) },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
      ...creditFields(credit, locale, t),
    ],
    actions: [],
    tone: 'danger',
  };
}

export const heldTexts: Texts<
  'heldTitle' | 'heldBody' | 'heldContext' | 'noticeTitle' | 'noticeBody' | 'reply'
> = {
  en: {
    heldTitle: 'Order {number} v{version}: withdrawn, on credit hold',
    heldBody:
      '**Withdrawn**: after {by} approved level {level}, the credit check held the order: {flags}. Approval starts again once the hold is released.',
    heldContext: 'On credit hold',
    noticeTitle: 'Order {number} went on credit hold during approval',
    noticeBody:
      '{by} approved level {level}, but the credit check now holds the order: {flags}. Its open approvals were withdrawn. Settle the overdue balance or change the order and submit it again, or ask for an override: order override {number} "why".',
    reply:
      'Your approval was recorded, but order {number} went on credit hold instead of advancing: {flags}. Its open approvals were withdrawn and the owner was told.',
  },
  'zh-CN': {
    heldTitle: '订单 {number} v{version}：已撤回，信用冻结',
    heldBody: '**已撤回**：{by} 批准 {level} 级后，信用检查冻结了订单：{flags}。冻结解除后将重新审批。',
    heldContext: '信用冻结',
    noticeTitle: '订单 {number} 在审批中被信用冻结',
    noticeBody:
      '{by} 批准了 {level} 级，但信用检查现在冻结了订单：{flags}。未完成的审批已撤回。请结清逾期欠款或修改订单后重新提交，或申请豁免：订单 豁免 {number} "原因"。',
    reply:
      '你的批准已记录，但订单 {number} 被信用冻结，未进入下一步：{flags}。未完成的审批已撤回，已通知负责人。',
  },
};

// Every open approval card of a version the credit gate held mid-chain (and the card just approved): no buttons,
// why it was withdrawn.
export function approvalHeldCard(
  order: OrderSummary,
  level: LevelInfo,
  held: { by: Decider; level: LevelInfo; credit: CreditView },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const h = translator(heldTexts, locale);
  return {
    title: h('heldTitle', { number: order.number, version: order.version }),
    body: h('heldBody', {
      by: deciderText(held.by, locale),
      level: levelName(held.level, locale),
      flags: holdReasons(held.credit.flags, locale),
    }),
    fields: [
      ...orderFields(order, locale, t),
      { label: t('level'), value: levelLabel(level, locale) },
      { label: t('requester'), value: literal(order.requester) },
      ...creditFields(held.credit, locale, t),
    ],
    ...orderPersonal(order),
    actions: [],
    context: h('heldContext'),
    tone: 'danger',
  };
}

// Tells the owner the credit gate held the order after a level approved it, and how to go on.
export function creditHeldMidChainNotice(
  order: OrderSummary,
  held: { by: Decider; level: LevelInfo; credit: CreditView },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const h = translator(heldTexts, locale);
  return {
    title: h('noticeTitle', { number: order.number }),
    body: h('noticeBody', {
      by: deciderText(held.by, locale),
      level: levelName(held.level, locale),
      number: order.number,
      flags: holdReasons(held.credit.flags, locale),
    }),
    fields: [
      { label: t('customer'), value: literal(order.customer) },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
      ...creditFields(held.credit, locale, t),
    ],
    actions: [],
    tone: 'danger',
  };
}

// The private answer to the approving click that put the order on hold.
export function heldReplyText(number: string, flags: string, locale: Locale): string {
  return translator(heldTexts, locale)('reply', { number, flags });
}

// A credit override asked for: what the approver decides on, and how it stands once decided.
export interface OverrideView {
  id: string;
  reason: string;
  requestedBy: string;
  validForDays: number;
  timezone: string;
}

// `by` names a stand-in with the away override approver they decided for.
export type OverrideDecision =
  | { kind: 'approved'; by: Decider; until: Date }
  | { kind: 'rejected'; by: Decider; reason: string };

export type OverrideReply =
  | { kind: 'requested'; number: string; approvers: string[] }
  | { kind: 'pending'; number: string }
  | { kind: 'approved'; number: string; until: Date; timezone: string; status: string }
  | { kind: 'rejected'; number: string }
  | { kind: 'already'; status: string };

export const overrideTexts: Texts<
  | 'title'
  | 'body'
  | 'decidedApproved'
  | 'decidedRejected'
  | 'noticeApproved'
  | 'noticeRejected'
  | 'rejectPrompt'
  | 'rejectPlaceholder'
  | 'replyRequested'
  | 'replyPending'
  | 'replyApproved'
  | 'replyRejected'
  | 'replyAlready'
> = {
  en: {
    title: 'Credit override asked: order {number}',
    body: '{by} asks to release order {number}, held by the credit gate ({flags}).\nReason: {reason}\nIf approved, the override is valid for {days} days; after that a new credit check holds the order again.',
    decidedApproved: 'Override approved by {by}, valid until {until}.',
    decidedRejected: 'Override rejected by {by}: {reason}',
    noticeApproved:
      'The credit override for order {number} was approved by {by} (valid until {until}); the order goes on to approval.',
    noticeRejected:
      'The credit override for order {number} was rejected by {by}: {reason}. The order stays on hold.',
    rejectPrompt: 'Why are you refusing this override?',
    rejectPlaceholder: 'e.g. collect the overdue invoice first',
    replyRequested: 'Override for order {number} asked of {approvers}.',
    replyPending: 'An override for order {number} is already waiting for a decision.',
    replyApproved: 'Override approved until {until}; order {number} is now {status}.',
    replyRejected: 'Override for order {number} rejected; the owner has been told.',
    replyAlready: 'This override was already decided ({status}).',
  },
  'zh-CN': {
    title: '信用豁免申请：订单 {number}',
    body: '{by} 申请放行被信用检查暂停的订单 {number}（{flags}）。\n理由：{reason}\n批准后豁免有效 {days} 天；过期后新的信用检查会再次暂停该订单。',
    decidedApproved: '{by} 已批准豁免，有效期至 {until}。',
    decidedRejected: '{by} 已驳回豁免：{reason}',
    noticeApproved: '订单 {number} 的信用豁免已由 {by} 批准（有效期至 {until}）；订单继续进入审批。',
    noticeRejected: '订单 {number} 的信用豁免被 {by} 驳回：{reason}。订单仍处于暂停状态。',
    rejectPrompt: '驳回此豁免的原因？',
    rejectPlaceholder: '例如：请先收回逾期款项',
    replyRequested: '已向 {approvers} 申请订单 {number} 的信用豁免。',
    replyPending: '订单 {number} 已有一个待决定的豁免申请。',
    replyApproved: '豁免已批准，有效期至 {until}；订单 {number} 现为 {status}。',
    replyRejected: '订单 {number} 的豁免已驳回；已通知负责人。',
    replyAlready: '此豁免已被决定（{status}）。',
  },
};

export function overrideBody(
  order: OrderSummary,
  view: OverrideView,
  credit: CreditView,
  locale: Locale,
): string {
  return translator(overrideTexts, locale)('body', {
    by: view.requestedBy,
    number: order.number,
    flags: holdReasons(credit.flags, locale),
    reason: view.reason,
    days: view.validForDays,
  });
}

export function overrideFields(
  order: OrderSummary,
  credit: CreditView,
  locale: Locale,
  standIn: OverrideStandIn | undefined,
): Field[] {
  const t = translator(texts, locale);
  return [
    { label: t('customer'), value: literal(order.customer) },
    { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
    ...(standIn ? [{ label: t('approver'), value: deciderText(standIn, locale) }] : []),
    ...creditFields(credit, locale, t),
  ];
}

// The copy of an override card a stand-in holds names them and the away override approver they act for.
export type OverrideStandIn = { name: string; standingInFor: string };

export const whenText = (d: Date, timezone: string) => `${localDate(d, timezone)} ${localTime(d, timezone)}`;

// Sent to each override approver: the hold, the reason, and Approve / Reject (a reason is asked for).
export function creditOverrideCard(
  order: OrderSummary,
  view: OverrideView,
  credit: CreditView,
  locale: Locale,
  standIn?: OverrideStandIn,
): Card {
  const t = translator(overrideTexts, locale);
  const o = translator(texts, locale);
  return {
    title: t('title', { number: order.number }),
    body: overrideBody(order, view, credit, locale),
    fields: overrideFields(order, credit, locale, standIn),
    actions: [
      { id: 'order.override.approve', label: o('approve'), style: 'primary', value: view.id },
      {
        id: 'order.override.reject',
        label: o('reject'),
        style: 'danger',
        value: view.id,
        prompt: { label: t('rejectPrompt'), placeholder: t('rejectPlaceholder'), minLength: 1 },
      },
    ],
    tone: 'warning',
  };
}

// Every copy of the override card once decided: no buttons, who decided and until when.
export function creditOverrideDecidedCard(
  order: OrderSummary,
  view: OverrideView,
  credit: CreditView,
  decision: OverrideDecision,
  locale: Locale,
  standIn?: OverrideStandIn,
): Card {
  const t = translator(overrideTexts, locale);
  const by = deciderText(decision.by, locale);
  return {
    title: t('title', { number: order.number }),
    body: overrideBody(order, view, credit, locale),
    fields: overrideFields(order, credit, locale, standIn),
    actions: [],
    context:
      decision.kind === 'approved'
        ? t('decidedApproved', { by, until: whenText(decision.until, view.timezone) })
        : t('decidedRejected', { by, reason: decision.reason }),
    tone: decision.kind === 'approved' ? 'success' : 'danger',
  };
}

// The order's owner is told how their override went.
export function creditOverrideNotice(
  order: OrderSummary,
  decision: OverrideDecision,
  timezone: string,
  locale: Locale,
): Card {
  const t = translator(overrideTexts, locale);
  const by = deciderText(decision.by, locale);
  return {
    title: t('title', { number: order.number }),
    body:
      decision.kind === 'approved'
        ? t('noticeApproved', { number: order.number, by, until: whenText(decision.until, timezone) })
        : t('noticeRejected', { number: order.number, by, reason: decision.reason }),
    fields: [],
    actions: [],
    tone: decision.kind === 'approved' ? 'success' : 'danger',
  };
}

export function overrideReplyText(reply: OverrideReply, locale: Locale): string {
  const t = translator(overrideTexts, locale);
  switch (reply.kind) {
    case 'requested':
      return t('replyRequested', { number: reply.number, approvers: reply.approvers.join(', ') });
    case 'pending':
      return t('replyPending', { number: reply.number });
    case 'approved':
      return t('replyApproved', {
        number: reply.number,
        until: whenText(reply.until, reply.timezone),
        status: statusText(reply.status, locale),
      });
    case 'rejected':
      return t('replyRejected', { number: reply.number });
    case 'already':
      return t('replyAlready', { status: statusText(reply.status, locale) });
  }
}

// The flags that hold an order, named: what the requester must clear before it can go to approval.
export function holdReasons(
  flags: readonly { flag: CreditFlag; action: FlagAction }[],
  locale: Locale,
): string {
  const t = translator(texts, locale);
  return flags
    .filter((f) => f.action === 'hold')
    .map((f) => t(`flag_${f.flag}`))
    .join(', ');
}
