// Drives /console in a real headless Chromium: finance works an exception card — Acknowledge asks first, Split… shows
// the bank line it splits.

import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDeps, systemClock } from '../../src/app/deps.ts';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { importRoster } from '../../src/app/roster/import-roster.ts';
import { consoleServer, deliver } from '../adapters/console/fixture.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: systemClock });
  await importRoster(
    deps,
    { kind: 'system', name: 'test' },
    ['name,email,roles,region,manager_email,locale', '陈静,chen.jing@example.com,finance,east,,zh-CN'].join(
      '\n',
    ),
  );
  const csv = ['date,amount,currency,payer,memo,bank_txn_id', '2026-11-09,50000.00,CNY,星河贸易,,B-1'].join(
    '\n',
  );
  await importStatement(deps, { kind: 'api', keyName: 'bank' }, { csv });
  await deliver(deps);
  app = await consoleServer(deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function financeChannel(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${baseUrl}/console`);
  const picker = page.getByRole('dialog');
  await picker.getByRole('searchbox').fill('陈静');
  await picker.getByRole('button', { name: /陈静/ }).click();
  await page.getByRole('button', { name: /# 财务群/ }).click();
  return page;
}

describe('console: working a reconciliation exception', () => {
  it('Acknowledge opens a dialog saying nothing is posted; cancelling it leaves the exception open', async () => {
    const page = await financeChannel();
    const card = page.locator('#list .card', { hasText: '星河贸易' });
    await card.getByRole('button', { name: '确认知悉' }).click();
    const dialog = page.locator('#ask');
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await dialog.locator('#ask-title').textContent()).toBe('只确认知悉、不匹配？');
    expect(await dialog.locator('#ask-text').textContent()).toContain(
      '这笔 ¥50,000.00 的流水仍为未匹配，不核销任何分期',
    );
    await dialog.getByRole('button', { name: '取消' }).click();
    const status = await database.pool.query('select status from recon_exceptions');
    expect(status.rows).toEqual([{ status: 'open' }]);
  }, 60_000);

  it('Split… opens a dialog showing the amount, the payer and what is left to allocate', async () => {
    const page = await financeChannel();
    const card = page.locator('#list .card', { hasText: '星河贸易' });
    await card.getByRole('button', { name: '拆分…' }).click();
    const dialog = page.locator('#ask');
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await dialog.locator('#ask-text').textContent()).toBe(
      '银行流水：¥50,000.00，付款人 星河贸易，记账日期 2026-11-09。待分配：¥50,000.00。',
    );
  }, 60_000);
});
