// Drives /dashboard in a real headless Chromium over the reports' hand-computed October dataset: every chart is drawn,
// the figures on the page are the API's, tables sort, it fits a phone, ECharts comes from our own origin, and where
// trial mode is off the dashboard needs sign-in.

import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/deps.ts';
import { users } from '../../src/db/schema.ts';
import { webAuthPlugins } from '../../src/http/auth/sign-in-routes.ts';
import { dashboardPlugin } from '../../src/http/dashboard/plugin.ts';
import { buildServer } from '../../src/http/server.ts';
import { type Dataset, insertDataset } from '../app/reports/dataset.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicy, testDeps } from '../helpers/deps.ts';

const october = 'from=2026-10-01&to=2026-10-31';

let database: TestDatabase;
let deps: AppDeps;
let ds: Dataset;
let app: FastifyInstance;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ds = await insertDataset(database);
  const policy = examplePolicy();
  policy.targets.monthly = { byRole: { rep: 1000 }, byTeam: { [ds.emails.m2]: 1500 } };
  deps = testDeps(database, { policy, clock: testClock('2026-11-02T02:00:00Z') });
  app = await buildServer({ deps, api: [], adapters: [dashboardPlugin], health: {} });
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

interface StageRow {
  stage: string;
  entered: number;
}

describe('/dashboard', () => {
  it('draws every chart and shows the same figures as its JSON', async () => {
    const api = await fetch(`${baseUrl}/dashboard/api/report?as=${ds.director}&${october}`);
    expect(api.status).toBe(200);
    const data = (await api.json()) as {
      funnel: { total: StageRow[] };
      kpi: { rows: { name: string; depth: number }[] };
      charts: Record<string, { alt: string }>;
    };
    expect(data.funnel.total[0]).toMatchObject({ stage: 'new', entered: 6 });

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Nothing may load from anywhere but this origin.
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(baseUrl)) foreign.push(r.url());
    });
    await page.goto(`${baseUrl}/dashboard?as=${ds.director}&${october}`);
    await page.waitForSelector('body[data-ready="true"]');
    // Funnel, attainment, aging, expected cash, the 8-week trend, DSO and SLA breaches per rep: each container holds a
    // drawn canvas.
    const drawn = await page.$$eval('.chart', (els) =>
      els.map((el) => ({
        id: el.id,
        canvases: el.querySelectorAll('canvas').length,
        alt: el.getAttribute('aria-label'),
      })),
    );
    expect(drawn.map((c) => c.id)).toEqual([
      'chart-funnel',
      'chart-attainment',
      'chart-aging',
      'chart-cash',
      'chart-trend',
      'chart-dso',
      'chart-breaches',
    ]);
    expect(drawn.every((c) => c.canvases >= 1)).toBe(true);
    expect(drawn.find((c) => c.id === 'chart-funnel')?.alt).toBe(data.charts.funnel?.alt);
    expect(drawn.find((c) => c.id === 'chart-dso')?.alt).toBe(data.charts.dso?.alt);
    expect(drawn.find((c) => c.id === 'chart-breaches')?.alt).toBe(data.charts.breaches?.alt);
    expect(data.charts.breaches?.alt).toContain('Accept: Rosa Rep 1');
    // Pixels, not an empty canvas: the funnel's canvas has painted something other than transparent.
    const painted = await page.$eval('#chart-funnel canvas', (c) => {
      const canvas = c as HTMLCanvasElement;
      const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      let opaque = 0;
      for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) opaque += 1;
      return opaque;
    });
    expect(painted).toBeGreaterThan(1000);

    // The stage table says what the API says.
    const newRow = await page.$$eval('#stages tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(newRow[0]?.[0]).toBe('New');
    expect(Number(newRow[0]?.[1])).toBe(data.funnel.total[0]?.entered);
    // The KPI table lists the director's tree, one row per person.
    expect(await page.locator('#kpi-table tbody tr').count()).toBe(data.kpi.rows.length);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('a source picked narrows every report to the figures the API gives for it, and says whose orders', async () => {
    const api = await fetch(`${baseUrl}/dashboard/api/report?as=${ds.director}&${october}&source=expo`);
    const data = (await api.json()) as {
      funnel: { total: StageRow[] };
      kpi: { rows: { name: string; figures: { newLeads: number } }[] };
      receivables: { open: Record<string, number> };
      process: { approvalCycles: unknown[] };
      notes: string[];
    };
    // Only L4 came from the expo, and no order was made from it.
    expect(data.funnel.total[0]).toMatchObject({ stage: 'new', entered: 1 });
    expect(data.receivables.open).toEqual({});
    expect(data.process.approvalCycles).toEqual([]);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl}/dashboard?as=${ds.director}&${october}`);
    await page.waitForSelector('body[data-ready="true"]');
    // web as closeloop.yaml labels it in English; expo has no label and reads as its name.
    expect(await page.$$eval('#source option', (os) => os.map((o) => o.textContent))).toEqual([
      '—',
      'expo',
      'Website',
    ]);
    const entered = () => page.$eval('#stages tbody tr td:nth-child(2)', (td) => Number(td.textContent));
    expect(await entered()).toBe(6);
    const answered = page.waitForResponse(
      (r) => r.url().includes('/dashboard/api/report') && r.url().includes('source=expo'),
    );
    await page.selectOption('#source', 'expo');
    await answered;
    await page.waitForFunction(
      () => document.querySelector('#stages tbody tr td:nth-child(2)')?.textContent === '1',
    );
    expect(await entered()).toBe(data.funnel.total[0]?.entered);
    const dana = await page.$$eval('#kpi-table tbody tr', (rows) =>
      rows
        .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim()))
        .find((c) => c[0] === 'Dana Director'),
    );
    expect(Number(dana?.[1])).toBe(data.kpi.rows.find((r) => r.name === 'Dana Director')?.figures.newLeads);
    expect(Number(dana?.[1])).toBe(1);
    expect(await page.locator('#ar-note').isVisible()).toBe(true);
    expect(await page.textContent('#ar-note')).toBe(data.notes.join(' '));
    expect(data.notes[0]).toContain('an order entered without a lead is in no source or rule');
    await page.close();
  });

  it('runs under a policy with no inline allowance: a user picked, every report and filter, tooltips shown, nothing refused', async () => {
    const served = await fetch(`${baseUrl}/dashboard`);
    const csp = String(served.headers.get('content-security-policy'));
    expect(csp).not.toMatch(/unsafe-inline/);
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'(;|$)/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'(;|$)/);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Every script, style block or style="" the policy refuses, as the page itself hears of it.
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { refused: seen });
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`),
      );
    });
    const refused = () => page.evaluate(() => (window as unknown as { refused: string[] }).refused);
    await page.goto(`${baseUrl}/dashboard?${october}`);
    await page.waitForSelector('body[data-ready="true"]');
    const answered = (part: string) =>
      page.waitForResponse((r) => r.url().includes('/dashboard/api/report') && r.url().includes(part));
    const pick = async (select: string, value: string, part: string) => {
      const answer = answered(part);
      await page.selectOption(select, value);
      await answer;
      await page.waitForSelector('body[data-ready="true"]');
    };
    await pick('#as', ds.director, `as=${ds.director}`);
    for (const groupBy of ['rep', 'team', 'region', 'rule', 'campaign', 'source'])
      await pick('#groupBy', groupBy, `groupBy=${groupBy}`);
    await pick('#source', 'expo', 'source=expo');
    await pick('#source', '', 'groupBy=source');
    for (const report of ['Funnel', 'KPI', 'Receivables', 'Process'])
      await page.click(`nav a:text-is("${report}")`);

    // A bar chart's axis tooltip and the funnel's item tooltip: the names and figures are there to read.
    const hover = async (id: string, x: number, y: number) => {
      // Mid-screen, clear of the sticky header.
      await page.$eval(`#${id}`, (el) => el.scrollIntoView({ block: 'center' }));
      const box = await page.locator(`#${id}`).boundingBox();
      if (!box) throw new Error(`${id} is not on the page`);
      await page.mouse.move(box.x + box.width * x, box.y + y);
      const tip = page.locator(`#${id} .chart-tip`);
      await tip.waitFor({ state: 'visible' });
      return tip;
    };
    // Each line of a tooltip: its heading, then each series' name and figure.
    const lines = (tip: Locator) =>
      tip.evaluate((el) =>
        [...el.querySelectorAll('.tip-head, .tip-row')].map((line) =>
          [...line.children].length
            ? [...line.children].map((part) => part.textContent).filter(Boolean)
            : [line.textContent],
        ),
      );
    const kpi = await lines(await hover('chart-attainment', 0.6, 150));
    // The funnel's third stage, 3 of the 6 new leads contacted.
    const funnel = await lines(await hover('chart-funnel', 0.35, 155));
    expect(await refused()).toEqual([]);
    expect(kpi).toEqual([
      [expect.stringMatching(/^(Rita|Rosa|Ravi) Rep$/)],
      ['Attainment', expect.stringMatching(/^[\d.]+ %$/)],
    ]);
    expect(funnel.at(-1)).toEqual(['Contacted', '3']);
    await page.close();
  }, 60_000);

  it("lists each source and rule in the reader's words, as closeloop.yaml labels them, and filters by its name", async () => {
    const [zhou] = await database.db
      .insert(users)
      .values({ email: 'zhou@example.com', name: '周总', roles: ['director'], locale: 'zh-CN' })
      .returning({ id: users.id });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl}/dashboard?as=${zhou?.id}&${october}`);
    await page.waitForSelector('body[data-ready="true"]');
    const options = (id: string) =>
      page.$$eval(`#${id} option`, (os) => os.map((o) => [o.textContent, (o as HTMLOptionElement).value]));
    expect(await options('source')).toEqual([
      ['—', ''],
      ['官网', 'web'],
      ['expo', 'expo'],
    ]);
    expect(await options('rule')).toEqual(
      expect.arrayContaining([
        ['老客户', 'Existing customers'],
        ['华东制造业', 'East manufacturing'],
        ['华东其他行业', 'East everything else'],
        ['其他线索', 'Everyone else'],
      ]),
    );
    const answered = page.waitForResponse(
      (r) => r.url().includes('/dashboard/api/report') && r.url().includes('source=web'),
    );
    await page.selectOption('#source', { label: '官网' });
    expect((await answered).status()).toBe(200);
    await page.close();
    // The funnel grouped by source or rule names its groups the same way (the director reads English), as chat does.
    const grouped = async (by: string) => {
      const res = await fetch(`${baseUrl}/dashboard/api/report?as=${ds.director}&${october}&groupBy=${by}`);
      const body = (await res.json()) as { funnel: { groups: { label: string }[] } };
      return body.funnel.groups.map((g) => g.label);
    };
    const bySource = await grouped('source');
    expect(bySource).toContain('Website');
    expect(bySource).not.toContain('web');
    // October's leads came in before any rule: one group, named, not a blank cell.
    expect(await grouped('rule')).toEqual(['none']);
  });

  it('sorts the KPI table by a column when its header is clicked', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/dashboard?as=${ds.director}&${october}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#kpi-table th', { hasText: 'New leads' }).click();
    const column = async () =>
      await page.$$eval('#kpi-table tbody tr td:nth-child(2)', (tds) =>
        tds.map((td) => Number(td.textContent)),
      );
    const descending = await column();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await page.locator('#kpi-table th', { hasText: 'New leads' }).click();
    const ascending = await column();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.close();
  });

  it('fits a phone: no sideways scrolling of the page, charts as wide as the screen', async () => {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(`${baseUrl}/dashboard?as=${ds.director}&${october}`);
    await page.waitForSelector('body[data-ready="true"]');
    const sizes = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      chart: document.getElementById('chart-aging')?.getBoundingClientRect().width ?? 0,
    }));
    expect(sizes.scroll).toBeLessThanOrEqual(sizes.client);
    expect(sizes.chart).toBeGreaterThan(300);
    await page.close();
  });

  it('serves ECharts from its own origin and refuses an unknown viewer or a bad period by name', async () => {
    const js = await fetch(`${baseUrl}/dashboard/echarts.min.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await js.text()).length).toBeGreaterThan(500_000);
    const bad = await fetch(
      `${baseUrl}/dashboard/api/report?as=${ds.director}&from=2026-10-31&to=2026-10-01`,
    );
    expect(bad.status).toBe(400);
    const refused = (await bad.json()) as { field: string; message: string };
    expect(refused.field).toBe('to');
    // In the viewer's words (the org's language here), never the bare error code.
    expect(refused.message).toBe(
      '「2026-10-31..2026-10-01」不是期间：请写 今天、本周、本月、本季度 或 2026-10-01..2026-10-31（最长两年）。',
    );
    const unknown = await fetch(`${baseUrl}/dashboard/api/report?as=${ds.director}&period=fortnight`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toContain('「fortnight」不是期间');
    // One end alone is that one day, as in GET /api/exports.
    const oneDay = await fetch(`${baseUrl}/dashboard/api/report?as=${ds.director}&from=2026-10-06`);
    expect(oneDay.status).toBe(200);
    expect(((await oneDay.json()) as { period: unknown }).period).toEqual({
      kind: 'range',
      from: '2026-10-06',
      to: '2026-10-06',
    });
  });

  it('outside trial mode sends the page to sign-in and refuses its JSON with 401', async () => {
    const auth = webAuthPlugins({
      limits: { idleMs: 3_600_000, absoluteMs: 86_400_000 },
      trialAllowedByEnv: false,
      signInPerMinute: 0,
    });
    const closed = await buildServer({ deps, api: [], adapters: [...auth, dashboardPlugin], health: {} });
    const page = await closed.inject({ method: 'GET', url: '/dashboard' });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/auth/sign-in?next=%2Fdashboard');
    for (const url of ['/dashboard/api/report?as=x', '/dashboard/echarts.min.js']) {
      const res = await closed.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
    }
    await closed.close();
  });
});
