// Catalogue: which charts the chat report replies carry (`funnel`, `kpi <period>`, `ar dashboard`, `process`). Only a first
// page draws one, so "Show more" uploads nothing again; a chart with nothing to draw is left out, since its picture
// would say less than the text above it.
import type { FunnelReport } from '../../app/reports/read-funnel-report.ts';
import type { KpiReport } from '../../app/reports/read-kpi-report.ts';
import type { ProcessReport } from '../../app/reports/read-process-report.ts';
import type { ReceivablesReport } from '../../app/reports/read-receivables-report.ts';
import { agingBuckets } from '../../domain/collections/aging.ts';
import type { Chart, Locale } from '../model.ts';
import {
  agingChart,
  attainmentChart,
  breachesChart,
  dsoTrendChart,
  expectedCashChart,
  funnelChart,
} from './report-charts.ts';

// A chat message with more than a few pictures is a wall; the dashboard shows every currency.
const maxCurrencies = 3;

export function funnelReplyCharts(
  report: Pick<FunnelReport, 'period' | 'total'>,
  offset: number,
  locale: Locale,
): Chart[] {
  if (offset > 0 || !report.total.some((s) => s.entered > 0)) return [];
  return [funnelChart(report, locale)];
}

export function kpiReplyCharts(
  report: Pick<KpiReport, 'period' | 'rows'>,
  offset: number,
  locale: Locale,
): Chart[] {
  if (offset > 0 || !report.rows.some((r) => r.leaf && r.figures.attainment !== null)) return [];
  return [attainmentChart(report, locale)];
}

export function processReplyCharts(report: Pick<ProcessReport, 'period' | 'byRep'>, locale: Locale): Chart[] {
  if (!report.byRep.some((r) => r.acceptBreaches + r.firstContactBreaches > 0)) return [];
  return [breachesChart(report, locale)];
}

// Currencies with something to draw, the org's first, then alphabetically.
function currenciesOf(totals: readonly Record<string, number>[], orgCurrency: string): string[] {
  const found = new Set<string>();
  for (const t of totals)
    for (const [currency, minor] of Object.entries(t)) if (minor !== 0) found.add(currency);
  return [...found]
    .sort((a, b) => (a === orgCurrency ? -1 : b === orgCurrency ? 1 : a.localeCompare(b)))
    .slice(0, maxCurrencies);
}

// The aging buckets, then the cash expected per week, each in every currency that has any; then the DSO trend when
// some month-end or today had a balance.
export function arReplyCharts(
  report: Pick<ReceivablesReport, 'aging' | 'expectedCash' | 'dsoTrend'>,
  orgCurrency: string,
  locale: Locale,
): Chart[] {
  const aging = currenciesOf(
    agingBuckets.map((b) => report.aging[b]),
    orgCurrency,
  );
  const cash = currenciesOf(
    report.expectedCash.map((w) => w.expected),
    orgCurrency,
  );
  return [
    ...aging.map((c) => agingChart(report, c, locale)),
    ...cash.map((c) => expectedCashChart(report, c, locale)),
    ...(report.dsoTrend.length > 0 ? [dsoTrendChart(report.dsoTrend.slice(0, maxCurrencies), locale)] : []),
  ];
}
