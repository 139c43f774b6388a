// Owns turning a Chart into pictures on the server: ECharts SSR for SVG (no DOM), resvg for PNG, one CJK font.
import { createRequire } from 'node:module';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { Chart, Locale } from '../messages/model.ts';
import { CHART_FONT, chartOption } from './chart-option.ts';

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

export function createChartRenderer(options: ChartRendererOptions = {}): ChartRenderer {
  const width = options.width ?? 720;
  const height = options.height ?? 400;
  const scale = options.scale ?? 1.5;
  // resvg reads the font by path on each render (measured ~1 s warm per PNG when the 10 MB buffer was passed
  // instead); the options object is built once so every render takes the same path.
  const resvgOptions: ResvgRenderOptions = {
    font: {
      fontFiles: [options.fontFile ?? bundledFontFile()],
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
    },
    fitTo: { mode: 'width', value: Math.round(width * scale) },
    background: '#ffffff',
  };

  const svg = (chart: Chart, locale: Locale): string => {
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
    png: (chart, locale) => new Resvg(svg(chart, locale), resvgOptions).render().asPng(),
  };
}
