// Catalogue (orders): the cards that show an order — lists, comments, status, history, attachments.

import type { LabelBook } from '../../../domain/labels.ts';
import { formatMoney } from '../../../domain/money.ts';
import { listPageSize } from '../../../domain/records/list-page.ts';
import { localDate, localTime } from '../../../domain/time.ts';
import { type Texts, translator } from '../../i18n.ts';
import { literal } from '../../literal.ts';
import type { Action, Card, Field, Locale } from '../../model.ts';
import { modeText, nameText } from '../names.ts';
import { clauses, labelled, withAside } from '../punctuation.ts';
import { editAction, editTexts } from './edit-action.ts';
import {
  changesText,
  deciderText,
  orderFields,
  orderPersonal,
  statusText,
  stepText,
} from './order-fields.ts';
import { texts } from './texts.ts';
import {
  type AttachmentView,
  type HistoryView,
  type OrderListItem,
  type OrderSummary,
  type StatusView,
  stepsLine,
} from './views.ts';

// A page of "order mine" / "order waiting": each order a row with the buttons the asker may use on it.
export interface ListPage {
  offset: number;
  // The command a "Show more" click runs for the next page; null on the last page.
  moreValue: string | null;
  buttons: (o: OrderListItem) => Action[];
}

// "order mine" and "order waiting": one line per order with where its approval stands, and its buttons.
export function orderListCard(
  kind: 'mine' | 'waiting',
  items: readonly OrderListItem[],
  locale: Locale,
  page: ListPage = { offset: 0, moreValue: null, buttons: () => [] },
  book?: LabelBook,
): Card {
  const t = translator(texts, locale);
  const line = (o: OrderListItem) =>
    [
      `**${o.number}** v${o.version}`,
      literal(o.customer),
      formatMoney(o.totalMinor, o.currency, locale),
      o.step
        ? labelled(statusText(o.status, locale), openStepText(o.step, locale, book), locale)
        : statusText(o.status, locale),
      ...(o.requester ? [literal(o.requester)] : []),
    ].join(' · ');
  const shown = items.slice(page.offset, page.offset + listPageSize);
  return {
    title: t(kind === 'mine' ? 'mineTitle' : 'waitingTitle', { count: items.length }),
    ...(items.length === 0 ? { body: t(kind === 'mine' ? 'mineEmpty' : 'waitingEmpty') } : {}),
    items: shown.map((o) => ({
      text: o.steps?.length ? `${line(o)}\n${stepsLine(o.steps, locale, book)}` : line(o),
      actions: page.buttons(o),
    })),
    fields: [],
    actions: page.moreValue ? [{ id: 'report.more', label: t('more'), value: page.moreValue }] : [],
    tone: 'info',
  };
}

// A comment on an order, for its owner and the approvers it waits for.
export function commentCard(order: OrderSummary, author: string, body: string, locale: Locale): Card {
  const t = translator(texts, locale);
  return {
    title: t('commentTitle', { author, number: order.number }),
    body: literal(body),
    fields: [
      { label: t('customer'), value: literal(order.customer) },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
      { label: t('version'), value: String(order.version) },
    ],
    actions: [],
    tone: 'info',
  };
}

// `book`: closeloop.yaml labels, so plans and approval levels read as the reader's language has them.
export function orderHistoryCard(view: HistoryView, locale: Locale, book?: LabelBook): Card {
  const t = translator(texts, locale);
  const when = (d: Date) => `${localDate(d, view.timezone)} ${localTime(d, view.timezone)}`;
  const fields: Field[] = view.versions.map((v) => {
    const what =
      v.version === 1
        ? t('historyCreated', { total: formatMoney(v.totalMinor, view.currency, locale) })
        : changesText(v.changes, view.currency, locale, book);
    const decided = v.decisions.map(
      (d) =>
        `- ${labelled(nameText('levels', d.level, locale, book), `${stepText(d.status, t)} — ${literal(d.by)}${d.at ? ` ${when(d.at)}` : ''}`, locale)}${d.reason ? labelled('', literal(d.reason), locale) : ''}`,
    );
    return {
      label: t('historyVersion', { version: v.version, by: v.by ?? 'API', at: when(v.at) }),
      value: [what, ...decided].join('\n'),
    };
  });
  if (view.comments.length > 0) {
    fields.push({
      label: t('comments'),
      value: view.comments
        .map((c) => `- ${labelled(`${c.by ? literal(c.by) : 'API'} ${when(c.at)}`, literal(c.body), locale)}`)
        .join('\n'),
    });
  }
  if (view.attachments.length > 0) {
    fields.push({
      label: attachmentTexts[locale].attachments,
      value: attachmentLines(view.attachments, view.timezone),
    });
  }
  return {
    title: t('historyTitle', { number: view.number }),
    fields: [
      {
        label: t('status'),
        value: withAside(statusText(view.status, locale), `v${view.currentVersion}`, locale),
      },
      ...fields,
    ],
    actions: [],
    tone: 'info',
  };
}

export function orderStatusCard(view: StatusView, locale: Locale): Card {
  const t = translator(texts, locale);
  const chain =
    view.steps.length === 0
      ? t('noChain')
      : view.steps
          .map(
            (s) =>
              `- ${labelled(
                withAside(
                  `${s.position}/${view.steps.length} ${nameText('levels', s.name, locale, view.order.labels)}`,
                  modeText(s.mode, locale),
                  locale,
                ),
                clauses(
                  s.approvers.map(
                    (a) =>
                      `${deciderText({ name: a.name, standingInFor: a.standingInFor ?? null }, locale)} ${stepText(a.status, t)}${a.decidedAt ? ` ${a.decidedAt}` : ''}${a.reason ? ` — ${literal(a.reason)}` : ''}`,
                  ),
                  locale,
                ),
                locale,
              )}`,
          )
          .join('\n');
  const fields: Field[] = [
    { label: t('status'), value: statusText(view.status, locale) },
    { label: t('version'), value: String(view.order.version) },
    ...orderFields(view.order, locale, t),
    { label: t('requester'), value: literal(view.order.requester) },
    { label: t('chain'), value: chain },
  ];
  if (view.installments.length > 0) {
    fields.push({
      label: t('installments'),
      value: view.installments
        .map(
          (i) =>
            `- ${labelled(`${i.dueOn} ${nameText('steps', i.label, locale, view.order.labels)}`, formatMoney(i.amountMinor, view.order.currency, locale), locale)}${i.paidMinor > 0 ? withAside('', `${t('paid')} ${formatMoney(i.paidMinor, view.order.currency, locale)}`, locale) : ''}`,
        )
        .join('\n'),
    });
  }
  const tone = view.status === 'approved' ? 'success' : view.status === 'rejected' ? 'danger' : 'info';
  const e = translator(editTexts, locale);
  const actions: Action[] = view.editable ? [editAction(view.editable.orderId, e('edit'))] : [];
  return {
    title: t('statusTitle', { number: view.order.number }),
    fields,
    ...orderPersonal(view.order),
    actions,
    tone,
  };
}

export const attachmentTexts: Texts<'attachments' | 'attachmentsTitle' | 'attachmentsEmpty'> = {
  en: {
    attachments: 'Attachments',
    attachmentsTitle: 'Attachments of order {number}',
    attachmentsEmpty: 'No files attached yet.',
  },
  'zh-CN': {
    attachments: '附件',
    attachmentsTitle: '订单 {number} 的附件',
    attachmentsEmpty: '还没有附件。',
  },
};

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

export function attachmentLines(files: readonly AttachmentView[], timezone: string): string {
  return files
    .map(
      (f) =>
        `- ${literal(f.fileName)} (${sizeText(f.sizeBytes)}${f.contentType ? `, ${f.contentType}` : ''}) — ${f.by ? literal(f.by) : 'API'} ${localDate(f.at, timezone)} ${localTime(f.at, timezone)}`,
    )
    .join('\n');
}

export function orderAttachmentsCard(
  view: { number: string; attachments: readonly AttachmentView[]; timezone: string },
  locale: Locale,
): Card {
  const t = translator(attachmentTexts, locale);
  return {
    title: t('attachmentsTitle', { number: view.number }),
    fields: [
      {
        label: t('attachments'),
        value:
          view.attachments.length === 0
            ? t('attachmentsEmpty')
            : attachmentLines(view.attachments, view.timezone),
      },
    ],
    actions: [],
    tone: 'info',
  };
}

// The open step comes as "2/3 finance" (the API lists it so); the level's name is shown as the reader's language has it.
function openStepText(step: string, locale: Locale, book?: LabelBook): string {
  const m = /^(\d+\/\d+) (.+)$/.exec(step);
  return m?.[1] && m[2] ? `${m[1]} ${nameText('levels', m[2], locale, book)}` : step;
}
