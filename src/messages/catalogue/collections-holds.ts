// Catalogue (collections): the credit-hold card of the dunning ladder and the card when the hold lifts.

import { formatMoney } from '../../domain/money.ts';
import { type Texts, translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import type { Card, Locale } from '../model.ts';
import { type DunningItem, itemLine, withCollectionsWords } from './collections-words.ts';

type Key = 'holdTitle' | 'holdBody' | 'holdRelease' | 'holdLiftedTitle' | 'holdLiftedBody';

const own: Texts<Key> = {
  en: {
    holdTitle: 'Credit hold: {customer}',
    holdBody:
      '**{customer}** is on credit hold: the overdue below is still unpaid. New orders for {customer} are held at the credit check until it is paid (or a credit override is approved). Rep: {rep}.',
    holdRelease: 'The hold lifts by itself once these installments are paid or written off.',
    holdLiftedTitle: 'Credit hold lifted: {customer}',
    holdLiftedBody:
      'The overdue installments that put **{customer}** on credit hold are settled ({orders}): new orders pass the credit gate again.',
  },
  'zh-CN': {
    holdTitle: '信用冻结：{customer}',
    holdBody:
      '**{customer}** 已被信用冻结：以下逾期款尚未付清。在付清之前（或信用豁免获批之前），{customer} 的新订单会在信用检查时被暂停。销售：{rep}。',
    holdRelease: '这些分期收清或免收后，冻结自动解除。',
    holdLiftedTitle: '信用冻结已解除：{customer}',
    holdLiftedBody: '导致 **{customer}** 信用冻结的逾期分期已结清（{orders}）：新订单可再次通过信用检查。',
  },
};

const texts = withCollectionsWords(own);

// The dunning ladder's credit_hold step: who is on hold, for which overdue, and that it lifts by itself.
export function creditHoldCard(
  data: { customerName: string; repName: string; items: readonly DunningItem[] },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const vars = { customer: data.customerName, rep: data.repName };
  const totals = new Map<string, number>();
  for (const i of data.items) totals.set(i.currency, (totals.get(i.currency) ?? 0) + i.outstandingMinor);
  return {
    title: t('holdTitle', vars),
    body: [t('holdBody', vars), '', ...data.items.map((i) => itemLine(i, locale)), '', t('holdRelease')].join(
      '\n',
    ),
    fields: [
      { label: t('customer'), value: literal(data.customerName) },
      {
        label: t('outstanding'),
        value: [...totals].map(([currency, minor]) => formatMoney(minor, currency, locale)).join(' + '),
      },
      { label: t('rep'), value: literal(data.repName) },
    ],
    actions: [],
    tone: 'danger',
  };
}

// The credit hold a credit_hold step put on lifted: what was overdue is settled, new orders pass again.
export function creditHoldLiftedCard(
  data: { customerName: string; repName: string; orderNumbers: readonly string[] },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const vars = { customer: data.customerName, orders: data.orderNumbers.join(', ') };
  return {
    title: t('holdLiftedTitle', vars),
    body: t('holdLiftedBody', vars),
    fields: [
      { label: t('customer'), value: literal(data.customerName) },
      { label: t('rep'), value: literal(data.repName) },
    ],
    actions: [],
    tone: 'success',
  };
}
