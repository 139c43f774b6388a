// `funnel …` and `ar dashboard` typed in the console: the answer card carries each chart drawn server-side as inline
// SVG (the page puts it in a <figure> with the alt text), with the chart's labels in the asker's language.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInertSvg } from '../../../adapters/console/chart-svg.ts';
import { consolePluginWith } from '../../../adapters/console/plugin.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { createChartRenderer } from '../../../src/charts/chart-renderer.ts';
import { users } from '../../../src/db/schema.ts';
import { buildServer } from '../../../src/http/server.ts';
import type { Card, Chart } from '../../../src/messages/model.ts';
import { type Dataset, insertDataset } from '../../app/reports/dataset.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let ds: Dataset;

type ConsoleCard = Omit<Card, 'charts'> & { charts?: (Chart & { svg?: string })[] };

beforeAll(async () => {
  database = await createTestDatabase();
  ds = await insertDataset(database);
  await database.db.update(users).set({ locale: 'zh-CN' }).where(eq(users.id, ds.finance));
  deps = testDeps(database, { policy: examplePolicy(), clock: testClock('2026-11-02T02:00:00Z') });
  app = await buildServer({
    deps,
    api: [],
    adapters: [consolePluginWith({ charts: createChartRenderer() })],
    health: {},
  });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function command(as: string, text: string): Promise<ConsoleCard | undefined> {
  const res = await app.inject({ method: 'POST', url: '/console/api/command', payload: { as, text } });
  expect(res.statusCode).toBe(200);
  return (res.json() as { card?: ConsoleCard }).card;
}

describe('report charts in the console', () => {
  it('funnel: the answer card carries the funnel drawn as inert inline SVG beside its alt text', async () => {
    const card = await command(ds.director, 'funnel 2026-10-01..2026-10-31');
    const [chart] = card?.charts ?? [];
    expect(chart?.alt).toMatch(/^Funnel chart “Funnel 2026-10-01 – 2026-10-31”: New 6, Accepted 5/);
    const svg = chart?.svg ?? '';
    expect(svg.startsWith('<svg')).toBe(true);
    expect(isInertSvg(svg)).toBe(true);
    for (const label of ['Funnel 2026-10-01 – 2026-10-31', 'Contacted', 'Paid']) expect(svg).toContain(label);
  });

  it('应收 看板: every chart drawn, with Chinese labels', async () => {
    const card = await command(ds.finance, '应收 看板');
    const charts = card?.charts ?? [];
    expect(charts).toHaveLength(4);
    expect(charts.every((c) => c.svg?.startsWith('<svg'))).toBe(true);
    expect(charts[0]?.svg).toContain('应收账龄（CNY）');
    expect(charts[0]?.svg).toContain('0-30 天');
    expect(charts[3]?.svg).toContain('DSO 天数（倒推法），各月末及今天');
  });
});
