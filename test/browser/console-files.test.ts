// Drives the console's File… button in headless Chromium: the typed caption and the chosen file go up together.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleFilesPlugin } from '../../adapters/console/files.ts';
import { consolePlugin } from '../../adapters/console/plugin.ts';
import { type AppDeps, systemClock } from '../../src/app/deps.ts';
import { leads } from '../../src/db/schema.ts';
import { buildServer } from '../../src/http/server.ts';
import { seedRoster } from '../adapters/console/fixture.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let browser: Browser;
let baseUrl: string;
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: systemClock });
  await seedRoster(deps);
  dataDir = await mkdtemp(join(tmpdir(), 'closeloop-console-browser-'));
  app = await buildServer({
    deps,
    api: [],
    adapters: [consolePlugin, consoleFilesPlugin({ dataDir })],
    health: {},
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('console file upload in a browser', () => {
  it('a rep types "lead import", picks a CSV, and sees the import report privately', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/console`);
    const picker = page.getByRole('dialog');
    await picker.getByRole('searchbox').fill('Han');
    await picker.getByRole('button', { name: /Han/ }).click();

    await page.getByRole('textbox', { name: 'Command' }).fill('lead import');
    await page.locator('#file').setInputFiles({
      name: 'expo.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,email\nZhou Jie,zhou@xinghe.example\n'),
    });
    await expect
      .poll(() => page.locator('.ephemeral').last().textContent(), { timeout: 10_000 })
      .toContain('expo.csv: rows read 1 — new leads 1');
    expect(await page.getByRole('textbox', { name: 'Command' }).inputValue()).toBe('');
    expect((await deps.db.select({ name: leads.name }).from(leads)).map((l) => l.name)).toEqual(['Zhou Jie']);
  }, 60_000);
  it('"export leads" answers with a download link the person can click, not link markup shown as text', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/console`);
    const picker = page.getByRole('dialog');
    await picker.getByRole('searchbox').fill('Han');
    await picker.getByRole('button', { name: /Han/ }).click();
    await page.getByRole('textbox', { name: 'Command' }).fill('export leads');
    await page.getByRole('button', { name: 'Send' }).click();
    const link = page.locator('.ephemeral').getByRole('link', { name: /^leads-all_.*\.csv$/ });
    await link.waitFor({ timeout: 10_000 });
    expect(await page.locator('.ephemeral').textContent()).not.toContain('](');
    const download = page.waitForEvent('download');
    await link.click();
    expect((await download).suggestedFilename()).toMatch(/^leads-all_.*\.csv$/);
    await page.close();
  }, 60_000);
});
