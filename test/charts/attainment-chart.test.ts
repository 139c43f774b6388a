// The attainment chart as the digest and `kpi` draw it: a team that has sold nothing yet reads as 15 reps at 0 of 100 %,
// not as empty bars on a 0–1 % axis, and its alt text says they are all at zero.
import { describe, expect, it } from 'vitest';
import { chartOption } from '../../src/charts/chart-option.ts';
import { createChartRenderer } from '../../src/charts/chart-renderer.ts';
import { deriveKpi, type Kpi, kpiMonoid } from '../../src/domain/reports/kpi.ts';
import type { FlatRow } from '../../src/domain/reports/tree.ts';
import { attainmentChart } from '../../src/messages/catalogue/report-charts.ts';

const period = { kind: 'month' as const, from: '2026-12-01', to: '2026-12-31' };

// A rep with a ¥10,000 target who has `approved` of it approved.
function rep(i: number, approved: number): FlatRow<Kpi> {
  const facts = { ...kpiMonoid.empty(), targetMinor: 1_000_000, approvedValue: { CNY: approved } };
  return {
    id: `rep-${i}`,
    name: `Rep ${String(i).padStart(2, '0')}`,
    depth: 1,
    parentId: 'root',
    figures: deriveKpi(facts, 'CNY', {}),
    former: false,
    leaf: true,
  };
}

const fifteenAtZero = Array.from({ length: 15 }, (_, i) => rep(i + 1, 0));
const axisLabels = (svg: string) => [...svg.matchAll(/>(\d+(?:\.\d+)?%)</g)].map((m) => m[1]);

describe('attainment chart', () => {
  it('draws 15 reps at 0 % on a 0–100 % axis and says in its alt text that all are at 0 %', () => {
    const chart = attainmentChart({ period, rows: fifteenAtZero }, 'en');
    const svg = createChartRenderer().svg(chart, 'en');
    const labels = axisLabels(svg);
    expect(labels).toContain('0%');
    expect(labels).toContain('100%');
    expect(labels).not.toContain('1%');
    expect(chart.alt).toMatch(
      /^Bar chart “Attainment by rep 2026-12-01 – 2026-12-31”: all 15 at 0 % \(Rep 01, /,
    );
    const zh = attainmentChart({ period, rows: fifteenAtZero }, 'zh-CN');
    expect(zh.alt).toContain('全部 15 项均为 0 %（');
  });

  it('keeps the 0–100 % axis below target and lets it grow past 100 % for whoever beats it', () => {
    const below = attainmentChart({ period, rows: [rep(1, 0), rep(2, 250_000)] }, 'en');
    const belowAxis = chartOption(below, 'en').xAxis as { min?: number; max?: number };
    expect(belowAxis).toMatchObject({ min: 0, max: 100 });
    expect(below.alt).toBe('Bar chart “Attainment by rep 2026-12-01 – 2026-12-31”: Rep 01 0 %, Rep 02 25 %');
    const beyond = attainmentChart({ period, rows: [rep(1, 0), rep(2, 1_500_000)] }, 'en');
    const beyondAxis = chartOption(beyond, 'en').xAxis as { min?: number; max?: number };
    expect(beyondAxis.min).toBe(0);
    expect(beyondAxis.max).toBeUndefined();
  });
});
