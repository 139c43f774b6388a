// Catalogue (collections): promise-to-pay replies, usage and the broken-promise card.

import { type Texts, translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import type { Card, Locale } from '../model.ts';
import { withCollectionsWords } from './collections-words.ts';

type Key =
  | 'promiseUsage'
  | 'promiseDone'
  | 'promiseReplaced'
  | 'promiseForbidden'
  | 'promiseUnknownOrder'
  | 'promiseBadDate'
  | 'promisePast'
  | 'promiseBrokenTitle'
  | 'promiseBrokenBody';

const own: Texts<Key> = {
  en: {
    promiseUsage:
      'ar promise <order> <date> — the customer promises to pay the order by the date (YYYY-MM-DD, MM-DD, tomorrow, next Friday, in 3 days)',
    promiseDone: 'Noted: {order} promised for {date}. Reminders for it wait until then.',
    promiseReplaced:
      'Noted: {order} now promised for {date} (the earlier promise for {previous} is replaced).',
    promiseForbidden: "Only the order's rep, their manager or finance can log a promise to pay.",
    promiseUnknownOrder: 'No approved order {order}.',
    promiseBadDate: '"{date}" is not a date: write YYYY-MM-DD, MM-DD, tomorrow, next Friday or in 3 days.',
    promisePast: 'The promised date {date} has already passed; give today or a later day.',
    promiseBrokenTitle: 'Promise broken: {order}',
    promiseBrokenBody: '**{customer}** promised to pay {order} by {date} and has not; reminders resume.',
  },
  'zh-CN': {
    promiseUsage:
      '应收 承诺 <订单> <日期> — 客户承诺在该日期前付清订单（YYYY-MM-DD、MM-DD、明天、下周五、3天后）',
    promiseDone: '已记录：{order} 承诺于 {date} 前付款，在此之前暂停催收提醒。',
    promiseReplaced: '已记录：{order} 改为承诺于 {date} 前付款（原承诺日期 {previous} 作废）。',
    promiseForbidden: '只有订单的销售、其主管或财务可以记录付款承诺。',
    promiseUnknownOrder: '没有已批准的订单 {order}。',
    promiseBadDate: '「{date}」不是日期：请写 YYYY-MM-DD、MM-DD、明天、下周五或 3天后。',
    promisePast: '承诺日期 {date} 已过，请填写今天或以后的日期。',
    promiseBrokenTitle: '付款承诺未兑现：{order}',
    promiseBrokenBody: '**{customer}** 承诺在 {date} 前支付 {order}，但尚未付款；催收提醒恢复。',
  },
};

const texts = withCollectionsWords(own);

export type PromiseReplyKey =
  | 'promiseDone'
  | 'promiseReplaced'
  | 'promiseForbidden'
  | 'promiseUnknownOrder'
  | 'promiseBadDate'
  | 'promisePast';

export function promiseReply(
  key: PromiseReplyKey,
  locale: Locale,
  vars: Record<string, string> = {},
): string {
  return translator(texts, locale)(key, vars);
}

export const promiseUsage: Record<Locale, string> = {
  en: texts.en.promiseUsage,
  'zh-CN': texts['zh-CN'].promiseUsage,
};

export function promiseBrokenCard(
  data: { orderNumber: string; customerName: string; promisedOn: string },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const vars = { order: data.orderNumber, customer: data.customerName, date: data.promisedOn };
  return {
    title: t('promiseBrokenTitle', vars),
    body: t('promiseBrokenBody', vars),
    fields: [
      { label: t('order'), value: data.orderNumber },
      { label: t('customer'), value: literal(data.customerName) },
    ],
    actions: [],
    tone: 'danger',
  };
}
