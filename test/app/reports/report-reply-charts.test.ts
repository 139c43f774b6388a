// The chat report replies carry their charts, built from the same report as the text: the funnel's bars, attainment
// per rep, receivables aging and cash expected per week (per currency), alt text in the asker's language; a
// "Show more" page carries none, so paging uploads nothing again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import { type OctoberReports, openOctoberReports } from './october-reports.ts';

describe('charts on the chat report replies', () => {
  let o: OctoberReports;
  const say = async (id: string, text: string, locale: 'en' | 'zh-CN' = 'en') =>
    runTextCommand(o.deps, await o.actor(id, locale), text);

  beforeAll(async () => {
    o = await openOctoberReports();
  });
  afterAll(async () => o?.database.close());

  it('funnel: the leads entering each stage as funnel bars, with the figures in the alt text', async () => {
    const r = await say(o.ds.director, 'funnel 2026-10-01..2026-10-31');
    expect(r.card?.charts).toHaveLength(1);
    const [chart] = r.card?.charts ?? [];
    expect(chart).toMatchObject({
      kind: 'funnel',
      title: 'Funnel 2026-10-01 – 2026-10-31',
      categories: ['New', 'Accepted', 'Contacted', 'Qualified', 'Order', 'Approved', 'Paid'],
      series: [{ values: [6, 5, 3, 2, 1, 1, 1] }],
    });
    expect(chart?.alt).toBe(
      'Funnel chart “Funnel 2026-10-01 – 2026-10-31”: New 6, Accepted 5, Contacted 3, Qualified 2, Order 1, Approved 1, Paid 1',
    );
    const zh = await say(o.ds.director, '漏斗 2026-10-01..2026-10-31', 'zh-CN');
    expect(zh.card?.charts?.[0]?.alt).toBe(
      '漏斗图「销售漏斗 2026-10-01 – 2026-10-31」：新线索 6，已接单 5，已联系 3，已确认 2，已成单 1，已审批 1，已回款 1',
    );
  });

  it('a funnel of a period with no leads has no picture to draw', async () => {
    const r = await say(o.ds.director, 'funnel 2025-01-01..2025-01-31');
    expect(r.card?.charts).toBeUndefined();
  });

  it('kpi <period>: attainment per rep with a target, furthest behind first', async () => {
    const r = await say(o.ds.director, 'kpi 2026-10-01..2026-10-31');
    const [chart] = r.card?.charts ?? [];
    expect(chart?.kind).toBe('hbar');
    expect(chart?.title).toBe('Attainment by rep 2026-10-01 – 2026-10-31');
    const values = chart?.series[0]?.values ?? [];
    expect(values).toEqual([...values].sort((a, b) => (a ?? 0) - (b ?? 0)));
    const of = (name: string) => values[chart?.categories.indexOf(name) ?? -1];
    // Rita: CNY 1,000.00 approved of her own CNY 2,000.00; Rosa: CNY 500.00 of her team's CNY 1,500.00.
    expect(of('Rita Rep')).toBe(50);
    expect(of('Rosa Rep')).toBe(33.3);
    expect(chart?.alt).toContain('Rita Rep 50 %');
  });

  it('the Show more page of a ranked table carries no chart', async () => {
    const r = await dispatchAction(o.deps, await o.actor(o.ds.director, 'en'), {
      action: 'report.more',
      entityId: 'kpi period:2026-10-01..2026-10-31 offset:3',
    });
    expect(r.card?.body).toMatch(/^4\. /);
    expect(r.card?.charts).toBeUndefined();
  });

  it('ar dashboard: aging and cash per week, in each currency that has any, the org currency first; the DSO trend', async () => {
    const r = await say(o.ds.finance, 'ar dashboard');
    const charts = r.card?.charts ?? [];
    expect(charts.map((c) => c.title)).toEqual([
      'Receivables aging (CNY)',
      'Cash expected per week (CNY)',
      'Cash expected per week (USD)',
      'DSO in days (count-back), month-ends and today',
    ]);
    // 31 October: CNY 500.00 against SO-T-2's 500.00 of 15 October (16 empty days + 1), USD 200.00 against 18
    // October's (13 + 1); today two days more.
    expect(charts[3]).toMatchObject({
      kind: 'line',
      categories: ['05-31', '06-30', '07-31', '08-31', '09-30', '10-31', 'today'],
      series: [
        { name: 'CNY', values: [0, 0, 0, 0, 0, 17, 19] },
        { name: 'USD', values: [0, 0, 0, 0, 0, 14, 16] },
      ],
    });
    expect(charts[3]?.alt).toContain('10-31 17, today 19');
    expect(r.card?.body).toContain(
      '- CNY: 05-31 0 → 06-30 0 → 07-31 0 → 08-31 0 → 09-30 0 → 10-31 17 → 11-02 19',
    );
    expect(charts[0]?.series[0]?.values).toEqual([30_000, 0, 0, 0]);
    expect(charts[0]?.alt).toBe(
      'Bar chart “Receivables aging (CNY)”: 0-30 days CNY 300.00, 31-60 days CNY 0.00, 61-90 days CNY 0.00, 90+ days CNY 0.00',
    );
    // Week 3 (from 11-16) holds the CNY 200.00 balance due 20 November; week 1 the USD 200.00 due 5 November.
    expect(charts[1]?.series[0]?.values.slice(0, 3)).toEqual([0, 0, 20_000]);
    expect(charts[2]?.series[0]?.values[0]).toBe(20_000);
    const zh = await say(o.ds.finance, '应收 看板', 'zh-CN');
    expect(zh.card?.charts?.[0]?.alt).toMatch(/^柱状图「应收账龄（CNY）」：0-30 天 ¥300\.00/);
    expect(zh.card?.body).toContain('**DSO 趋势（各月末及今天，天）**\n- CNY：05-31 0 →');
  });

  it('process: lead SLA breaches per rep, accept and first contact stacked; none when nobody breached', async () => {
    const r = await say(o.ds.director, 'process 2026-10-01..2026-10-31');
    expect(r.card?.charts).toEqual([
      {
        kind: 'hstacked',
        title: 'Lead SLA breaches by rep 2026-10-01 – 2026-10-31',
        categories: ['Rosa Rep'],
        series: [
          { name: 'Accept', values: [1] },
          { name: 'First contact', values: [0] },
        ],
        unit: { kind: 'count' },
        alt: 'Stacked bar chart “Lead SLA breaches by rep 2026-10-01 – 2026-10-31”: Accept: Rosa Rep 1; First contact: Rosa Rep 0',
      },
    ]);
    const zh = await say(o.ds.director, '流程 健康 2026-10-01..2026-10-31', 'zh-CN');
    expect(zh.card?.charts?.[0]?.alt).toBe(
      '堆叠条形图「线索 SLA 超时（按销售）2026-10-01 – 2026-10-31」：接单超时：Rosa Rep 1；首次联系超时：Rosa Rep 0',
    );
    expect((await say(o.ds.director, 'process 2026-09-01..2026-09-30')).card?.charts).toBeUndefined();
  });
});
