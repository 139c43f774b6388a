// The dashboard's header as a manager uses it in a real Chromium: a link with exact dates shows those dates as the
// period (not "month") and keeps them while other filters change, and every header label follows the viewer's
// language both ways when the viewer is switched.
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/deps.ts';
import { users } from '../../src/db/schema.ts';
import { dashboardPlugin } from '../../src/http/dashboard/plugin.ts';
import { buildServer } from '../../src/http/server.ts';
import { type Dataset, insertDataset } from '../app/reports/dataset.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

let database: TestDatabase;
let deps: AppDeps;
let ds: Dataset;
let app: FastifyInstance;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ds = await insertDataset(database);
  // The first-line manager reads Chinese; the director and everyone else English.
  await database.db.update(users).set({ locale: 'zh-CN' }).where(eq(users.id, ds.m1));
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
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

const selectedText = (page: Page, id: string) =>
  page.$eval(`#${id}`, (el) => {
    const select = el as HTMLSelectElement;
    return select.options[select.selectedIndex]?.textContent ?? '';
  });

// Picks `value` in the select `id` and waits for the report it asks for; returns that request's query.
async function pick(page: Page, id: string, value: string): Promise<URLSearchParams> {
  const asked = page.waitForResponse((r) => r.url().includes('/dashboard/api/report?'));
  await page.selectOption(`#${id}`, value);
  const response = await asked;
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  return new URL(response.url()).searchParams;
}

describe('/dashboard header', () => {
  it('shows the dates of a from/to link as the period and keeps them while other filters change', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl}/dashboard?as=${ds.director}&from=2026-10-01&to=2026-10-31`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await selectedText(page, 'period')).toBe('2026-10-01 – 2026-10-31');

    const byRep = await pick(page, 'groupBy', 'rep');
    expect(byRep.get('from')).toBe('2026-10-01');
    expect(byRep.get('to')).toBe('2026-10-31');
    expect(await selectedText(page, 'period')).toBe('2026-10-01 – 2026-10-31');
    const bySource = await pick(page, 'source', 'web');
    expect(bySource.get('from')).toBe('2026-10-01');
    expect(await selectedText(page, 'period')).toBe('2026-10-01 – 2026-10-31');

    // A period word picked replaces the dates.
    const week = await pick(page, 'period', 'week');
    expect(week.get('period')).toBe('week');
    expect(week.get('from')).toBeNull();
    const back = await pick(page, 'team', '');
    expect(back.get('from')).toBeNull();
    expect(back.get('period')).toBe('week');
    await page.close();
  }, 90_000);

  it('switches every header label to English when an English viewer is picked after a Chinese one', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl}/dashboard?as=${ds.m1}&period=month`);
    await page.waitForSelector('body[data-ready="true"]');
    const labels = () =>
      page.$$eval('header label > span, header nav a, main h2, #period option, #groupBy option', (els) =>
        els.map((el) => el.textContent ?? ''),
      );
    const chinese = await labels();
    expect(chinese).toContain('期间');
    expect(chinese).toContain('销售漏斗');
    expect(chinese).toContain('本月');

    await pick(page, 'as', ds.director);
    const english = await labels();
    expect(english.filter((text) => /\p{Script=Han}/u.test(text))).toEqual([]);
    expect(english).toContain('Period');
    expect(english).toContain('Funnel');
    expect(english).toContain('Top overdue customers');
    expect(english).toContain('this month');
    await page.close();
  }, 90_000);
});
