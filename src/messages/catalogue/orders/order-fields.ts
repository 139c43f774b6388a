// Catalogue (orders): the fields and lines every order card shares (amounts, parties, schedule, changes, credit).

import type { LabelBook } from '../../../domain/labels.ts';
import { formatMoney } from '../../../domain/money.ts';
import type { Change } from '../../../domain/orders/order-diff.ts';
import { type Texts, translator } from '../../i18n.ts';
import { literal } from '../../literal.ts';
import { type Card, type Field, type Locale, personalOf } from '../../model.ts';
import { appliedRateText, missingRateText } from '../fx.ts';
import { nameText } from '../names.ts';
import { clauses, labelled } from '../punctuation.ts';
import { type T, texts } from './texts.ts';
import type { CreditView, Decider, InstallmentLine, LevelInfo, OrderSummary } from './views.ts';

export const maxLinesShown = 5;

export function linesSummary(order: OrderSummary, locale: Locale, t: T): string {
  const shown = order.lines
    .slice(0, maxLinesShown)
    .map(
      (l) =>
        `${literal(l.description)} × ${l.quantity} = ${formatMoney(l.amountMinor, order.currency, locale)}`,
    );
  if (order.lines.length > maxLinesShown)
    shown.push(t('moreLines', { count: order.lines.length - maxLinesShown }));
  return shown.join('\n');
}

// A stand-in is named with the approver they decide for: "Zhao Rep (standing in for Wang Boss)".
export function deciderText(by: Decider, locale: Locale): string {
  if (typeof by === 'string') return by;
  if (!by.standingInFor) return by.name;
  return translator(texts, locale)('standingInFor', { name: by.name, approver: by.standingInFor });
}

// "2/3 财务": where the level stands in the chain, and its name as the reader's language has it.
export function levelLabel(level: LevelInfo, locale: Locale): string {
  return `${level.position}/${level.count} ${levelName(level, locale)}`;
}

export function levelName(level: LevelInfo, locale: Locale): string {
  return nameText('levels', level.name, locale, undefined, level.labels);
}

export const partyTexts: Texts<'subtotal' | 'tax' | 'totalWithTax' | 'contact' | 'billing' | 'taxId'> = {
  en: {
    subtotal: 'Subtotal',
    tax: 'Tax',
    totalWithTax: 'Total incl. tax',
    contact: 'Contact',
    billing: 'Bill to',
    taxId: 'tax ID {taxId}',
  },
  'zh-CN': {
    subtotal: '小计',
    tax: '税额',
    totalWithTax: '含税总额',
    contact: '联系人',
    billing: '开票抬头',
    taxId: '税号 {taxId}',
  },
};

// Subtotal and tax appear only when the order carries tax; the contact and billing lines only when known.
export function amountAndPartyFields(order: OrderSummary, locale: Locale, t: T): Field[] {
  const p = translator(partyTexts, locale);
  const money = (minor: number) => formatMoney(minor, order.currency, locale);
  const tax = order.taxMinor ?? 0;
  const fields: Field[] =
    tax > 0
      ? [
          { label: p('subtotal'), value: money(order.totalMinor - tax) },
          { label: p('tax'), value: money(tax) },
          { label: p('totalWithTax'), value: money(order.totalMinor) },
        ]
      : [{ label: t('total'), value: money(order.totalMinor) }];
  if (order.contact) {
    const reach = [order.contact.phone, order.contact.email].filter(Boolean).join(', ');
    fields.push({
      label: p('contact'),
      value: literal(reach ? `${order.contact.name} (${reach})` : order.contact.name),
    });
  }
  if (order.billing) {
    const { legalName, taxId } = order.billing;
    fields.push({
      label: p('billing'),
      value: taxId ? `${literal(legalName)}, ${p('taxId', { taxId })}` : literal(legalName),
    });
  }
  return fields;
}

// The order's contact details and tax ID as orderFields shows them: sealed at rest wherever the card shows them.
export function orderPersonal(order: OrderSummary): Pick<Card, 'personal'> {
  return personalOf(order.contact?.phone, order.contact?.email, order.billing?.taxId);
}

export function orderFields(order: OrderSummary, locale: Locale, t: T): Field[] {
  return [
    { label: t('customer'), value: literal(order.customer) },
    ...amountAndPartyFields(order, locale, t),
    { label: t('lines'), value: linesSummary(order, locale, t) },
    { label: t('plan'), value: nameText('paymentPlans', order.paymentPlan, locale, order.labels) },
    { label: t('terms'), value: order.terms ? literal(order.terms) : (order.terms ?? t('standardTerms')) },
  ];
}

export function scheduleText(
  items: InstallmentLine[],
  currency: string,
  locale: Locale,
  book?: LabelBook,
): string {
  return items
    .map(
      (i) =>
        `- ${labelled(`${i.dueOn} ${nameText('steps', i.label, locale, book)}`, formatMoney(i.amountMinor, currency, locale), locale)}`,
    )
    .join('\n');
}

export function statusText(status: string, locale: Locale): string {
  const t = translator(texts, locale);
  const key = `status_${status}` as const;
  return Object.hasOwn(texts.en, key) ? t(key as keyof (typeof texts)['en']) : status;
}

export function stepText(status: string, t: T): string {
  const key = `step_${status}`;
  return Object.hasOwn(texts.en, key) ? t(key as keyof (typeof texts)['en']) : status;
}

export function percentText(bp: number): string {
  return `${bp / 100}%`;
}

export function lineText(
  l: { description: string; quantity: number; amountMinor: number; discountBp: number },
  currency: string,
  locale: Locale,
): string {
  const discount = l.discountBp > 0 ? ` (-${percentText(l.discountBp)})` : '';
  return `${literal(l.description)} × ${l.quantity}${discount} = ${formatMoney(l.amountMinor, currency, locale)}`;
}

export function changeLine(c: Change, currency: string, locale: Locale, t: T, book?: LabelBook): string {
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const bool = (b: boolean) => t(b ? 'yes' : 'no');
  switch (c.kind) {
    case 'total':
      return t('change_total', { from: money(c.from), to: money(c.to) });
    case 'paymentPlan':
      return t('change_paymentPlan', {
        from: nameText('paymentPlans', c.from, locale, book),
        to: nameText('paymentPlans', c.to, locale, book),
      });
    case 'terms':
      return t('change_terms', { from: c.from ?? t('standardTerms'), to: c.to ?? t('standardTerms') });
    case 'nonStandardTerms':
      return t('change_nonStandardTerms', { from: bool(c.from), to: bool(c.to) });
    case 'lineAdded':
      return t('change_lineAdded', { line: lineText(c.line, currency, locale) });
    case 'lineRemoved':
      return t('change_lineRemoved', { line: lineText(c.line, currency, locale) });
    case 'lineChanged': {
      const show = (field: string, v: number) =>
        field === 'quantity' ? String(v) : field === 'discountBp' ? percentText(v) : money(v);
      const parts = c.fields.map(
        (f) => `${t(`field_${f.field}`)} ${show(f.field, f.from)} → ${show(f.field, f.to)}`,
      );
      return labelled(literal(c.description), clauses(parts, locale), locale);
    }
  }
}

// One readable line per change: "field: old → new", lines added and removed.
export function changesText(
  changes: readonly Change[],
  currency: string,
  locale: Locale,
  book?: LabelBook,
): string {
  const t = translator(texts, locale);
  if (changes.length === 0) return t('noChanges');
  return changes.map((c) => `- ${changeLine(c, currency, locale, t, book)}`).join('\n');
}

export function creditFields(credit: CreditView, locale: Locale, t: T): Field[] {
  const money = (minor: number) => formatMoney(minor, credit.currency, locale);
  const share =
    credit.limitMinor !== null && credit.limitMinor > 0
      ? ` (${Math.round((credit.exposureMinor / credit.limitMinor) * 100)}%)`
      : '';
  const line = t('creditLine', {
    exposure: money(credit.exposureMinor),
    limit: credit.limitMinor === null ? t('noLimit') : money(credit.limitMinor),
    share,
    overdue: money(credit.overdueMinor),
    days: credit.maxDaysOverdue > 0 ? `, ${credit.maxDaysOverdue}d` : '',
    grade: credit.grade,
    score: credit.score,
  });
  const parts = t('creditParts', {
    open: money(credit.exposure.openReceivablesMinor),
    approved: money(credit.exposure.approvedNotInvoicedMinor),
    waiting: money(credit.exposure.inApprovalMinor),
  });
  // A missing exchange rate is said where the number would be, never a sum of unconverted currencies.
  const missing = (credit.missingRates ?? []).map((m) => missingRateText(m, locale));
  const rates = (credit.ratesUsed ?? []).map((r) => appliedRateText(r, locale));
  const fx = [...missing.map((m) => `⚠ ${m}`), ...rates].join('\n');
  const fields: Field[] = [{ label: t('credit'), value: `${line}\n${parts}${fx ? `\n${fx}` : ''}` }];
  if (credit.flags.length > 0) fields.push({ label: t('risk'), value: flagsText(credit.flags, t) });
  return fields;
}

export function flagsText(flags: CreditView['flags'], t: T): string {
  return flags
    .map((f) => `- ${t('flagLine', { flag: t(`flag_${f.flag}`), action: t(`action_${f.action}`) })}`)
    .join('\n');
}
