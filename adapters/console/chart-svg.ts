// Owns how the console shows a chart: the server draws it as SVG, with no inline style the page's CSP would refuse,
// into the card copy the page renders inline.
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
    const svg = withoutInlineStyles(renderer.svg(chart, locale));
    return isInertSvg(svg) ? { ...chart, svg } : chart;
  });
  return { ...card, charts };
}

// The page's CSP allows no inline style (no 'unsafe-inline'), so ECharts' style="font-size:12px;font-family:…"
// attributes would be refused and every label drawn in the browser's default 16px serif. The same declarations as
// SVG presentation attributes are not styles to the CSP; the <style> block ECharts adds holds only hover effects
// of an interactive chart, which a drawn picture has none of.
export function withoutInlineStyles(svg: string): string {
  return svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/\sstyle="([^"]*)"/g, (_all, declarations: string) =>
      declarations
        .split(';')
        .map((d) => d.split(':').map((part) => part.trim()))
        .flatMap(([name, value, ...rest]) =>
          name !== undefined && value !== undefined && rest.length === 0 && presentation.has(name)
            ? [` ${name}="${value}"`]
            : [],
        )
        .join(''),
    );
}

// The CSS properties ECharts writes in a style attribute that SVG also takes as attributes of the same name.
const presentation = new Set([
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'fill',
  'stroke',
  'opacity',
]);
