// Catalogue (collections): the rep's review card of a customer reminder email (Send now / Skip) and its replies.

import { type Texts, translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import type { Card, Locale } from '../model.ts';

type Key =
  | 'reviewTitle'
  | 'reviewBody'
  | 'reviewTo'
  | 'reviewSubject'
  | 'reviewSendsAt'
  | 'reviewSend'
  | 'reviewSkip'
  | 'reviewSkipConfirm'
  | 'reviewCancel'
  | 'reviewSentBy'
  | 'reviewSentAuto'
  | 'reviewSkippedBy'
  | 'reviewSendDone'
  | 'reviewSkipDone'
  | 'reviewAlready'
  | 'reviewForbidden';

const texts: Texts<Key> = {
  en: {
    reviewTitle: 'Reminder email to {customer}: send or skip?',
    reviewBody: 'This email goes to the customer at {at} unless you send it now or skip it.',
    reviewTo: 'To',
    reviewSubject: 'Subject',
    reviewSendsAt: 'Goes at',
    reviewSend: 'Send now',
    reviewSkip: 'Skip',
    reviewSkipConfirm: 'Skip this reminder email? The customer will not get it.',
    reviewCancel: 'Keep it',
    reviewSentBy: '📨 Sent on request by {name} at {at}.',
    reviewSentAuto: '📨 Sent at {at}: nobody skipped it.',
    reviewSkippedBy: '⏭️ Skipped by {name} at {at}; the customer does not get it.',
    reviewSendDone: 'The reminder email to {email} goes out now.',
    reviewSkipDone: 'Skipped: the reminder email to {email} will not be sent.',
    reviewAlready: 'That email is no longer waiting ({status}).',
    reviewForbidden: 'Only the rep who reviews it or finance can send or skip this email.',
  },
  'zh-CN': {
    reviewTitle: '给 {customer} 的催款邮件：发送还是跳过？',
    reviewBody: '除非你立即发送或跳过，这封邮件将于 {at} 发给客户。',
    reviewTo: '收件人',
    reviewSubject: '主题',
    reviewSendsAt: '发送时间',
    reviewSend: '立即发送',
    reviewSkip: '跳过',
    reviewSkipConfirm: '确定跳过这封催款邮件？客户将不会收到。',
    reviewCancel: '保留',
    reviewSentBy: '📨 {name} 已于 {at} 要求立即发送。',
    reviewSentAuto: '📨 已于 {at} 发送：无人跳过。',
    reviewSkippedBy: '⏭️ {name} 已于 {at} 跳过，客户不会收到这封邮件。',
    reviewSendDone: '发给 {email} 的催款邮件现在发出。',
    reviewSkipDone: '已跳过：不会向 {email} 发送这封催款邮件。',
    reviewAlready: '该邮件已不在等待中（{status}）。',
    reviewForbidden: '只有负责审阅的销售或财务可以发送或跳过这封邮件。',
  },
};

export interface EmailReviewData {
  emailId: string;
  customerName: string;
  to: string;
  subject: string;
  body: string;
  // Org-local "YYYY-MM-DD HH:MM" when it goes by itself.
  sendsAt: string;
  sent?: { by: string | null; at: string };
  skipped?: { by: string; at: string };
}

// The rep's preview of a customer reminder email with Send now / Skip, until it is sent or skipped.
export function emailReviewCard(data: EmailReviewData, locale: Locale): Card {
  const t = translator(texts, locale);
  // The greeting, the installments and the closing: the whole email is short, but a card keeps to its first lines.
  const preview = data.body
    .split('\n')
    .slice(0, 12)
    .map((l) => `> ${literal(l)}`);
  const lines = [t('reviewBody', { at: data.sendsAt }), '', ...preview];
  if (data.sent)
    lines.push(
      '',
      data.sent.by
        ? t('reviewSentBy', { name: data.sent.by, at: data.sent.at })
        : t('reviewSentAuto', { at: data.sent.at }),
    );
  if (data.skipped) lines.push('', t('reviewSkippedBy', { name: data.skipped.by, at: data.skipped.at }));
  const open = !data.sent && !data.skipped;
  return {
    title: t('reviewTitle', { customer: data.customerName }),
    body: lines.join('\n'),
    fields: [
      { label: t('reviewTo'), value: data.to },
      { label: t('reviewSubject'), value: literal(data.subject) },
      { label: t('reviewSendsAt'), value: data.sendsAt },
    ],
    actions: open
      ? [
          { id: 'email.send', label: t('reviewSend'), style: 'primary', value: data.emailId },
          {
            id: 'email.skip',
            label: t('reviewSkip'),
            style: 'danger',
            value: data.emailId,
            confirm: {
              title: t('reviewSkip'),
              text: t('reviewSkipConfirm'),
              confirm: t('reviewSkip'),
              deny: t('reviewCancel'),
            },
          },
        ]
      : [],
    tone: open ? 'warning' : data.skipped ? 'info' : 'success',
  };
}

export type EmailReviewReplyKey = 'reviewSendDone' | 'reviewSkipDone' | 'reviewAlready' | 'reviewForbidden';

export function emailReviewReply(
  key: EmailReviewReplyKey,
  locale: Locale,
  vars: Record<string, string> = {},
): string {
  return translator(texts, locale)(key, vars);
}
