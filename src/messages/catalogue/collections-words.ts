// Catalogue (collections): the words every collections card shares (order, customer, due, …) and one installment's line.
import type { LabelBook } from '../../domain/labels.ts';
import { formatMoney } from '../../domain/money.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Locale } from '../model.ts';
import { nameText } from './names.ts';

export type CollectionsWord =
  | 'order'
  | 'customer'
  | 'installment'
  | 'due'
  | 'outstanding'
  | 'rep'
  | 'invoiceSuffix'
  | 'itemLine'
  | 'itemLineOverdue';

export const collectionsWords: Texts<CollectionsWord> = {
  en: {
    order: 'Order',
    customer: 'Customer',
    installment: 'Installment',
    due: 'Due',
    outstanding: 'Outstanding',
    rep: 'Rep',
    invoiceSuffix: ' · invoice {invoice}',
    itemLine: '- {order} · {label} · due {due} · {amount}',
    itemLineOverdue: '- {order} · {label} · due {due} · {amount} · {days} days overdue',
  },
  'zh-CN': {
    order: '订单',
    customer: '客户',
    installment: '分期',
    due: '到期日',
    outstanding: '未收金额',
    rep: '销售',
    invoiceSuffix: ' · 发票 {invoice}',
    itemLine: '- {order} · {label} · {due} 到期 · {amount}',
    itemLineOverdue: '- {order} · {label} · {due} 到期 · {amount} · 逾期 {days} 天',
  },
};

export interface DunningItem {
  orderNumber: string;
  installmentLabel: string;
  // Once finance has issued it: the customer pays against it and may quote it.
  invoiceNo?: string | null;
  dueOn: string;
  outstandingMinor: number;
  currency: string;
  daysPastDue: number;
  // closeloop.yaml labels: the installment's step ("On signing") reads as the reader's language has it.
  labels?: LabelBook;
}

// The installment's step as the reader reads it: its closeloop.yaml label, else as written.
export function stepName(i: Pick<DunningItem, 'installmentLabel' | 'labels'>, locale: Locale): string {
  return nameText('steps', i.installmentLabel, locale, i.labels);
}

export function itemLine(i: DunningItem, locale: Locale): string {
  const t = translator(collectionsWords, locale);
  const vars = {
    order: i.orderNumber,
    label: stepName(i, locale),
    due: i.dueOn,
    amount: formatMoney(i.outstandingMinor, i.currency, locale),
    days: i.daysPastDue,
  };
  const invoice = i.invoiceNo ? t('invoiceSuffix', { invoice: i.invoiceNo }) : '';
  return (i.daysPastDue > 0 ? t('itemLineOverdue', vars) : t('itemLine', vars)) + invoice;
}

// A collections area's own texts with the shared words added, so its translator knows both.
export function withCollectionsWords<K extends string>(own: Texts<K>): Texts<K | CollectionsWord> {
  return {
    en: { ...collectionsWords.en, ...own.en },
    'zh-CN': { ...collectionsWords['zh-CN'], ...own['zh-CN'] },
  };
}
