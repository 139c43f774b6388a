// Catalogue (record views): the one card of a lead or an order — its state, its timeline and the buttons the asker
// may use now — zh-CN and en.

import type { LabelBook } from '../../domain/labels.ts';
import { formatMoney } from '../../domain/money.ts';
import { translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import { type Action, type Card, type Field, type Locale, personalOf } from '../model.ts';
import {
  type Checklist,
  checklistBody,
  type LeadStage,
  stageActions,
  stageText,
} from './leads/follow-up-cards.ts';
import { fields as leadFields } from './leads/routing-cards.ts';
import { type LeadCardData, statusText as leadStatusText, leadTexts } from './leads/texts.ts';
import { nameText } from './names.ts';
import { editAction, editTexts } from './orders/edit-action.ts';
import { orderStatusCard } from './orders/order-cards.ts';
import { texts as orderTexts } from './orders/texts.ts';
import type { StatusView } from './orders/views.ts';
import { labelled } from './punctuation.ts';
import { earlierAction, recordText, type TimelineEntry, timelineText } from './records.ts';

export interface RecordTimeline {
  timeline: TimelineEntry[];
  earlier: number;
  // The command that shows the next page of older events (with its larger limit), null when all are shown.
  moreCommand: string | null;
  moreCount: number;
  timezone: string;
}

export interface OrderRecordView extends RecordTimeline {
  orderId: string;
  number: string;
  view: StatusView;
  creditLimitMinor: number | null;
  customerCurrency: string;
  openStep: string | null;
  nextInstallment: { label: string; dueOn: string; owedMinor: number; currency: string } | null;
  buttons: { approvalId: string | null; edit: boolean; submit: boolean; cancel: boolean; comment: boolean };
}

function timelineParts(r: RecordTimeline, locale: Locale, book?: LabelBook) {
  const t = recordText(locale);
  return {
    field: { label: t('timeline'), value: timelineText(r.timeline, r.earlier, r.timezone, locale, book) },
    more: r.moreCommand ? [earlierAction(r.moreCommand, r.moreCount, locale)] : [],
  };
}

export function orderRecordCard(r: OrderRecordView, locale: Locale): Card {
  const t = recordText(locale);
  const status = orderStatusCard(r.view, locale);
  const next = r.nextInstallment;
  const extra: Field[] = [
    { label: t('approval_step'), value: r.openStep ?? t('none') },
    {
      label: t('credit'),
      value:
        r.creditLimitMinor === null
          ? t('no_limit')
          : t('credit_limit', { limit: formatMoney(r.creditLimitMinor, r.customerCurrency, locale) }),
    },
    {
      label: t('next_installment'),
      value: next
        ? labelled(
            `${next.dueOn} ${nameText('steps', next.label, locale, r.view.order.labels)}`,
            formatMoney(next.owedMinor, next.currency, locale),
            locale,
          )
        : t('none'),
    },
  ];
  const { field, more } = timelineParts(r, locale, r.view.order.labels);
  const b = r.buttons;
  const actions: Card['actions'] = [
    ...(b.approvalId ? approvalButtons(b.approvalId, locale) : []),
    ...recordButtons(r.orderId, b, locale),
    ...(b.comment
      ? [
          {
            id: 'order.comment',
            label: t('btn_comment'),
            value: r.orderId,
            prompt: { label: t('comment_prompt'), minLength: 1 },
          },
        ]
      : []),
    ...(b.cancel ? [cancelAction(r.orderId, r.number, locale)] : []),
    ...more,
  ];
  return {
    title: t('order_title', { number: r.number, customer: r.view.order.customer }),
    fields: [...status.fields, ...extra, field],
    actions,
    tone: status.tone,
  };
}

// Submit and Edit of an order its owner may still change.
export function recordButtons(
  orderId: string,
  may: { submit: boolean; edit: boolean },
  locale: Locale,
): Card['actions'] {
  const t = recordText(locale);
  return [
    ...(may.submit
      ? [{ id: 'order.submit', label: t('btn_submit'), style: 'primary' as const, value: orderId }]
      : []),
    ...(may.edit ? [editAction(orderId, translator(editTexts, locale)('edit'))] : []),
  ];
}

// Cancel, confirmed first: the order's open approvals end and an unpaid plan is dropped.
export function cancelAction(orderId: string, number: string, locale: Locale): Action {
  const t = recordText(locale);
  return {
    id: 'order.cancel',
    label: t('btn_cancel'),
    style: 'danger',
    value: orderId,
    confirm: {
      title: t('cancel_confirm_title', { number }),
      text: t('cancel_confirm_text'),
      confirm: t('confirm_yes'),
      deny: t('confirm_no'),
    },
  };
}

// Approve / Reject of one open approval, worded as the approval card words them (a reason asked for on Reject).
export function approvalButtons(approvalId: string, locale: Locale): Card['actions'] {
  const t = translator(orderTexts, locale);
  return [
    { id: 'order.approve', label: t('approve'), style: 'primary', value: approvalId },
    {
      id: 'order.reject',
      label: t('reject'),
      style: 'danger',
      value: approvalId,
      prompt: { label: t('rejectPrompt'), placeholder: t('rejectPlaceholder'), minLength: 1 },
    },
  ];
}

export interface LeadRecordView extends RecordTimeline {
  lead: LeadCardData;
  status: string;
  stage: LeadStage | null;
  owner: string | null;
  offeredTo: string | null;
  customer: string | null;
  deal: { minor: number; currency: string } | null;
  created: string;
  // The buttons the asker may use now.
  buttons: { claim: boolean; accept: boolean; work: boolean };
  lostReasons: Parameters<typeof stageActions>[2];
  checklist?: Checklist | null;
}

export function leadRecordCard(r: LeadRecordView, locale: Locale): Card {
  const t = recordText(locale);
  const l = leadTexts(locale);
  const { field, more } = timelineParts(r, locale);
  const actions: Card['actions'] = [
    ...(r.buttons.claim
      ? [{ id: 'lead.claim', label: l('claim'), style: 'primary' as const, value: r.lead.id }]
      : []),
    ...(r.buttons.accept
      ? [
          { id: 'lead.accept', label: l('accept'), style: 'primary' as const, value: r.lead.id },
          { id: 'lead.decline', label: l('decline'), value: r.lead.id },
        ]
      : []),
    ...(r.buttons.work && r.stage ? stageActions(r.lead, r.stage, r.lostReasons, locale) : []),
    ...more,
  ];
  return {
    title: t('lead_title', { number: r.lead.number, name: r.lead.name }),
    ...(r.buttons.work ? { body: checklistBody(r.checklist ?? null, locale) } : {}),
    fields: [
      { label: t('status'), value: leadStatusText(r.status, locale) },
      ...(r.stage ? [{ label: t('stage'), value: stageText(r.stage, locale) }] : []),
      { label: t('owner'), value: r.owner ?? t('none') },
      ...(r.offeredTo ? [{ label: t('offered_to'), value: literal(r.offeredTo) }] : []),
      ...(r.customer ? [{ label: t('customer'), value: literal(r.customer) }] : []),
      ...(r.deal ? [{ label: t('deal'), value: formatMoney(r.deal.minor, r.deal.currency, locale) }] : []),
      ...leadFields(r.lead, locale),
      { label: t('created'), value: r.created },
      field,
    ],
    ...personalOf(r.lead.email, r.lead.phone),
    actions,
    tone: r.status === 'lost' ? 'warning' : r.status === 'converted' ? 'success' : 'info',
  };
}
