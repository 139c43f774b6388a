// Catalogue: the report charts shown in chat and on /dashboard — funnel, attainment per rep, AR aging, expected cash
// per week, the DSO trend, the 8-week trend and lead SLA breaches per rep — each built from a report use case's
// answer, with its alt text.
import type { FunnelReport } from '../../app/reports/read-funnel-report.ts';
import type { KpiReport } from '../../app/reports/read-kpi-report.ts';
import type { ProcessReport } from '../../app/reports/read-process-report.ts';
import type { ReceivablesReport } from '../../app/reports/read-receivables-report.ts';
import { agingBuckets } from '../../domain/collections/aging.ts';
import type { FunnelStage } from '../../domain/reports/funnel.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Chart, Locale } from '../model.ts';
import { axisAtLeast, chart } from './charts.ts';

type Key =
  | FunnelStage
  | 'funnelTitle'
  | 'funnelSeries'
  | 'attainmentTitle'
  | 'attainmentSeries'
  | 'agingTitle'
  | 'agingDays'
  | 'cashTitle'
  | 'trendTitle'
  | 'trendSeries'
  | 'dsoTitle'
  | 'dsoToday'
  | 'breachesTitle'
  | 'acceptBreaches'
  | 'firstContactBreaches'
  | 'noOwner';

const texts: Texts<Key> = {
  en: {
    new: 'New',
    accepted: 'Accepted',
    contacted: 'Contacted',
    qualified: 'Qualified',
    converted: 'Order',
    approved: 'Approved',
    paid: 'Paid',
    funnelTitle: 'Funnel {from} – {to}',
    funnelSeries: 'Leads entering',
    attainmentTitle: 'Attainment by rep {from} – {to}',
    attainmentSeries: 'Attainment',
    agingTitle: 'Receivables aging ({currency})',
    agingDays: '{bucket} days',
    cashTitle: 'Cash expected per week ({currency})',
    trendTitle: 'Approved order value, last {weeks} weeks ({currency})',
    trendSeries: 'Approved',
    dsoTitle: 'DSO in days (count-back), month-ends and today',
    dsoToday: 'today',
    breachesTitle: 'Lead SLA breaches by rep {from} – {to}',
    acceptBreaches: 'Accept',
    firstContactBreaches: 'First contact',
    noOwner: '(no owner)',
  },
  'zh-CN': {
    new: '新线索',
    accepted: '已接单',
    contacted: '已联系',
    qualified: '已确认',
    converted: '已成单',
    approved: '已审批',
    paid: '已回款',
    funnelTitle: '销售漏斗 {from} – {to}',
    funnelSeries: '进入人数',
    attainmentTitle: '目标完成率 {from} – {to}',
    attainmentSeries: '完成率',
    agingTitle: '应收账龄（{currency}）',
    agingDays: '{bucket} 天',
    cashTitle: '未来每周预计回款（{currency}）',
    trendTitle: '近 {weeks} 周审批通过金额（{currency}）',
    trendSeries: '审批通过',
    dsoTitle: 'DSO 天数（倒推法），各月末及今天',
    dsoToday: '今天',
    breachesTitle: '线索 SLA 超时（按销售）{from} – {to}',
    acceptBreaches: '接单超时',
    firstContactBreaches: '首次联系超时',
    noOwner: '（无负责人）',
  },
};

export function stageLabel(stage: FunnelStage, locale: Locale): string {
  return translator(texts, locale)(stage);
}

// Leads entering each stage, top to bottom.
export function funnelChart(report: Pick<FunnelReport, 'period' | 'total'>, locale: Locale): Chart {
  const t = translator(texts, locale);
  return chart(
    {
      kind: 'funnel',
      title: t('funnelTitle', { from: report.period.from, to: report.period.to }),
      categories: report.total.map((s) => t(s.stage)),
      series: [{ name: t('funnelSeries'), values: report.total.map((s) => s.entered) }],
      unit: { kind: 'count' },
    },
    locale,
  );
}

// Attainment of the reps (leaves) with a target, furthest behind first so the chart leads with who needs help;
// a chat picture keeps `limit` bars, the dashboard shows all.
export function attainmentChart(
  report: Pick<KpiReport, 'period' | 'rows'>,
  locale: Locale,
  limit = 15,
): Chart {
  const t = translator(texts, locale);
  const reps = report.rows
    .filter((r) => r.leaf && r.figures.attainment !== null)
    .sort((a, b) => (a.figures.attainment ?? 0) - (b.figures.attainment ?? 0))
    .slice(0, limit);
  const values = reps.map((r) => Math.round((r.figures.attainment ?? 0) * 1000) / 10);
  return chart(
    {
      kind: 'hbar',
      title: t('attainmentTitle', { from: report.period.from, to: report.period.to }),
      categories: reps.map((r) => r.name),
      series: [{ name: t('attainmentSeries'), values }],
      unit: { kind: 'percent' },
      axis: axisAtLeast(values, { min: 0, max: 100 }),
    },
    locale,
  );
}

// Open receivables by days overdue, in one currency (a roll-up across currencies is shown per currency).
export function agingChart(
  report: Pick<ReceivablesReport, 'aging'>,
  currency: string,
  locale: Locale,
): Chart {
  const t = translator(texts, locale);
  return chart(
    {
      kind: 'bar',
      title: t('agingTitle', { currency }),
      categories: agingBuckets.map((bucket) => t('agingDays', { bucket })),
      series: [{ name: currency, values: agingBuckets.map((b) => report.aging[b]?.[currency] ?? 0) }],
      unit: { kind: 'money', currency },
    },
    locale,
  );
}

// What installments falling due each coming week still owe, in one currency.
export function expectedCashChart(
  report: Pick<ReceivablesReport, 'expectedCash'>,
  currency: string,
  locale: Locale,
): Chart {
  const t = translator(texts, locale);
  return chart(
    {
      kind: 'bar',
      title: t('cashTitle', { currency }),
      categories: report.expectedCash.map((w) => w.from.slice(5)),
      series: [{ name: currency, values: report.expectedCash.map((w) => w.expected[currency] ?? 0) }],
      unit: { kind: 'money', currency },
    },
    locale,
  );
}

// Count-back DSO at each month-end and today, one line per currency (days compare across currencies).
export function dsoTrendChart(trend: ReceivablesReport['dsoTrend'], locale: Locale): Chart {
  const t = translator(texts, locale);
  const days = trend[0]?.points.map((p) => p.day) ?? [];
  return chart(
    {
      kind: 'line',
      title: t('dsoTitle'),
      categories: days.map((day, i) => (i === days.length - 1 ? t('dsoToday') : day.slice(5))),
      series: trend.map((x) => ({ name: x.currency, values: x.points.map((p) => p.days) })),
      unit: { kind: 'count' },
    },
    locale,
  );
}

export interface TrendWeek {
  // The week's first local date.
  from: string;
  approvedValue: number;
}

// Approved order value per week, oldest first.
export function trendChart(weeks: readonly TrendWeek[], currency: string, locale: Locale): Chart {
  const t = translator(texts, locale);
  return chart(
    {
      kind: 'line',
      title: t('trendTitle', { weeks: weeks.length, currency }),
      categories: weeks.map((w) => w.from.slice(5)),
      series: [{ name: t('trendSeries'), values: weeks.map((w) => w.approvedValue) }],
      unit: { kind: 'money', currency },
    },
    locale,
  );
}

// Lead SLA breaches per rep, accept and first contact stacked, most first: the reps whose leads wait — whom a manager
// coaches or routes fewer leads to. A chat picture keeps `limit` bars, the dashboard shows all.
export function breachesChart(
  report: Pick<ProcessReport, 'period' | 'byRep'>,
  locale: Locale,
  limit = 10,
): Chart {
  const t = translator(texts, locale);
  const reps = report.byRep.filter((r) => r.acceptBreaches + r.firstContactBreaches > 0).slice(0, limit);
  return chart(
    {
      kind: 'hstacked',
      title: t('breachesTitle', { from: report.period.from, to: report.period.to }),
      categories: reps.map((r) => r.name || t('noOwner')),
      series: [
        { name: t('acceptBreaches'), values: reps.map((r) => r.acceptBreaches) },
        { name: t('firstContactBreaches'), values: reps.map((r) => r.firstContactBreaches) },
      ],
      unit: { kind: 'count' },
    },
    locale,
  );
}
