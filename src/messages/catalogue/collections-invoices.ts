// Catalogue (collections): `ar invoice` replies and the card telling the rep an invoice was issued.

import type { LabelBook } from '../../domain/labels.ts';
import { type Texts, translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import type { Card, Locale } from '../model.ts';
import { withCollectionsWords } from './collections-words.ts';
import { nameText } from './names.ts';

type Key =
  | 'invoiceUsage'
  | 'invoiceDone'
  | 'invoiceReplaced'
  | 'invoiceUnchanged'
  | 'invoiceForbidden'
  | 'invoiceIssuedTitle'
  | 'invoiceIssuedBody'
  | 'invoiceIssuedReplaced'
  | 'invoiceNumber'
  | 'invoiceDate';

const own: Texts<Key> = {
  en: {
    invoiceUsage:
      'ar invoice <order no.> <installment #> <invoice no.> [YYYY-MM-DD] — finance: record the invoice issued for an installment',
    invoiceDone: 'Invoice {invoice} ({date}) recorded for {order} installment {position} ({label}).',
    invoiceReplaced:
      'Invoice {invoice} ({date}) recorded for {order} installment {position} ({label}), replacing {previous}.',
    invoiceUnchanged:
      '{order} installment {position} already has invoice {invoice} ({date}); nothing changed.',
    invoiceForbidden: 'Only finance can record invoices.',
    invoiceIssuedTitle: 'Invoice {invoice} issued: {order}',
    invoiceIssuedBody:
      'Finance issued invoice **{invoice}** ({date}) to **{customer}** for {order} installment {position} ({label}). Payments quoting it are matched to this installment.',
    invoiceIssuedReplaced: 'It replaces invoice {previous}.',
    invoiceNumber: 'Invoice',
    invoiceDate: 'Invoice date',
  },
  'zh-CN': {
    invoiceUsage: '应收 开票 <订单号> <分期序号> <发票号> [YYYY-MM-DD] — 财务：登记为某一期开具的发票',
    invoiceDone: '已登记 {order} 第 {position} 期（{label}）的发票 {invoice}（{date}）。',
    invoiceReplaced:
      '已登记 {order} 第 {position} 期（{label}）的发票 {invoice}（{date}），替换原发票 {previous}。',
    invoiceUnchanged: '{order} 第 {position} 期已有发票 {invoice}（{date}），未做修改。',
    invoiceForbidden: '只有财务可以登记发票。',
    invoiceIssuedTitle: '已开票 {invoice}：{order}',
    invoiceIssuedBody:
      '财务已向 **{customer}** 开具 {order} 第 {position} 期（{label}）的发票 **{invoice}**（{date}）。注明该发票号的付款将匹配到这一期。',
    invoiceIssuedReplaced: '替换原发票 {previous}。',
    invoiceNumber: '发票',
    invoiceDate: '开票日期',
  },
};

const texts = withCollectionsWords(own);

export type InvoiceReplyKey = 'invoiceDone' | 'invoiceReplaced' | 'invoiceUnchanged' | 'invoiceForbidden';

export function invoiceReply(
  key: InvoiceReplyKey,
  locale: Locale,
  vars: Record<string, string | number> = {},
): string {
  return translator(texts, locale)(key, vars);
}

export const invoiceUsage: Record<Locale, string> = {
  en: texts.en.invoiceUsage,
  'zh-CN': texts['zh-CN'].invoiceUsage,
};

// The rep hears when finance (or the ERP) issues an invoice for one of their installments, or corrects one.
export function invoiceIssuedCard(
  data: {
    orderNumber: string;
    customerName: string;
    position: number;
    label: string;
    invoiceNo: string;
    invoiceOn: string;
    previous: string | null;
    // closeloop.yaml labels: the installment's step reads as the reader's language names it.
    labels?: LabelBook;
  },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const vars = {
    invoice: data.invoiceNo,
    date: data.invoiceOn,
    customer: data.customerName,
    order: data.orderNumber,
    position: data.position,
    label: nameText('steps', data.label, locale, data.labels),
    previous: data.previous ?? '',
  };
  return {
    title: t('invoiceIssuedTitle', vars),
    body: [t('invoiceIssuedBody', vars), ...(data.previous ? [t('invoiceIssuedReplaced', vars)] : [])].join(
      '\n',
    ),
    fields: [
      { label: t('order'), value: data.orderNumber },
      { label: t('customer'), value: literal(data.customerName) },
      { label: t('invoiceNumber'), value: data.invoiceNo },
      { label: t('invoiceDate'), value: data.invoiceOn },
    ],
    actions: [],
    tone: 'info',
  };
}
