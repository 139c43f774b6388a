// Catalogue (orders): what an approval card says about price — each line's and the order's discount against list, and
// the gross margin on the card of each approver the policy lets see cost (order.margin).
import { type Texts, translator } from '../../i18n.ts';
import type { Field, Locale } from '../../model.ts';
import { missingRateText } from '../fx.ts';

// Known, or unknown because a product has no cost, or because no exchange rate converts a cost into the order's
// currency on the order's date (each missing pair named).
export type MarginView =
  | { bp: number }
  | { unknown: 'no_cost' }
  | { unknown: 'no_rate'; missing: { from: string; to: string; on: string }[] };

export interface PricingView {
  lines: { description: string; discountBp: number | null }[];
  totalDiscountBp: number | null;
  // Absent: this card's reader may not see cost.
  margin?: MarginView;
}

const texts: Texts<'discount' | 'orderDiscount' | 'margin' | 'marginUnknown' | 'marginNoRate' | 'atList'> = {
  en: {
    discount: 'Discount vs list',
    orderDiscount: 'Whole order: {pct}',
    margin: 'Gross margin',
    marginUnknown: 'unknown: a product on the order has no cost',
    marginNoRate: 'unknown: {missing}',
    atList: 'at list',
  },
  'zh-CN': {
    discount: '相对价目表折扣',
    orderDiscount: '整单：{pct}',
    margin: '毛利率',
    marginUnknown: '未知：订单中有产品未设成本',
    marginNoRate: '未知：{missing}',
    atList: '按价目表',
  },
};

function marginText(margin: MarginView, locale: Locale): string {
  const t = translator(texts, locale);
  if ('bp' in margin) return `${margin.bp / 100}%`;
  if (margin.unknown === 'no_cost') return t('marginUnknown');
  // "no USD→CNY rate for 2026-11-02": the pair and the order's date an admin has to add a rate for.
  return t('marginNoRate', { missing: margin.missing.map((m) => missingRateText(m, locale)).join('; ') });
}

const shownLines = 5;

// 1250 bp → "-12.5%"; above list reads "+3%".
function pctText(bp: number, t: (k: 'atList') => string): string {
  if (bp === 0) return t('atList');
  return `${bp > 0 ? '-' : '+'}${Math.abs(bp) / 100}%`;
}

export function pricingFields(view: PricingView, locale: Locale): Field[] {
  const t = translator(texts, locale);
  const fields: Field[] = [];
  if (view.totalDiscountBp !== null) {
    const lines = view.lines
      .filter((l) => l.discountBp !== null)
      .slice(0, shownLines)
      .map((l) => `- ${l.description}: ${pctText(l.discountBp ?? 0, t)}`);
    fields.push({
      label: t('discount'),
      value: [...lines, t('orderDiscount', { pct: pctText(view.totalDiscountBp, t) })].join('\n'),
    });
  }
  if (view.margin) fields.push({ label: t('margin'), value: marginText(view.margin, locale) });
  return fields;
}
