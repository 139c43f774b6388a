// Chart rendering: SVG (ECharts SSR) and PNG (resvg with the bundled CJK font), cold (first render in a fresh
// renderer, font read for the first time) and warm (median of later renders), for a small and a 100-rep chart and the
// process page's stacked SLA breaches per rep.
import { createChartRenderer } from '../src/charts/chart-renderer.ts';
import { chart } from '../src/messages/catalogue/charts.ts';
import type { Chart } from '../src/messages/model.ts';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 10;

const funnel = chart(
  {
    kind: 'funnel',
    title: '销售漏斗 · 本月',
    categories: ['新线索', '已接单', '已联系', '已确认', '已成单', '已审批', '已回款'],
    series: [{ name: '线索', values: [1200, 1010, 820, 400, 190, 170, 120] }],
    unit: { kind: 'count' },
  },
  'zh-CN',
);
const attainment = chart(
  {
    kind: 'hbar',
    title: '目标完成率（100 名销售）',
    categories: Array.from({ length: 100 }, (_, i) => `销售 ${i + 1} 号`),
    series: [{ name: '完成率', values: Array.from({ length: 100 }, (_, i) => (i * 37) % 140) }],
    unit: { kind: 'percent' },
  },
  'zh-CN',
);

const breaches = chart(
  {
    kind: 'hstacked',
    title: '线索 SLA 超时（按销售）',
    categories: Array.from({ length: 10 }, (_, i) => `销售 ${i + 1} 号`),
    series: [
      { name: '接单超时', values: Array.from({ length: 10 }, (_, i) => 12 - i) },
      { name: '首次联系超时', values: Array.from({ length: 10 }, (_, i) => (i * 7) % 5) },
    ],
    unit: { kind: 'count' },
  },
  'zh-CN',
);

const ms = (start: number) => performance.now() - start;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function measure(name: string, subject: Chart) {
  const renderer = createChartRenderer();
  let t = performance.now();
  renderer.svg(subject, 'zh-CN');
  const svgCold = ms(t);
  t = performance.now();
  renderer.png(subject, 'zh-CN');
  const pngCold = ms(t);
  const svg: number[] = [];
  const png: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    t = performance.now();
    renderer.svg(subject, 'zh-CN');
    svg.push(ms(t));
    t = performance.now();
    renderer.png(subject, 'zh-CN');
    png.push(ms(t));
  }
  const f = (x: number) => `${x.toFixed(0).padStart(6)} ms`;
  console.log(
    `${name.padEnd(22)} svg cold ${f(svgCold)}  warm ${f(median(svg))}   png cold ${f(pngCold)}  warm ${f(median(png))}` +
      `   (png warm includes its svg; goal ≤ 300 ms)`,
  );
}

console.log(`charts: ${rounds} warm rounds each, median shown`);
measure('funnel (7 stages)', funnel);
measure('attainment (100 reps)', attainment);
measure('SLA breaches (10 reps)', breaches);
