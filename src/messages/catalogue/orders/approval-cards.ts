// Catalogue (orders): the approval card and its life — retired, reminded, escalated, decided — and the notices a decision sends.

import { formatMoney } from '../../../domain/money.ts';
import { translator } from '../../i18n.ts';
import { literal } from '../../literal.ts';
import type { Card, Locale } from '../../model.ts';
import { nameText } from '../names.ts';
import { labelled } from '../punctuation.ts';
import { editAction, editTexts } from './edit-action.ts';
import {
  changesText,
  creditFields,
  deciderText,
  levelLabel,
  levelName,
  orderFields,
  orderPersonal,
  scheduleText,
} from './order-fields.ts';
import { pricingFields } from './pricing-fields.ts';
import { texts } from './texts.ts';
import type { ApprovalExtras, Decider, InstallmentLine, LevelInfo, OrderSummary, Outcome } from './views.ts';

// The card an approver acts on; both buttons carry the approval id, Reject asks for a reason first.
// `extras` adds what changed since the previous version and the credit gate's facts.
export function approvalCard(
  order: OrderSummary,
  level: LevelInfo,
  approvalId: string,
  locale: Locale,
  extras: ApprovalExtras = {},
): Card {
  const t = translator(texts, locale);
  const risky = (extras.credit?.flags.length ?? 0) > 0;
  return {
    title: t('approvalTitle', { number: order.number }),
    body: t('approvalBody', { requester: order.requester, level: levelName(level, locale) }),
    fields: [
      ...orderFields(order, locale, t),
      { label: t('level'), value: levelLabel(level, locale) },
      { label: t('requester'), value: literal(order.requester) },
      ...(extras.standIn ? [{ label: t('approver'), value: deciderText(extras.standIn, locale) }] : []),
      ...(extras.changes
        ? [
            {
              label: t('changesSince', { version: extras.changes.fromVersion }),
              value: changesText(extras.changes.items, order.currency, locale, order.labels),
            },
          ]
        : []),
      ...(extras.pricing ? pricingFields(extras.pricing, locale) : []),
      ...(extras.credit ? creditFields(extras.credit, locale, t) : []),
    ],
    ...orderPersonal(order),
    actions: [
      { id: 'order.approve', label: t('approve'), style: 'primary', value: approvalId },
      {
        id: 'order.reject',
        label: t('reject'),
        style: 'danger',
        value: approvalId,
        prompt: { label: t('rejectPrompt'), placeholder: t('rejectPlaceholder'), minLength: 1 },
      },
    ],
    tone: order.nonStandardTerms || risky ? 'warning' : 'info',
  };
}

// An approval card of a version that no longer stands: superseded by a newer version, or the order cancelled.
export function approvalRetiredCard(
  order: OrderSummary,
  level: LevelInfo,
  why:
    | { kind: 'superseded'; version: number; by: string }
    | { kind: 'cancelled'; reason: string | null; by: string },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const body =
    why.kind === 'superseded'
      ? t('supersededBody', { version: why.version, by: why.by })
      : t('cancelledBody', { by: why.by, reason: why.reason ? labelled('', why.reason, locale) : '' });
  return {
    title: t('retiredTitle', { number: order.number, version: order.version }),
    body,
    fields: [
      ...orderFields(order, locale, t),
      { label: t('level'), value: levelLabel(level, locale) },
      { label: t('requester'), value: literal(order.requester) },
    ],
    ...orderPersonal(order),
    actions: [],
    context:
      why.kind === 'superseded' ? t('supersededContext', { version: why.version }) : t('cancelledContext'),
    tone: 'info',
  };
}

// Nudges an approver whose approval waited past the SLA; the decision stays on the original card.
export function approvalReminderCard(
  order: OrderSummary,
  level: LevelInfo,
  hours: number,
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  return {
    title: t('reminderTitle', { number: order.number }),
    body: t('reminderBody', { hours, level: levelLabel(level, locale) }),
    fields: [
      { label: t('customer'), value: literal(order.customer) },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
      { label: t('requester'), value: literal(order.requester) },
    ],
    actions: [],
    tone: 'warning',
  };
}

// Tells the approver's manager that an approval has waited past twice the SLA.
export function approvalEscalationCard(
  order: OrderSummary,
  level: LevelInfo,
  approver: string,
  hours: number,
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  return {
    title: t('escalationTitle', { number: order.number, approver }),
    body: t('escalationBody', { hours, approver, level: levelLabel(level, locale) }),
    fields: [
      { label: t('customer'), value: literal(order.customer) },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
      { label: t('requester'), value: literal(order.requester) },
    ],
    actions: [],
    tone: 'danger',
  };
}

// The same card once decided: no buttons, and who decided, for everybody who sees it.
export function approvalDecidedCard(
  order: OrderSummary,
  level: LevelInfo,
  outcome: Outcome,
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const verdict =
    outcome.kind === 'approved'
      ? t('approvedBy', { by: deciderText(outcome.by, locale) })
      : t('rejectedBy', { by: deciderText(outcome.by, locale), reason: outcome.reason });
  return {
    title: t('decidedTitle', { number: order.number }),
    body: `**${verdict}**`,
    fields: [
      ...orderFields(order, locale, t),
      { label: t('level'), value: levelLabel(level, locale) },
      { label: t('requester'), value: literal(order.requester) },
    ],
    ...orderPersonal(order),
    actions: [],
    context: verdict,
    tone: outcome.kind === 'approved' ? 'success' : 'danger',
  };
}

// `orderId` gives the owner an Edit button to fix what the approver objected to.
export function rejectedNotice(
  order: OrderSummary,
  level: LevelInfo,
  by: Decider,
  reason: string,
  locale: Locale,
  orderId?: string,
): Card {
  const t = translator(texts, locale);
  return {
    title: t('noticeRejectedTitle', { number: order.number }),
    body: t('noticeRejectedBody', { by: deciderText(by, locale), level: levelLabel(level, locale), reason }),
    fields: [
      { label: t('customer'), value: literal(order.customer) },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
    ],
    actions: orderId ? [editAction(orderId, translator(editTexts, locale)('edit'))] : [],
    tone: 'danger',
  };
}

// `by` is the last approver, or null when no level applied and the order was approved on submit.
export function approvedNotice(
  order: OrderSummary,
  by: Decider | null,
  schedule: InstallmentLine[],
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  return {
    title: t('noticeApprovedTitle', { number: order.number }),
    body: by === null ? t('noticeApprovedAuto') : t('noticeApprovedBody', { by: deciderText(by, locale) }),
    fields: [
      { label: t('customer'), value: literal(order.customer) },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
      { label: t('plan'), value: nameText('paymentPlans', order.paymentPlan, locale, order.labels) },
      { label: t('schedule'), value: scheduleText(schedule, order.currency, locale, order.labels) },
    ],
    actions: [],
    tone: 'success',
  };
}
