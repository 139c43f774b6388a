// Charts drawn on the server: the catalogue's alt text says the figures, the SVG escapes every label, the PNG is a PNG.
import { describe, expect, it } from 'vitest';
import { isInertSvg } from '../../adapters/console/chart-svg.ts';
import { chartOption } from '../../src/charts/chart-option.ts';
import { createChartRenderer } from '../../src/charts/chart-renderer.ts';
import { ALT_MAX, chart, formatAxisValue } from '../../src/messages/catalogue/charts.ts';
import type { ChartKind } from '../../src/messages/model.ts';
import { collectedByRep } from './sample-chart.ts';

const renderer = createChartRenderer();

describe('chart alt text', () => {
  it.each([
    ['en', 'Bar chart “Collected this week”: 张伟 CNY 12,345.00, Amy <b>&</b> CNY 9,900.00, Bo –'],
    ['zh-CN', '柱状图「本周回款」：张伟 ¥12,345.00，Amy <b>&</b> ¥9,900.00，Bo –'],
  ] as const)('names every category with its formatted value (%s)', (locale, alt) => {
    expect(collectedByRep(locale).alt).toBe(alt);
  });

  it('says each series by name when there are several, and "no data" when there is none', () => {
    const two = chart(
      {
        kind: 'stacked',
        title: 'Aging',
        categories: ['Amy', 'Bo'],
        series: [
          { name: '0–30', values: [3, 1] },
          { name: '90+', values: [0, 2] },
        ],
        unit: { kind: 'count' },
      },
      'en',
    );
    expect(two.alt).toBe('Stacked bar chart “Aging”: 0–30: Amy 3, Bo 1; 90+: Amy 0, Bo 2');
    const empty = chart({ ...two, categories: [], series: [] }, 'zh-CN');
    expect(empty.alt).toBe('堆叠柱状图「Aging」：暂无数据');
  });

  it('is cut at the 1,000 characters Slack allows, visibly', () => {
    const many = chart(
      {
        kind: 'hbar',
        title: 'Attainment',
        categories: Array.from({ length: 200 }, (_, i) => `Rep number ${i}`),
        series: [{ name: 'Attainment', values: Array.from({ length: 200 }, (_, i) => i) }],
        unit: { kind: 'percent' },
      },
      'en',
    );
    expect(many.alt).toHaveLength(ALT_MAX);
    expect(many.alt.endsWith('…')).toBe(true);
  });

  it.each([
    [1_234_500_00, { kind: 'money', currency: 'CNY' }, 'zh-CN', '¥123.5万'],
    [1_234_500_00, { kind: 'money', currency: 'USD' }, 'en', 'USD 1.2M'],
    [48.5, { kind: 'percent' }, 'en', '48.5%'],
    [12_000, { kind: 'count' }, 'en', '12K'],
  ] as const)('axis label of %s', (value, unit, locale, label) => {
    expect(formatAxisValue(value, unit, locale)).toBe(label);
  });
});

describe('chart renderer', () => {
  it.each(['bar', 'hbar', 'funnel', 'line', 'stacked', 'hstacked'] as ChartKind[])(
    'draws a %s chart as SVG with the title and every category, labels escaped',
    (kind) => {
      const svg = renderer.svg({ ...collectedByRep('zh-CN'), kind }, 'zh-CN');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('本周回款');
      expect(svg).toContain('张伟');
      expect(svg).toContain('Amy &lt;b&gt;&amp;&lt;/b&gt;');
      expect(svg).not.toContain('<b>');
      expect(isInertSvg(svg)).toBe(true);
    },
  );

  it('a label that tries to inject script stays text', () => {
    const hostile = { ...collectedByRep(), title: '"><script>alert(1)</script><svg onload=alert(1)>' };
    const svg = renderer.svg(hostile, 'en');
    expect(svg).not.toMatch(/<script|<svg onload/);
    expect(isInertSvg(svg)).toBe(true);
    expect(isInertSvg('<svg><script>alert(1)</script></svg>')).toBe(false);
    expect(isInertSvg('<svg onload="alert(1)"></svg>')).toBe(false);
  });

  it('lays a hstacked chart down with its series on top of each other (a ranking split by cause)', () => {
    const two = {
      ...collectedByRep('en'),
      series: [...collectedByRep('en').series, { name: 'B', values: [1, 2, 3] }],
    };
    const option = chartOption({ ...two, kind: 'hstacked' }, 'en');
    expect(option.yAxis).toMatchObject({ type: 'category', inverse: true });
    expect((option.series as { stack?: string }[]).map((s) => s.stack)).toEqual(['total', 'total']);
    expect(chartOption({ ...two, kind: 'hbar' }, 'en').series).not.toContainEqual(
      expect.objectContaining({ stack: 'total' }),
    );
  });

  it('draws a PNG at 1.5× the SVG size', () => {
    const png = renderer.png(collectedByRep('zh-CN'), 'zh-CN');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR: width and height as big-endian 32-bit integers at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBe(1080);
    expect(png.readUInt32BE(20)).toBe(600);
  });

  it('draws Chinese text with the bundled font, not as missing glyphs', () => {
    // The same chart with the CJK title and with a title of as many Latin letters: with no CJK font resvg draws
    // nothing for 本周回款, so the two pictures would differ only where the Latin letters are.
    const cjk = createChartRenderer({ width: 300, height: 120 });
    const blank = cjk.png({ ...collectedByRep('zh-CN'), title: '' }, 'zh-CN');
    const titled = cjk.png({ ...collectedByRep('zh-CN'), title: '本周回款' }, 'zh-CN');
    expect(titled.equals(blank)).toBe(false);
  });
});
