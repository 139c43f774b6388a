// Owns how the console shows a chart: the server draws it as SVG into the card copy the page renders inline.
import type { ChartRenderer } from '../../src/charts/chart-renderer.ts';
import type { Card, Chart, Locale } from '../../src/messages/model.ts';

export type ConsoleChart = Chart & { svg?: string };

// ECharts escapes every label it writes; this refuses anything that could still run in the page (a script, an event
// handler, a javascript: link, foreign HTML), so a renderer bug shows the alt text instead of injecting markup.
export function isInertSvg(svg: string): boolean {
  return (
    svg.startsWith('<svg') &&
    !/<script|<foreignObject|<iframe|<!ENTITY|<!DOCTYPE|<[^>]*(\son[a-z]+\s*=|javascript:)/i.test(svg)
  );
}

// The card with each chart's SVG beside it; a chart that cannot be drawn keeps its alt text only.
export function withChartSvgs(card: Card, locale: Locale, renderer: ChartRenderer | undefined): Card {
  if (!renderer || !card.charts?.length) return card;
  const charts: ConsoleChart[] = card.charts.map((chart) => {
    const svg = renderer.svg(chart, locale);
    return isInertSvg(svg) ? { ...chart, svg } : chart;
  });
  return { ...card, charts };
}
