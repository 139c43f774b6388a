// Catalogue (orders): what an approval card says about price — each line's and the order's discount against list, and
// the gross margin for approvers the policy lets see cost (order.margin).
import { type Texts, translator } from '../../i18n.ts';
import type { Field, Locale } from '../../model.ts';

export interface PricingView {
  lines: { description: string; discountBp: number | null }[];
  totalDiscountBp: number | null;
  // Absent: the card's readers may not see cost. null: shown, but some product's cost is unknown.
  marginBp?: number | null;
}

const texts: Texts<'discount' | 'orderDiscount' | 'margin' | 'marginUnknown' | 'atList'> = {
  en: {
    discount: 'Discount vs list',
    orderDiscount: 'Whole order: {pct}',
    margin: 'Gross margin',
    marginUnknown: 'unknown: a product on the order has no cost',
    atList: 'at list',
  },
  'zh-CN': {
    discount: '相对价目表折扣',
    orderDiscount: '整单：{pct}',
    margin: '毛利率',
    marginUnknown: '未知：订单中有产品未设成本',
    atList: '按价目表',
  },
};

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
  if (view.marginBp !== undefined)
    fields.push({
      label: t('margin'),
      value: view.marginBp === null ? t('marginUnknown') : `${view.marginBp / 100}%`,
    });
  return fields;
}
