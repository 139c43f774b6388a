// One chart with the hard cases in it: CJK names, markup and ampersands in labels, money in minor units, a gap.
import { chart } from '../../src/messages/catalogue/charts.ts';
import type { Card, Chart, Locale } from '../../src/messages/model.ts';

export function collectedByRep(locale: Locale = 'en'): Chart {
  return chart(
    {
      kind: 'bar',
      title: locale === 'en' ? 'Collected this week' : '本周回款',
      categories: ['张伟', 'Amy <b>&</b>', 'Bo'],
      series: [{ name: locale === 'en' ? 'Collected' : '回款', values: [1_234_500, 990_000, null] }],
      unit: { kind: 'money', currency: 'CNY' },
    },
    locale,
  );
}

export function cardWithChart(locale: Locale = 'en'): Card {
  return {
    title: 'Team KPI',
    body: 'Your team of 3.',
    fields: [{ label: 'Collected', value: '¥22,245.00' }],
    actions: [],
    tone: 'info',
    charts: [collectedByRep(locale)],
  };
}
