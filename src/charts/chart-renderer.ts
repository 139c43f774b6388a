// Owns turning a Chart into pictures on the server: ECharts SSR for SVG (no DOM), resvg for PNG, one CJK font.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { Chart, Locale } from '../messages/model.ts';
import { CHART_FONT, chartOption } from './chart-option.ts';
import { createFontSubsetter } from './font-subset.ts';

export interface ChartRenderer {
  svg(chart: Chart, locale: Locale): string;
  png(chart: Chart, locale: Locale): Buffer;
}

export interface ChartRendererOptions {
  // A TrueType/OpenType file with CJK glyphs; resvg cannot read woff/woff2.
  fontFile?: string;
  width?: number;
  height?: number;
  // PNG pixels per SVG pixel: 2 keeps text sharp on high-density phone screens.
  scale?: number;
}

// Noto Sans SC Regular as TrueType ships inside an npm package, so no font is fetched or installed at run time.
export function bundledFontFile(): string {
  return createRequire(import.meta.url).resolve(
    '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  );
}

// ECharts, resvg and the font are loaded on the first chart drawn, not at start: most starts draw no chart for a
// while, and loading them took a noticeable share of `npm start` (bench/start.bench.ts).
// (Node's module cache makes a second renderer's load free.)
const load = createRequire(import.meta.url);
const echartsLibrary = () => load('echarts') as typeof import('echarts');
const resvgLibrary = () => load('@resvg/resvg-js') as typeof import('@resvg/resvg-js');

export function createChartRenderer(options: ChartRendererOptions = {}): ChartRenderer {
  const width = options.width ?? 720;
  const height = options.height ?? 400;
  const scale = options.scale ?? 1.5;
  let echarts: typeof import('echarts') | undefined;
  let png: ((drawn: string) => Buffer) | undefined;
  const pngMaker = () => {
    png ??= makePng(options, width, scale);
    return png;
  };

  const svg = (chart: Chart, locale: Locale): string => {
    echarts ??= echartsLibrary();
    const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
    try {
      instance.setOption(chartOption(chart, locale));
      return instance.renderToSVGString();
    } finally {
      instance.dispose();
    }
  };

  return {
    svg,
    png: (chart, locale) => pngMaker()(svg(chart, locale)),
  };
}

function makePng(options: ChartRendererOptions, width: number, scale: number): (drawn: string) => Buffer {
  // resvg given the 10 MB font by path re-reads it for every text run (~1 s for a small chart, ~20 s for 100 labels)
  // and given any font as a buffer pays ~0.3–6 s converting it (bench/charts.bench.ts). So the font is loaded once
  // into hb-subset, and each PNG is drawn with a file holding only the characters it uses (a few KB). The file is
  // written and read synchronously in one turn of the event loop, so one file per renderer is never shared mid-render.
  const subsetFont = createFontSubsetter(options.fontFile ?? bundledFontFile());
  const subsetFile = join(mkdtempSync(join(tmpdir(), 'closeloop-charts-')), 'chart-font.ttf');
  const resvgOptions: ResvgRenderOptions = {
    font: {
      fontFiles: [subsetFile],
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
    },
    fitTo: { mode: 'width', value: Math.round(width * scale) },
    background: '#ffffff',
  };

  const { Resvg } = resvgLibrary();
  return (drawn) => {
    writeFileSync(subsetFile, subsetFont(drawn));
    return new Resvg(drawn, resvgOptions).render().asPng();
  };
}
