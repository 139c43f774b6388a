// Catalogue (collections): the follow-up task card of the dunning ladder (Done / Promise… / Escalate), the `task list`
// reply, the answers to task clicks, the Promise… and Mark received row buttons, and the task errors.

import type { LabelBook } from '../../domain/labels.ts';
import { formatMoney } from '../../domain/money.ts';
import { listPageSize } from '../../domain/records/list-page.ts';
import { type Texts, translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import type { Action, Card, Locale } from '../model.ts';
import { withCollectionsWords } from './collections-words.ts';
import { nameText } from './names.ts';

type Key =
  | 'title'
  | 'body'
  | 'bodyOverdue'
  | 'task'
  | 'taskDue'
  | 'assignee'
  | 'status_open'
  | 'status_done'
  | 'status_escalated'
  | 'promised'
  | 'doneBy'
  | 'escalatedBy'
  | 'btnDone'
  | 'btnPromise'
  | 'btnEscalate'
  | 'escalateConfirmTitle'
  | 'escalateConfirmText'
  | 'escalateConfirmYes'
  | 'escalateConfirmNo'
  | 'promisePrompt'
  | 'promisePlaceholder'
  | 'btnReceived'
  | 'receivedPrompt'
  | 'receivedPlaceholder'
  | 'listTitle'
  | 'listTeamTitle'
  | 'listEmpty'
  | 'listLine'
  | 'listLinePast'
  | 'more'
  | 'usage'
  | 'replyDone'
  | 'replyEscalated'
  | 'replyAlreadyDone'
  | 'replyAlreadyEscalated'
  | 'replyNoManager'
  | 'arTasks'
  | 'arTasksButton';

const own: Texts<Key> = {
  en: {
    title: 'Follow-up task {task}: {order}',
    body: 'Follow up with **{customer}** on {order} ({label}): {amount} was due on {due}.',
    bodyOverdue:
      'Follow up with **{customer}** on {order} ({label}): {amount} was due on {due}, {days} days overdue.',
    task: 'Task',
    taskDue: 'Task due',
    assignee: 'Assigned to',
    status_open: 'open',
    status_done: 'done',
    status_escalated: 'escalated',
    promised: '🤝 The customer promised to pay by {date}.',
    doneBy: '✅ Done by {by} on {at}.',
    escalatedBy: '⬆️ Escalated by {by} to {to} on {at}.',
    btnDone: 'Done',
    btnPromise: 'Promise…',
    btnEscalate: 'Escalate',
    escalateConfirmTitle: 'Escalate {task}?',
    escalateConfirmText: 'The task goes to {to}, who is told.',
    escalateConfirmYes: 'Escalate',
    escalateConfirmNo: 'Keep it',
    promisePrompt: 'Promised payment date (YYYY-MM-DD, tomorrow, next Friday, in 3 days)',
    promisePlaceholder: 'next Friday',
    btnReceived: 'Mark received…',
    receivedPrompt: 'Amount received (e.g. 5000 or 5000.00), optionally followed by the date',
    receivedPlaceholder: '5000.00',
    listTitle: 'My open follow-up tasks ({count})',
    listTeamTitle: "My team's open follow-up tasks ({count})",
    listEmpty: 'No open follow-up tasks.',
    listLine: '**{task}** · {order} · {customer} · {amount} · due {due} · {assignee} · {status}',
    listLinePast: '**{task}** · {order} · {customer} · {amount} · ⚠️ due {due} · {assignee} · {status}',
    more: 'Show more',
    usage: 'task list — my open follow-up tasks (managers: their team’s)',
    replyDone: '{task} is done.',
    replyEscalated: '{task} is escalated to {to}.',
    replyAlreadyDone: '{task} is already done; nothing changed.',
    replyAlreadyEscalated: '{task} is already escalated; nothing changed.',
    replyNoManager: '{task} cannot be escalated: {name} has no manager on the roster.',
    arTasks: '**Follow-up tasks open for you:** {count} ({past} past due)',
    arTasksButton: 'My tasks',
  },
  'zh-CN': {
    title: '跟进任务 {task}：{order}',
    body: '请跟进 **{customer}** 的 {order}（{label}）：{amount} 已于 {due} 到期。',
    bodyOverdue: '请跟进 **{customer}** 的 {order}（{label}）：{amount} 已于 {due} 到期，逾期 {days} 天。',
    task: '任务',
    taskDue: '任务截止',
    assignee: '负责人',
    status_open: '进行中',
    status_done: '已完成',
    status_escalated: '已升级',
    promised: '🤝 客户承诺在 {date} 前付款。',
    doneBy: '✅ {by} 于 {at} 标记完成。',
    escalatedBy: '⬆️ {by} 于 {at} 升级给 {to}。',
    btnDone: '完成',
    btnPromise: '承诺付款…',
    btnEscalate: '升级',
    escalateConfirmTitle: '升级 {task}？',
    escalateConfirmText: '任务将转给 {to}，并通知对方。',
    escalateConfirmYes: '升级',
    escalateConfirmNo: '保留',
    promisePrompt: '承诺付款日期（YYYY-MM-DD、明天、下周五、3天后）',
    promisePlaceholder: '下周五',
    btnReceived: '登记收款…',
    receivedPrompt: '收款金额（如 5000 或 5000.00），可在后面写日期',
    receivedPlaceholder: '5000.00',
    listTitle: '我的待办跟进任务（{count}）',
    listTeamTitle: '团队待办跟进任务（{count}）',
    listEmpty: '没有待办的跟进任务。',
    listLine: '**{task}** · {order} · {customer} · {amount} · {due} 截止 · {assignee} · {status}',
    listLinePast: '**{task}** · {order} · {customer} · {amount} · ⚠️ {due} 截止 · {assignee} · {status}',
    more: '显示更多',
    usage: '任务 — 我的待办跟进任务（主管：团队的）',
    replyDone: '{task} 已完成。',
    replyEscalated: '{task} 已升级给 {to}。',
    replyAlreadyDone: '{task} 已经完成，未做修改。',
    replyAlreadyEscalated: '{task} 已经升级，未做修改。',
    replyNoManager: '{task} 无法升级：花名册中 {name} 没有主管。',
    arTasks: '**你的待办跟进任务：**{count} 个（{past} 个已过截止日）',
    arTasksButton: '我的任务',
  },
};

const texts = withCollectionsWords(own);

export type TaskStatusText = 'open' | 'done' | 'escalated';

export interface TaskView {
  id: string;
  number: string;
  status: TaskStatusText;
  orderId: string;
  orderNumber: string;
  customerName: string;
  installmentLabel: string;
  outstandingMinor: number;
  currency: string;
  // The installment's due date and, positive when overdue, the days since.
  dueOn: string;
  daysPastDue: number;
  taskDueOn: string;
  assigneeName: string;
  promisedOn: string | null;
  // Org-local "YYYY-MM-DD HH:MM" of the last move, with who made it.
  escalated: { by: string; to: string; at: string } | null;
  done: { by: string; at: string } | null;
}

// Which buttons the card's reader may use, each asked of can() by the use case.
export interface TaskButtons {
  complete: boolean;
  promise: boolean;
  escalate: boolean;
  // Whom Escalate hands it to, named in its confirmation.
  escalateTo?: string;
}

// The Promise… button of an order (a task card, an `ar` row): the clicker types the date.
export function promiseAction(orderId: string, locale: Locale): Action {
  const t = translator(texts, locale);
  return {
    id: 'payment.promise',
    label: t('btnPromise'),
    value: orderId,
    prompt: { label: t('promisePrompt'), placeholder: t('promisePlaceholder') },
  };
}

// The Mark received… button of an `ar` row: the clicker types the amount (and a date).
export function receivedAction(orderId: string, locale: Locale): Action {
  const t = translator(texts, locale);
  return {
    id: 'payment.record',
    label: t('btnReceived'),
    value: orderId,
    prompt: { label: t('receivedPrompt'), placeholder: t('receivedPlaceholder') },
  };
}

export function taskActions(view: TaskView, may: TaskButtons, locale: Locale): Action[] {
  if (view.status === 'done') return [];
  const t = translator(texts, locale);
  const vars = { task: view.number, to: may.escalateTo ?? '' };
  return [
    ...(may.complete
      ? [{ id: 'task.complete', label: t('btnDone'), style: 'primary' as const, value: view.id }]
      : []),
    ...(may.promise ? [promiseAction(view.orderId, locale)] : []),
    ...(may.escalate && view.status === 'open'
      ? [
          {
            id: 'task.escalate',
            label: t('btnEscalate'),
            value: view.id,
            confirm: {
              title: t('escalateConfirmTitle', vars),
              text: t('escalateConfirmText', vars),
              confirm: t('escalateConfirmYes'),
              deny: t('escalateConfirmNo'),
            },
          },
        ]
      : []),
  ];
}

// The assignee's card of one task, edited in place when it is done, escalated or a promise is logged.
// `book`: closeloop.yaml labels, so the installment's step reads as the reader's language names it.
export function taskCard(view: TaskView, may: TaskButtons, locale: Locale, book?: LabelBook): Card {
  const t = translator(texts, locale);
  const vars = {
    task: view.number,
    order: view.orderNumber,
    customer: view.customerName,
    label: nameText('steps', view.installmentLabel, locale, book),
    amount: formatMoney(view.outstandingMinor, view.currency, locale),
    due: view.dueOn,
    days: view.daysPastDue,
  };
  const lines = [t(view.daysPastDue > 0 ? 'bodyOverdue' : 'body', vars)];
  if (view.promisedOn) lines.push(t('promised', { date: view.promisedOn }));
  if (view.escalated) lines.push(t('escalatedBy', view.escalated));
  if (view.done) lines.push(t('doneBy', view.done));
  return {
    title: t('title', vars),
    body: lines.join('\n'),
    fields: [
      { label: t('task'), value: `${view.number} · ${t(`status_${view.status}`)}` },
      { label: t('order'), value: view.orderNumber },
      { label: t('customer'), value: literal(view.customerName) },
      { label: t('outstanding'), value: vars.amount },
      { label: t('taskDue'), value: view.taskDueOn },
      { label: t('assignee'), value: literal(view.assigneeName) },
    ],
    actions: taskActions(view, may, locale),
    tone: view.status === 'done' ? 'success' : view.status === 'escalated' ? 'danger' : 'warning',
  };
}

export interface TaskListPage {
  offset: number;
  // The command of the next page, or null on the last.
  moreValue: string | null;
  buttons: (view: TaskView) => Action[];
}

// `task list`: one row per open task, its buttons under it, ten a page.
export function taskListCard(
  views: readonly TaskView[],
  team: boolean,
  today: string,
  locale: Locale,
  page: TaskListPage,
): Card {
  const t = translator(texts, locale);
  const shown = views.slice(page.offset, page.offset + listPageSize);
  return {
    title: t(team ? 'listTeamTitle' : 'listTitle', { count: views.length }),
    ...(views.length === 0 ? { body: t('listEmpty') } : {}),
    items: shown.map((v) => ({
      text: t(v.taskDueOn < today ? 'listLinePast' : 'listLine', {
        task: v.number,
        order: v.orderNumber,
        customer: v.customerName,
        amount: formatMoney(v.outstandingMinor, v.currency, locale),
        due: v.taskDueOn,
        assignee: v.assigneeName,
        status: t(`status_${v.status}`),
      }),
      actions: page.buttons(v),
    })),
    fields: [],
    actions: page.moreValue ? [{ id: 'report.more', label: t('more'), value: page.moreValue }] : [],
    tone: views.some((v) => v.taskDueOn < today) ? 'warning' : 'info',
  };
}

// The line `ar` adds for the assignee, and its button to the list.
export function arTasksLine(count: number, past: number, locale: Locale): string {
  return translator(texts, locale)('arTasks', { count, past });
}

export function arTasksAction(locale: Locale): Action {
  return { id: 'report.more', label: translator(texts, locale)('arTasksButton'), value: 'task list' };
}

// A task's state in words, as its card says it (the order's timeline says it the same way).
export function taskStatusText(status: TaskStatusText, locale: Locale): string {
  return translator(texts, locale)(`status_${status}`);
}

export function listMoreLabel(locale: Locale): string {
  return translator(texts, locale)('more');
}

export const taskUsage: Record<Locale, string> = { en: own.en.usage, 'zh-CN': own['zh-CN'].usage };

export type TaskReplyKey =
  | 'replyDone'
  | 'replyEscalated'
  | 'replyAlreadyDone'
  | 'replyAlreadyEscalated'
  | 'replyNoManager';

export function taskReply(key: TaskReplyKey, locale: Locale, vars: Record<string, string> = {}): string {
  return translator(texts, locale)(key, vars);
}

export const taskErrors: Texts<'task_unknown' | 'task_forbidden'> = {
  en: {
    task_unknown: 'No follow-up task {task}. Type task list to see yours.',
    task_forbidden: 'You may not change {task}: it is assigned to someone outside your team.',
  },
  'zh-CN': {
    task_unknown: '没有跟进任务 {task}。输入 任务 查看你的任务。',
    task_forbidden: '你无权修改 {task}：它由你团队之外的人负责。',
  },
};
