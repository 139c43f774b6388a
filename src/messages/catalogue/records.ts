// Catalogue (record views): the timeline of a lead or an order in words, its "earlier events" line, the Open and
// record buttons, and the refusals of record views — zh-CN and en.

import type { LabelBook } from '../../domain/labels.ts';
import { formatMoney } from '../../domain/money.ts';
import { localDate, localTime } from '../../domain/time.ts';
import { type Texts, translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import type { Action, Locale } from '../model.ts';
import { type TaskStatusText, taskStatusText } from './collections-tasks.ts';
import { nameText } from './names.ts';
import { labelled } from './punctuation.ts';

// One thing that happened to a record, from whichever table keeps it.
export type TimelineEntry = { at: Date; by: string | null } & (
  | { kind: 'audit'; action: string }
  | { kind: 'decision'; level: string; status: string; reason: string | null }
  | { kind: 'comment'; body: string }
  | { kind: 'payment'; amountMinor: number; currency: string; label: string; undone: boolean }
  | { kind: 'reminder'; label: string; offsetDays: number }
  | { kind: 'promise'; promisedOn: string; status: string }
  | {
      kind: 'task';
      number: string;
      assignee: string;
      status: TaskStatusText;
      dueOn: string;
      // Named where the timeline is not the order's own (a customer's).
      order: string | null;
    }
  | { kind: 'invoice'; label: string; invoiceNo: string }
  | { kind: 'activity'; activity: string; note: string | null }
);

type Key =
  | 'timeline'
  | 'timeline_empty'
  | 'earlier'
  | 'btn_earlier'
  | 'btn_open'
  | 'btn_comment'
  | 'comment_prompt'
  | 'btn_submit'
  | 'btn_cancel'
  | 'cancel_confirm_title'
  | 'cancel_confirm_text'
  | 'confirm_yes'
  | 'confirm_no'
  | 'next_installment'
  | 'credit'
  | 'credit_limit'
  | 'no_limit'
  | 'approval_step'
  | 'none'
  | 'owner'
  | 'offered_to'
  | 'status'
  | 'stage'
  | 'deal'
  | 'customer'
  | 'created'
  | 'lead_title'
  | 'order_title'
  | 'e_decision_approved'
  | 'e_decision_rejected'
  | 'e_comment'
  | 'e_payment'
  | 'e_payment_undone'
  | 'e_reminder_before'
  | 'e_reminder_due'
  | 'e_reminder_after'
  | 'e_promise'
  | 'e_task'
  | 'e_task_order'
  | 'e_invoice'
  | 'e_activity'
  | 'e_other';

const texts: Texts<Key> = {
  en: {
    timeline: 'Timeline',
    timeline_empty: 'Nothing has happened yet.',
    earlier: '{count} earlier events',
    btn_earlier: 'Show {count} earlier',
    btn_open: 'Open',
    btn_comment: 'Comment…',
    comment_prompt: 'Your comment (the owner and open approvers see it)',
    btn_submit: 'Submit',
    btn_cancel: 'Cancel order',
    cancel_confirm_title: 'Cancel {number}?',
    cancel_confirm_text: 'Open approvals end and an unpaid plan is dropped.',
    confirm_yes: 'Cancel it',
    confirm_no: 'Keep it',
    next_installment: 'Next installment',
    credit: 'Credit',
    credit_limit: 'limit {limit}',
    no_limit: 'no limit set',
    approval_step: 'Approval step',
    none: '—',
    owner: 'Owner',
    offered_to: 'Offered to',
    status: 'Status',
    stage: 'Stage',
    deal: 'Expected deal',
    customer: 'Customer',
    created: 'Created',
    lead_title: 'Lead {number} · {name}',
    order_title: 'Order {number} · {customer}',
    e_decision_approved: '{level} approved',
    e_decision_rejected: '{level} rejected: {reason}',
    e_comment: 'commented: {body}',
    e_payment: 'payment of {amount} allocated to {label}',
    e_payment_undone: 'payment of {amount} to {label} (undone)',
    e_reminder_before: 'reminder sent for {label}, {days} days before due',
    e_reminder_due: 'reminder sent for {label} on its due date',
    e_reminder_after: 'reminder sent for {label}, {days} days overdue',
    e_promise: 'customer promised to pay by {date} ({status})',
    e_task: 'follow-up task {number} for {assignee}, due {date}: {status}',
    e_task_order: 'follow-up task {number} on {order} for {assignee}, due {date}: {status}',
    e_invoice: 'invoice {invoice} issued for {label}',
    e_activity: '{what}',
    e_other: '{what}',
  },
  'zh-CN': {
    timeline: '时间线',
    timeline_empty: '还没有任何动态。',
    earlier: '还有 {count} 条更早的动态',
    btn_earlier: '显示更早的 {count} 条',
    btn_open: '打开',
    btn_comment: '评论…',
    comment_prompt: '评论内容（负责人和待审批人可见）',
    btn_submit: '提交',
    btn_cancel: '取消订单',
    cancel_confirm_title: '取消 {number}？',
    cancel_confirm_text: '未完成的审批将结束，未付款的付款计划将删除。',
    confirm_yes: '确认取消',
    confirm_no: '保留',
    next_installment: '下一期款项',
    credit: '信用',
    credit_limit: '额度 {limit}',
    no_limit: '未设额度',
    approval_step: '审批环节',
    none: '—',
    owner: '负责人',
    offered_to: '已分配给',
    status: '状态',
    stage: '阶段',
    deal: '预计金额',
    customer: '客户',
    created: '创建时间',
    lead_title: '线索 {number} · {name}',
    order_title: '订单 {number} · {customer}',
    e_decision_approved: '{level} 审批通过',
    e_decision_rejected: '{level} 驳回：{reason}',
    e_comment: '评论：{body}',
    e_payment: '收款 {amount} 已核销到 {label}',
    e_payment_undone: '收款 {amount} 核销到 {label}（已撤销）',
    e_reminder_before: '已发送 {label} 的到期前 {days} 天提醒',
    e_reminder_due: '已发送 {label} 的到期日提醒',
    e_reminder_after: '已发送 {label} 的逾期 {days} 天提醒',
    e_promise: '客户承诺 {date} 前付款（{status}）',
    e_task: '跟进任务 {number}（{assignee}），截止 {date}：{status}',
    e_task_order: '跟进任务 {number}（订单 {order}，{assignee}），截止 {date}：{status}',
    e_invoice: '{label} 已开票，发票号 {invoice}',
    e_activity: '{what}',
    e_other: '{what}',
  },
};

export function recordText(locale: Locale) {
  return translator(texts, locale);
}

// What an audit action or a lead activity reads as in a timeline; an unknown one shows its code.
const whatTexts: Record<Locale, Record<string, string>> = {
  en: {
    'order.create': 'created the order',
    'order.submit': 'submitted it for approval',
    'order.edit': 'edited it (a new version)',
    'order.cancel': 'cancelled it',
    'order.hold': 'credit hold: the order waits',
    'order.approve': 'the order is approved',
    'order.reject': 'the order is rejected',
    'order.attach': 'attached a file',
    'order.credit_override.request': 'asked for a credit override',
    'order.credit_levels': 'credit added approval levels',
    'customer.create': 'created the customer',
    'customer.edit': 'edited the details',
    'customer.credit': 'changed the credit limit or tier',
    'customer.credit_hold': 'credit hold: new orders wait',
    'customer.credit_hold_lifted': 'the credit hold is lifted',
    'customer.merge': 'merged customers',
    'customer.contact.add': 'added a contact',
    'customer.contact.edit': 'edited a contact',
    'customer.contact.remove': 'removed a contact',
    'lead.create': 'entered the lead',
    'lead.merge': 'merged another lead into it',
    'lead.merge_into': 'merged it into another lead',
    'lead.unmerge': 'undid a merge',
    'lead.unmerge_from': 'undid a merge',
    created: 'received the lead',
    posted_for_claim: 'posted it for claiming',
    unrouted: 'no routing rule took it',
    offered: 'offered it',
    accepted: 'accepted it',
    claimed: 'claimed it',
    declined: 'declined it',
    unclaimed: 'nobody claimed it in time',
    sla_timeout: 'the accept time ran out',
    first_contact_timeout: 'first contact was late',
    duplicate: 'a duplicate arrived',
    stage: 'moved the stage',
    lost: 'marked it lost',
    converted: 'converted it to a customer',
    order: 'made an order of it',
    call: 'logged a call',
    visit: 'logged a visit',
    message: 'logged a message',
    note: 'added a note',
  },
  'zh-CN': {
    'order.create': '创建了订单',
    'order.submit': '提交审批',
    'order.edit': '修改了订单（新版本）',
    'order.cancel': '取消了订单',
    'order.hold': '信用冻结：订单暂停',
    'order.approve': '订单审批通过',
    'order.reject': '订单被驳回',
    'order.attach': '上传了附件',
    'order.credit_override.request': '申请信用豁免',
    'order.credit_levels': '信用风险增加了审批环节',
    'customer.create': '创建了客户',
    'customer.edit': '修改了资料',
    'customer.credit': '调整了信用额度或等级',
    'customer.credit_hold': '信用冻结：新订单暂停',
    'customer.credit_hold_lifted': '信用冻结已解除',
    'customer.merge': '合并了客户',
    'customer.contact.add': '添加了联系人',
    'customer.contact.edit': '修改了联系人',
    'customer.contact.remove': '删除了联系人',
    'lead.create': '录入了线索',
    'lead.merge': '合并了另一条线索',
    'lead.merge_into': '合并到另一条线索',
    'lead.unmerge': '撤销了合并',
    'lead.unmerge_from': '撤销了合并',
    created: '收到线索',
    posted_for_claim: '发到群里待认领',
    unrouted: '没有可用的分配规则',
    offered: '分配了线索',
    accepted: '接受了线索',
    claimed: '认领了线索',
    declined: '拒绝了线索',
    unclaimed: '无人按时认领',
    sla_timeout: '接受时限已过',
    first_contact_timeout: '首次联系超时',
    duplicate: '收到重复线索',
    stage: '推进了阶段',
    lost: '标记为丢单',
    converted: '转为客户',
    order: '据此下了订单',
    call: '记录了电话',
    visit: '记录了拜访',
    message: '记录了消息',
    note: '添加了备注',
  },
};

function whatOf(code: string, locale: Locale): string {
  const table = whatTexts[locale];
  return Object.hasOwn(table, code) ? (table[code] ?? code) : code;
}

// A comment or note stays on its one line of the timeline.
const oneLine = (text: string) => literal(text.replace(/\s+/g, ' ').trim());

function entryText(e: TimelineEntry, locale: Locale, book?: LabelBook): string {
  const t = recordText(locale);
  const step = (name: string) => nameText('steps', name, locale, book);
  const level = (name: string) => nameText('levels', name, locale, book);
  switch (e.kind) {
    case 'audit':
      return t('e_other', { what: whatOf(e.action, locale) });
    case 'activity':
      return e.note
        ? labelled(whatOf(e.activity, locale), oneLine(e.note), locale)
        : whatOf(e.activity, locale);
    case 'decision':
      return e.status === 'rejected'
        ? t('e_decision_rejected', { level: level(e.level), reason: oneLine(e.reason ?? '') })
        : t('e_decision_approved', { level: level(e.level) });
    case 'comment':
      return t('e_comment', { body: oneLine(e.body) });
    case 'payment': {
      const amount = formatMoney(e.amountMinor, e.currency, locale);
      return t(e.undone ? 'e_payment_undone' : 'e_payment', { amount, label: step(e.label) });
    }
    case 'reminder':
      return e.offsetDays < 0
        ? t('e_reminder_before', { label: step(e.label), days: -e.offsetDays })
        : e.offsetDays === 0
          ? t('e_reminder_due', { label: step(e.label) })
          : t('e_reminder_after', { label: step(e.label), days: e.offsetDays });
    case 'promise':
      return t('e_promise', { date: e.promisedOn, status: e.status });
    case 'task':
      return t(e.order ? 'e_task_order' : 'e_task', {
        number: e.number,
        order: e.order ?? '',
        assignee: e.assignee,
        date: e.dueOn,
        status: taskStatusText(e.status, locale),
      });
    case 'invoice':
      return t('e_invoice', { invoice: e.invoiceNo, label: step(e.label) });
  }
}

// "- 11-02 10:15 Li Rep: submitted it for approval", oldest first, under "N earlier events" when some are left out.
export function timelineText(
  entries: readonly TimelineEntry[],
  earlier: number,
  timezone: string,
  locale: Locale,
  // closeloop.yaml labels: installment steps are named as the reader's language has them.
  book?: LabelBook,
): string {
  const t = recordText(locale);
  if (entries.length === 0) return t('timeline_empty');
  const lines = entries.map((e) => {
    const when = `${localDate(e.at, timezone).slice(5)} ${localTime(e.at, timezone)}`;
    const what = entryText(e, locale, book);
    return `- ${when} ${e.by ? labelled(literal(e.by), what, locale) : what}`;
  });
  return [...(earlier > 0 ? [`_${t('earlier', { count: earlier })}_`] : []), ...lines].join('\n');
}

// The button that shows more of the timeline: it runs the record command again with a larger limit.
export function earlierAction(command: string, count: number, locale: Locale): Action {
  return { id: 'report.more', label: recordText(locale)('btn_earlier', { count }), value: command };
}

export function openAction(id: 'order.show' | 'lead.show', value: string, locale: Locale): Action {
  return { id, label: recordText(locale)('btn_open'), value };
}

export const recordErrors: Texts<'record_lead_forbidden'> = {
  en: {
    record_lead_forbidden: 'You may not see {number}: it is held by someone outside your scope.',
  },
  'zh-CN': {
    record_lead_forbidden: '你无权查看 {number}：它由你权限范围之外的人负责。',
  },
};
