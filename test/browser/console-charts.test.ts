// Drives /console in a real headless Chromium with its own CSP: a chart a report answers with is drawn with its labels'
// size and font, and the page logs no refused inline style (ECharts' style="…" attributes are refused there).

import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePluginWith } from '../../adapters/console/plugin.ts';
import { createChartRenderer } from '../../src/charts/chart-renderer.ts';
import { buildServer } from '../../src/http/server.ts';
import { insertDataset } from '../app/reports/dataset.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicy, testDeps } from '../helpers/deps.ts';

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await insertDataset(database);
  const deps = testDeps(database, { policy: examplePolicy(), clock: testClock('2026-11-02T02:00:00Z') });
  app = await buildServer({
    deps,
    api: [],
    adapters: [consolePluginWith({ charts: createChartRenderer() })],
    health: {},
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

describe('a chart in the console', () => {
  it('keeps its 12px chart-font labels under the page CSP, with no refused inline style and no missing favicon', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      // This server has no web sign-in, so the page's look for a session is a 404 here and nowhere else.
      if (m.type() === 'error' && !m.location().url.endsWith('/auth/session'))
        errors.push(`${m.text()} ${m.location().url}`);
    });
    await page.goto(`${baseUrl}/console`);
    const picker = page.getByRole('dialog');
    await picker.getByRole('searchbox').fill('Dana');
    await picker.getByRole('button', { name: /Dana/ }).click();
    await page.getByRole('textbox', { name: 'Command' }).fill('funnel 2026-10-01..2026-10-31');
    await page.getByRole('button', { name: 'Send' }).click();
    const chart = page.locator('.ephemeral figure.chart svg');
    await expect.poll(() => chart.count(), { timeout: 10_000 }).toBe(1);
    const labels = await chart
      .locator('text')
      .evaluateAll((texts) =>
        texts.map((t) => `${getComputedStyle(t).fontSize} ${getComputedStyle(t).fontFamily}`),
      );
    expect(labels.length).toBeGreaterThan(3);
    expect(labels.filter((l) => !l.includes('Noto Sans SC'))).toEqual([]);
    expect(labels).toContain('12px "Noto Sans SC"');
    expect(errors).toEqual([]);
  }, 60_000);
});
