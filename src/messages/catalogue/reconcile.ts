// Catalogue: reconciliation exception cards, acknowledge replies and the bank-statement import errors.

import { formatMoney } from '../../domain/money.ts';
import type { ExceptionKind } from '../../domain/reconcile/matcher.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Card, Locale } from '../model.ts';

type Key =
  | 'title'
  | 'kind_unknown_reference'
  | 'kind_amount_mismatch'
  | 'kind_currency_mismatch'
  | 'kind_no_reference'
  | 'label_unknown_reference'
  | 'label_amount_mismatch'
  | 'label_currency_mismatch'
  | 'label_no_reference'
  | 'date'
  | 'amount'
  | 'payer'
  | 'memo'
  | 'bankTxnId'
  | 'none'
  | 'ack'
  | 'acknowledgedBy'
  | 'context'
  | 'ackDone'
  | 'ackAlready'
  | 'ackForbidden';

const texts: Texts<Key> = {
  en: {
    title: 'Unmatched bank line: {amount} from {payer}',
    kind_unknown_reference: 'The memo names **{reference}**, but no order has that number.',
    kind_amount_mismatch:
      'Order **{reference}** was found, but none of its open installments is owed exactly {amount}.',
    kind_currency_mismatch:
      'Order **{reference}** was found, but its open installments are not in {currency}.',
    kind_no_reference: 'The memo names no order number.',
    label_unknown_reference: 'unknown order number',
    label_amount_mismatch: 'amount does not match',
    label_currency_mismatch: 'currency does not match',
    label_no_reference: 'no order number',
    date: 'Booked on',
    amount: 'Amount',
    payer: 'Payer',
    memo: 'Memo',
    bankTxnId: 'Bank transaction',
    none: '—',
    ack: 'Acknowledge',
    acknowledgedBy: '✅ Acknowledged by {name} at {at}',
    context: 'Reconciliation exception · {kind}',
    ackDone: 'Acknowledged. The card now shows your name.',
    ackAlready: 'Already acknowledged by {name}.',
    ackForbidden: 'Only finance can acknowledge reconciliation exceptions.',
  },
  'zh-CN': {
    title: '未匹配的银行流水：{amount}，付款人 {payer}',
    kind_unknown_reference: '摘要中提到 **{reference}**，但没有这个编号的订单。',
    kind_amount_mismatch: '找到订单 **{reference}**，但其未结分期中没有金额正好为 {amount} 的一期。',
    kind_currency_mismatch: '找到订单 **{reference}**，但其未结分期的币种不是 {currency}。',
    kind_no_reference: '摘要中没有订单编号。',
    label_unknown_reference: '订单编号不存在',
    label_amount_mismatch: '金额不符',
    label_currency_mismatch: '币种不符',
    label_no_reference: '无订单编号',
    date: '记账日期',
    amount: '金额',
    payer: '付款人',
    memo: '摘要',
    bankTxnId: '银行流水号',
    none: '—',
    ack: '确认知悉',
    acknowledgedBy: '✅ {name} 已于 {at} 确认',
    context: '对账异常 · {kind}',
    ackDone: '已确认，卡片上已显示你的名字。',
    ackAlready: '{name} 已经确认过了。',
    ackForbidden: '只有财务可以确认对账异常。',
  },
};

export interface ReconExceptionCardData {
  exceptionId: string;
  kind: ExceptionKind;
  reference: string | null;
  bookedOn: string;
  amountMinor: number;
  currency: string;
  payer: string | null;
  memo: string | null;
  bankTxnId: string;
  acknowledged?: { by: string; at: string };
}

export function reconExceptionCard(data: ReconExceptionCardData, locale: Locale): Card {
  const t = translator(texts, locale);
  const amount = formatMoney(data.amountMinor, data.currency, locale);
  const explanation = t(`kind_${data.kind}`, {
    reference: data.reference ?? '',
    amount,
    currency: data.currency,
  });
  return {
    title: t('title', { amount, payer: data.payer ?? t('none') }),
    body: data.acknowledged
      ? `${explanation}\n${t('acknowledgedBy', { name: data.acknowledged.by, at: data.acknowledged.at })}`
      : explanation,
    fields: [
      { label: t('date'), value: data.bookedOn },
      { label: t('amount'), value: amount },
      { label: t('payer'), value: data.payer ?? t('none') },
      { label: t('memo'), value: data.memo ?? t('none') },
      { label: t('bankTxnId'), value: data.bankTxnId },
    ],
    actions: data.acknowledged
      ? []
      : [{ id: 'recon.ack', label: t('ack'), style: 'primary', value: data.exceptionId }],
    context: t('context', { kind: t(`label_${data.kind}`) }),
    tone: data.acknowledged ? 'success' : 'warning',
  };
}

export function reconReplyText(
  key: 'ackDone' | 'ackAlready' | 'ackForbidden',
  locale: Locale,
  vars: Record<string, string> = {},
): string {
  return translator(texts, locale)(key, vars);
}

// DomainError codes of this slice (see errors.ts). Each bad-line message ends by saying nothing was imported.
export const reconcileErrors: Record<Locale, Record<string, string>> = {
  en: {
    statement_empty:
      'The statement has no lines. Send a CSV with the header date,amount,currency,payer,memo,bank_txn_id and one line per transaction.',
    statement_missing_column:
      'The header has no "{value}" column. Use the header date,amount,currency,payer,memo,bank_txn_id (any order). Nothing was imported.',
    statement_duplicate_column: 'The header names the "{value}" column twice. Nothing was imported.',
    statement_unclosed_quote:
      'Line {line}: a quoted field is never closed; add the closing ". Nothing was imported ({count} bad line(s)).',
    statement_field_count:
      'Line {line} has {value} fields but the header has {detail}; quote values that contain commas. Nothing was imported ({count} bad line(s)).',
    statement_required: 'Line {line}: {column} is empty. Nothing was imported ({count} bad line(s)).',
    statement_date:
      'Line {line}: date "{value}" is not a date; write YYYY-MM-DD, e.g. 2026-11-02. Nothing was imported ({count} bad line(s)).',
    statement_amount:
      'Line {line}: amount "{value}" is not an amount; write digits with at most {detail} decimals, e.g. 1234.50, no currency sign. Nothing was imported ({count} bad line(s)).',
    statement_amount_zero: 'Line {line}: amount is zero. Nothing was imported ({count} bad line(s)).',
    statement_currency:
      'Line {line}: currency "{value}" is not an ISO 4217 code such as CNY or USD. Nothing was imported ({count} bad line(s)).',
    statement_duplicate_txn:
      'Line {line}: bank_txn_id "{value}" already appears on line {detail}; each transaction has its own id. Nothing was imported ({count} bad line(s)).',
    recon_exception_unknown: 'No reconciliation exception {id}.',
  },
  'zh-CN': {
    statement_empty:
      '流水文件中没有交易行。请发送表头为 date,amount,currency,payer,memo,bank_txn_id、每行一笔交易的 CSV。',
    statement_missing_column:
      '表头缺少「{value}」列。请使用表头 date,amount,currency,payer,memo,bank_txn_id（顺序不限）。未导入任何数据。',
    statement_duplicate_column: '表头中「{value}」列出现了两次。未导入任何数据。',
    statement_unclosed_quote: '第 {line} 行：引号没有闭合，请补上 "。未导入任何数据（共 {count} 行有误）。',
    statement_field_count:
      '第 {line} 行有 {value} 个字段，但表头有 {detail} 个；含逗号的值请加引号。未导入任何数据（共 {count} 行有误）。',
    statement_required: '第 {line} 行：{column} 为空。未导入任何数据（共 {count} 行有误）。',
    statement_date:
      '第 {line} 行：日期「{value}」无效，请写作 YYYY-MM-DD，如 2026-11-02。未导入任何数据（共 {count} 行有误）。',
    statement_amount:
      '第 {line} 行：金额「{value}」无效，请只写数字，最多 {detail} 位小数，如 1234.50，不带货币符号。未导入任何数据（共 {count} 行有误）。',
    statement_amount_zero: '第 {line} 行：金额为零。未导入任何数据（共 {count} 行有误）。',
    statement_currency:
      '第 {line} 行：币种「{value}」不是 ISO 4217 代码，如 CNY 或 USD。未导入任何数据（共 {count} 行有误）。',
    statement_duplicate_txn:
      '第 {line} 行：流水号「{value}」已在第 {detail} 行出现，每笔交易的流水号应唯一。未导入任何数据（共 {count} 行有误）。',
    recon_exception_unknown: '没有对账异常 {id}。',
  },
};
