// Catalogue (orders): the owner's living card of an order — posted once, edited as the order moves — zh-CN and en.

import type { LabelBook } from '../../../domain/labels.ts';
import { localDate, localTime } from '../../../domain/time.ts';
import { type Texts, translator } from '../../i18n.ts';
import type { Action, Card, Locale, Tone } from '../../model.ts';
import { nameText } from '../names.ts';
import { listed } from '../punctuation.ts';
import { cancelAction } from '../record-cards.ts';
import { openAction, type TimelineEntry, timelineText } from '../records.ts';
import { editAction, editTexts } from './edit-action.ts';
import { orderStatusCard } from './order-cards.ts';
import { deciderText, statusText } from './order-fields.ts';
import type { Decider, StatusView } from './views.ts';

export interface LastDecision {
  status: 'approved' | 'rejected';
  by: Decider;
  level: string;
  at: Date;
  reason: string | null;
}

export interface OrderLiveView {
  orderId: string;
  number: string;
  view: StatusView;
  lastDecision: LastDecision | null;
  // The latest events only: the Open button shows the whole record.
  timeline: TimelineEntry[];
  earlier: number;
  timezone: string;
  // What the owner may do now, as can() answered for them.
  buttons: { submit: boolean; edit: boolean; cancel: boolean };
}

type Key =
  | 'title'
  | 'now_draft'
  | 'now_waiting'
  | 'now_approved'
  | 'now_rejected'
  | 'now_on_hold'
  | 'now_cancelled'
  | 'last_decision'
  | 'decided_approved'
  | 'decided_rejected'
  | 'timeline'
  | 'btn_submit'
  | 'btn_resubmit';

export const liveCardTexts: Texts<Key> = {
  en: {
    title: 'Your order {number} · {customer}',
    now_draft: '**Draft**: not submitted yet.',
    now_waiting: '**Waiting for step {step} {level}**: {approvers}',
    now_approved: '**Approved in full** by {approvers}.',
    now_rejected: '**Rejected** by {by} at {level}: {reason}',
    now_on_hold:
      '**On credit hold**: it goes to the approvers once finance overrides the hold or the order is changed.',
    now_cancelled: '**Cancelled**.',
    last_decision: 'Last decision',
    decided_approved: 'Approved by {by} ({level}), {at}',
    decided_rejected: 'Rejected by {by} ({level}), {at}: {reason}',
    timeline: 'Latest',
    btn_submit: 'Submit',
    btn_resubmit: 'Resubmit',
  },
  'zh-CN': {
    title: '你的订单 {number} · {customer}',
    now_draft: '**草稿**：尚未提交。',
    now_waiting: '**等待第 {step} 级 {level} 审批**：{approvers}',
    now_approved: '**已全部批准**，审批人：{approvers}。',
    now_rejected: '**已驳回**：{by}（{level}）：{reason}',
    now_on_hold: '**信用冻结**：财务批准例外或修改订单后，才会送交审批人。',
    now_cancelled: '**已取消**。',
    last_decision: '最近决定',
    decided_approved: '{by}（{level}）批准，{at}',
    decided_rejected: '{by}（{level}）驳回，{at}：{reason}',
    timeline: '最新动态',
    btn_submit: '提交',
    btn_resubmit: '重新提交',
  },
};

// One line saying where the order stands now and, while it waits, on whom.
function headline(v: OrderLiveView, locale: Locale): string {
  const t = translator(liveCardTexts, locale);
  const { steps, status } = v.view;
  const names = (wanted: string, step: StatusView['steps'][number]) =>
    step.approvers
      .filter((a) => a.status === wanted)
      .map((a) => deciderText({ name: a.name, standingInFor: a.standingInFor ?? null }, locale))
      // By name: a level's approvals come in no fixed order, and the same order must read the same on every edit.
      .sort((x, y) => x.localeCompare(y, locale));
  switch (status) {
    case 'draft':
      return t('now_draft');
    case 'pending_approval': {
      const open = steps.find((s) => s.approvers.some((a) => a.status === 'pending'));
      if (!open) return t('now_draft');
      return t('now_waiting', {
        step: `${open.position}/${steps.length}`,
        level: nameText('levels', open.name, locale, v.view.order.labels),
        approvers: listed(names('pending', open), locale),
      });
    }
    case 'approved':
      return t('now_approved', {
        approvers: listed([...new Set(steps.flatMap((s) => names('approved', s)))], locale),
      });
    case 'rejected': {
      const d = v.lastDecision;
      return d?.status === 'rejected'
        ? t('now_rejected', {
            by: deciderText(d.by, locale),
            level: nameText('levels', d.level, locale, v.view.order.labels),
            reason: d.reason ?? '',
          })
        : `**${statusText(status, locale)}**`;
    }
    case 'on_hold':
      return t('now_on_hold');
    case 'cancelled':
      return t('now_cancelled');
    default:
      return `**${statusText(status, locale)}**`;
  }
}

function decisionText(d: LastDecision, timezone: string, locale: Locale, book?: LabelBook): string {
  const t = translator(liveCardTexts, locale);
  const vars = {
    by: deciderText(d.by, locale),
    level: nameText('levels', d.level, locale, book),
    at: `${localDate(d.at, timezone)} ${localTime(d.at, timezone)}`,
    reason: d.reason ?? '',
  };
  return t(d.status === 'approved' ? 'decided_approved' : 'decided_rejected', vars);
}

const tones: Record<string, Tone> = {
  approved: 'success',
  rejected: 'danger',
  on_hold: 'warning',
  cancelled: 'warning',
};

export function orderLiveCard(v: OrderLiveView, locale: Locale): Card {
  const t = translator(liveCardTexts, locale);
  const status = orderStatusCard(v.view, locale);
  const again = v.view.status === 'rejected' || v.view.status === 'on_hold';
  const actions: Action[] = [
    ...(v.buttons.submit
      ? [
          {
            id: 'order.submit',
            label: t(again ? 'btn_resubmit' : 'btn_submit'),
            style: 'primary' as const,
            value: v.orderId,
          },
        ]
      : []),
    ...(v.buttons.edit ? [editAction(v.orderId, translator(editTexts, locale)('edit'))] : []),
    ...(v.buttons.cancel ? [cancelAction(v.orderId, v.number, locale)] : []),
    openAction('order.show', v.number, locale),
  ];
  return {
    title: t('title', { number: v.number, customer: v.view.order.customer }),
    body: headline(v, locale),
    fields: [
      ...status.fields,
      ...(v.lastDecision
        ? [
            {
              label: t('last_decision'),
              value: decisionText(v.lastDecision, v.timezone, locale, v.view.order.labels),
            },
          ]
        : []),
      {
        label: t('timeline'),
        value: timelineText(v.timeline, v.earlier, v.timezone, locale, v.view.order.labels),
      },
    ],
    actions,
    tone: Object.hasOwn(tones, v.view.status) ? (tones[v.view.status] ?? 'info') : 'info',
  };
}
