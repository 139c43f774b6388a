// Catalogue: a Chart built like any card part — its values formatted for a locale and its alt text with the key figures.
import { decimalsOf, formatMoney } from '../../domain/money.ts';
import { plainTranslator, type Texts } from '../i18n.ts';
import type { Chart, ChartKind, ChartSeries, ChartUnit, Locale } from '../model.ts';

type Key = ChartKind | 'alt' | 'seriesPart' | 'noData' | 'allZero' | 'none';

const texts: Texts<Key> = {
  en: {
    bar: 'Bar chart',
    hbar: 'Bar chart',
    funnel: 'Funnel chart',
    line: 'Line chart',
    stacked: 'Stacked bar chart',
    hstacked: 'Stacked bar chart',
    alt: '{kind} “{title}”: {figures}',
    seriesPart: '{name}: {figures}',
    noData: 'no data yet',
    allZero: 'all {count} at {zero} ({names})',
    none: 'none',
  },
  'zh-CN': {
    bar: '柱状图',
    hbar: '条形图',
    funnel: '漏斗图',
    line: '折线图',
    stacked: '堆叠柱状图',
    hstacked: '堆叠条形图',
    alt: '{kind}「{title}」：{figures}',
    seriesPart: '{name}：{figures}',
    noData: '暂无数据',
    allZero: '全部 {count} 项均为 {zero}（{names}）',
    none: '无',
  },
};

// Slack takes at most 1,000 characters of alt text with an upload; every platform gets the same cut.
export const ALT_MAX = 1000;

// One value as a person reads it: 1,234 · 48.5 % · ¥12,345.00 (money values are minor units).
export function formatChartValue(value: number | null, unit: ChartUnit, locale: Locale): string {
  if (value === null) return '–';
  if (unit.kind === 'money') return formatMoney(Math.round(value), unit.currency, locale);
  if (unit.kind === 'percent')
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} %`;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}

// A short axis label: 1.2万 / 12K, money in major units with its symbol.
export function formatAxisValue(value: number, unit: ChartUnit, locale: Locale): string {
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  if (unit.kind === 'money') {
    const major = value / 10 ** decimalsOf(unit.currency);
    const symbol = locale === 'zh-CN' && unit.currency === 'CNY' ? '¥' : `${unit.currency} `;
    return `${major < 0 ? '-' : ''}${symbol}${compact.format(Math.abs(major))}`;
  }
  if (unit.kind === 'percent') return `${compact.format(value)}%`;
  return compact.format(value);
}

function figures(categories: string[], series: ChartSeries, unit: ChartUnit, locale: Locale): string {
  const sep = locale === 'zh-CN' ? '，' : ', ';
  return categories
    .map((category, i) => `${category} ${formatChartValue(series.values[i] ?? null, unit, locale)}`)
    .join(sep);
}

// Plain text, as the model says: a screen reader, an image's alt and the dashboard read it with no markdown, so a rep's
// or customer's name in it is as typed; a renderer that shows it in markdown (a chart not drawn) makes it literal.
export function altText(chart: Omit<Chart, 'alt'>, locale: Locale): string {
  const t = plainTranslator(texts, locale);
  const hasData = chart.categories.length > 0 && chart.series.some((s) => s.values.some((v) => v !== null));
  // Fifteen reps at 0 % draw as no bars at all: said in words, the picture is not taken for a failed drawing.
  const allZero = hasData && chart.series.every((s) => s.values.every((v) => v === 0 || v === null));
  const body = !hasData
    ? t('noData')
    : allZero
      ? t('allZero', {
          count: chart.categories.length,
          zero: formatChartValue(0, chart.unit, locale),
          names: chart.categories.join(locale === 'zh-CN' ? '、' : ', '),
        })
      : chart.series.length === 1 && chart.series[0]
        ? figures(chart.categories, chart.series[0], chart.unit, locale)
        : chart.series
            .map((s) =>
              t('seriesPart', { name: s.name, figures: figures(chart.categories, s, chart.unit, locale) }),
            )
            .join(locale === 'zh-CN' ? '；' : '; ');
  const text = t('alt', { kind: t(chart.kind), title: chart.title, figures: body });
  return text.length > ALT_MAX ? `${text.slice(0, ALT_MAX - 1)}…` : text;
}

// Value-axis ends that cover `span` and every value: 0–100 % for attainment whatever the reps reached, so a row of
// zeros reads as none of 100 % rather than filling a 0–1 % axis; an end a value passes is left to the renderer.
export function axisAtLeast(
  values: readonly (number | null)[],
  span: { min: number; max: number },
): NonNullable<Chart['axis']> {
  const present = values.filter((v): v is number => v !== null);
  return {
    ...(present.every((v) => v >= span.min) ? { min: span.min } : {}),
    ...(present.every((v) => v <= span.max) ? { max: span.max } : {}),
  };
}

// Every chart a card carries is built here, so its alt text always says the figures it draws.
export function chart(spec: Omit<Chart, 'alt'>, locale: Locale): Chart {
  return { ...spec, alt: altText(spec, locale) };
}
