// Owns how a Chart looks when the server draws it with ECharts: one option per chart kind.
import { formatAxisValue, formatChartValue } from '../messages/catalogue/charts.ts';
import type { Chart, Locale } from '../messages/model.ts';

export const CHART_FONT = 'Noto Sans SC';
// Calm, colour-blind-safe palette (Okabe–Ito, blue first).
const palette = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'];

// ECharts' option type is wide and loose; this is the part we set.
export type EChartsOption = Record<string, unknown>;

export function chartOption(chart: Chart, locale: Locale): EChartsOption {
  const axisLabel = { formatter: (v: number) => formatAxisValue(v, chart.unit, locale) };
  const valueLabel = (p: { value: number | null }) => formatChartValue(p.value, chart.unit, locale);
  const common = {
    animation: false,
    color: palette,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT },
    title: { text: chart.title, left: 'center', top: 8, textStyle: { fontSize: 16, fontFamily: CHART_FONT } },
    ...(chart.series.length > 1 && chart.kind !== 'funnel'
      ? { legend: { bottom: 4, textStyle: { fontFamily: CHART_FONT } } }
      : {}),
    grid: { left: 16, right: 24, top: 48, bottom: chart.series.length > 1 ? 36 : 16, containLabel: true },
  };
  if (chart.kind === 'funnel') {
    const values = chart.series[0]?.values ?? [];
    return {
      ...common,
      series: [
        {
          type: 'funnel',
          sort: 'none',
          top: 48,
          bottom: 16,
          left: '4%',
          width: '62%',
          minSize: '8%',
          gap: 2,
          label: {
            show: true,
            position: 'right',
            color: '#3c3c41',
            formatter: (p: { name: string; value: number | null }) => `${p.name}  ${valueLabel(p)}`,
          },
          data: chart.categories.map((name, i) => ({ name, value: values[i] ?? 0 })),
        },
      ],
    };
  }
  const horizontal = chart.kind === 'hbar' || chart.kind === 'hstacked';
  const categoryAxis = {
    type: 'category',
    data: chart.categories,
    ...(horizontal ? { inverse: true } : { axisLabel: { interval: 0, hideOverlap: true } }),
  };
  const valueAxis = { type: 'value', axisLabel, ...chart.axis };
  const stacked = chart.kind === 'stacked' || chart.kind === 'hstacked';
  return {
    ...common,
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: chart.series.map((s) => ({
      name: s.name,
      type: chart.kind === 'line' ? 'line' : 'bar',
      data: s.values,
      ...(stacked ? { stack: 'total' } : {}),
      ...(chart.kind === 'line' ? { symbolSize: 6, connectNulls: false } : { barMaxWidth: 48 }),
      label: {
        show: !stacked && chart.series.length === 1 && chart.categories.length <= 12,
        position: horizontal ? 'right' : 'top',
        formatter: valueLabel,
      },
    })),
  };
}
