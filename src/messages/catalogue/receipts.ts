// Catalogue: receipts recorded outside a bank statement (ERP, "mark received") — the rep's card and the chat replies.

import type { InstallmentStatus } from '../../domain/collections/installment-status.ts';
import type { LabelBook } from '../../domain/labels.ts';
import { formatMoney } from '../../domain/money.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Card, Locale } from '../model.ts';
import { nameText } from './names.ts';

type Key =
  | 'title'
  | 'body'
  | 'line'
  | 'reference'
  | 'date'
  | 'amount'
  | 'by'
  | `status_${InstallmentStatus}`
  | 'done'
  | 'forbidden'
  | 'usage';

const texts: Texts<Key> = {
  en: {
    title: 'Payment received: {amount} on {order}',
    body: '{customer} paid {amount} on {date}:',
    line: '- {label}: {amount} → {status}',
    reference: 'Reference',
    date: 'Received on',
    amount: 'Amount',
    by: 'Recorded by',
    status_scheduled: 'scheduled',
    status_due: 'due',
    status_overdue: 'overdue',
    status_partly_paid: 'partly paid',
    status_paid: 'paid',
    status_written_off: 'written off',
    done: 'Recorded {amount} received on {order}: {lines}. The rep has been told.',
    forbidden: 'Only finance can mark money as received.',
    usage:
      'ar received <order no.> <amount> [YYYY-MM-DD] — finance: record money received outside the bank feed',
  },
  'zh-CN': {
    title: '已收款：{order} {amount}',
    body: '{customer} 于 {date} 付款 {amount}：',
    line: '- {label}：{amount} → {status}',
    reference: '单据号',
    date: '收款日期',
    amount: '金额',
    by: '登记人',
    status_scheduled: '未到期',
    status_due: '即将到期',
    status_overdue: '已逾期',
    status_partly_paid: '部分收款',
    status_paid: '已收清',
    status_written_off: '已免收（未收款）',
    done: '已登记 {order} 收款 {amount}：{lines}。已通知销售。',
    forbidden: '只有财务可以登记收款。',
    usage: '应收 收款 <订单号> <金额> [YYYY-MM-DD] — 财务：登记银行流水以外收到的款项',
  },
};

export interface ReceiptCardData {
  orderNumber: string;
  customer: string;
  amountMinor: number;
  currency: string;
  receivedOn: string;
  reference: string | null;
  by: string;
  installments: readonly { label: string; amountMinor: number; status: InstallmentStatus }[];
  // closeloop.yaml labels: each installment's step reads as the reader's language names it.
  labels?: LabelBook;
}

export function receiptCard(data: ReceiptCardData, locale: Locale): Card {
  const t = translator(texts, locale);
  const money = (minor: number) => formatMoney(minor, data.currency, locale);
  const amount = money(data.amountMinor);
  return {
    title: t('title', { amount, order: data.orderNumber }),
    body: [
      t('body', { customer: data.customer, amount, date: data.receivedOn }),
      ...data.installments.map((i) =>
        t('line', {
          label: nameText('steps', i.label, locale, data.labels),
          amount: money(i.amountMinor),
          status: t(`status_${i.status}`),
        }),
      ),
    ].join('\n'),
    fields: [
      { label: t('date'), value: data.receivedOn },
      { label: t('amount'), value: amount },
      ...(data.reference ? [{ label: t('reference'), value: data.reference }] : []),
      { label: t('by'), value: data.by },
    ],
    actions: [],
    tone: 'success',
  };
}

export function receiptReplyText(
  key: 'done' | 'forbidden',
  locale: Locale,
  data?: {
    orderNumber: string;
    amountMinor: number;
    currency: string;
    installments: ReceiptCardData['installments'];
  },
  book?: LabelBook,
): string {
  const t = translator(texts, locale);
  if (!data) return t(key);
  const money = (minor: number) => formatMoney(minor, data.currency, locale);
  const lines = data.installments
    .map(
      (i) =>
        `${nameText('steps', i.label, locale, book)} ${money(i.amountMinor)} → ${t(`status_${i.status}`)}`,
    )
    .join(locale === 'en' ? ', ' : '，');
  return t(key, { amount: money(data.amountMinor), order: data.orderNumber, lines });
}

export const receiptUsage: Record<Locale, string> = {
  en: texts.en.usage,
  'zh-CN': texts['zh-CN'].usage,
};
