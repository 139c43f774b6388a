// Drives /console in a real headless Chromium: pick a rep, open the claim channel, click Claim, watch the card change.

import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDeps, systemClock, type UserRow } from '../../src/app/deps.ts';
import { createLead } from '../../src/app/leads/create-lead.ts';
import { consoleServer, deliver, seedRoster } from '../adapters/console/fixture.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';
import { webServer } from '../http/auth/fixture.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let browser: Browser;
let baseUrl: string;
let people: Record<string, UserRow>;
let delivering: ReturnType<typeof setInterval> | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: systemClock });
  people = await seedRoster(deps);
  await createLead(
    deps,
    { kind: 'api', keyName: 'website' },
    {
      name: '周杰',
      company: '星河贸易',
      email: 'zhou.jie@xinghe.example',
      region: 'east',
      industry: 'retail',
    },
  );
  app = await consoleServer(deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // Stands in for the app's delivery worker: the outbox reaches the console a few times a second.
  let busy = false;
  delivering = setInterval(() => {
    if (busy) return;
    busy = true;
    void deliver(deps).finally(() => {
      busy = false;
    });
  }, 200);
  browser = await launchChromium();
});

afterAll(async () => {
  clearInterval(delivering);
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function actAs(name: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/console`);
  const picker = page.getByRole('dialog');
  await picker.getByRole('searchbox').fill(name);
  await picker.getByRole('button', { name: new RegExp(name) }).click();
  await page.getByRole('button', { name: /# (East leads|华东线索群)/ }).click();
  return page;
}

describe('console in a browser', () => {
  it('a rep claims a lead and the card changes in place, for them and live for a colleague', async () => {
    const han = people.han?.name ?? '';
    const colleague = await actAs('李雷');
    const list = colleague.locator('#list');
    await expect.poll(() => list.getByRole('button', { name: '认领' }).count(), { timeout: 10_000 }).toBe(1);

    const page = await actAs('Han');
    const card = page.locator('.card', { hasText: '周杰' });
    await card.getByRole('button', { name: '认领' }).click();

    await expect
      .poll(() => page.locator('#list .card').first().textContent(), { timeout: 10_000 })
      .toContain(`${han} 已认领`);
    expect(await page.locator('#list').getByRole('button', { name: '认领' }).count()).toBe(0);
    expect(await page.locator('.ephemeral').textContent()).toContain('Only visible to you');

    // The colleague never reloads: the poll brings the edited card.
    await expect
      .poll(() => list.locator('.card').first().textContent(), { timeout: 10_000 })
      .toContain(`${han} 已认领`);
    expect(await list.getByRole('button', { name: '认领' }).count()).toBe(0);
  }, 60_000);

  it('the roster picker and the sidebar show a region by its label in the reader’s language, and find it by label', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/console`);
    const picker = page.getByRole('dialog');
    await picker.getByRole('searchbox').fill('华北');
    await expect
      .poll(() => picker.locator('#people').textContent(), { timeout: 10_000 })
      .toContain('销售 · 华北');
    expect(await picker.locator('#people').textContent()).not.toContain('north');
    await picker.getByRole('searchbox').fill('Han');
    await picker.getByRole('button', { name: /Han/ }).click();
    await expect.poll(() => page.locator('#me').textContent(), { timeout: 10_000 }).toContain('· East');
    await context.close();
  }, 60_000);

  it('the composer runs a text command and shows the private answer', async () => {
    const page = await actAs('Han');
    await page.getByRole('textbox', { name: 'Command' }).fill('help');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => page.locator('.ephemeral .card .title').textContent(), { timeout: 10_000 })
      .toBe('closeloop commands');
  }, 60_000);

  it("on a phone-width screen the sidebar folds behind a menu button, and message times are in the person's zone, not the browser's", async () => {
    // The browser is in New York; the roster gives nobody a zone, so the org's (Asia/Shanghai) applies.
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      timezoneId: 'America/New_York',
    });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/console`);
    const picker = page.getByRole('dialog');
    await picker.getByRole('searchbox').fill('Han');
    await picker.getByRole('button', { name: /Han/ }).click();
    const channel = page.getByRole('button', { name: '# East leads' });
    // The conversation list is in the page (loaded) but folded away.
    await page
      .getByRole('button', { name: '# East leads', includeHidden: true })
      .waitFor({ state: 'attached' });
    expect(await channel.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Conversations' }).click();
    await expect.poll(() => channel.isVisible(), { timeout: 10_000 }).toBe(true);
    await channel.click();
    // Picking a conversation folds the sidebar again and shows it.
    await expect.poll(() => channel.isVisible(), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => page.locator('#list .card').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const [row] = (
      await database.pool.query<{ created_at: Date }>(
        `select created_at from console_messages order by created_at asc limit 1`,
      )
    ).rows;
    const shanghai = new Date(row?.created_at ?? 0).toLocaleTimeString('en', {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'Asia/Shanghai',
    });
    expect(await page.locator('#list .meta').first().textContent()).toContain(shanghai);
    await context.close();
  }, 60_000);
  it('in trial mode on a phone the banner pushes the page down: the menu button is not covered, the composer is on screen, and the banner speaks the person’s language', async () => {
    // As `npm start` serves it: with web sign-in, in trial mode (no account yet, loopback).
    const trial = await webServer(deps);
    await trial.listen({ host: '127.0.0.1', port: 0 });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(trial.server.address() as AddressInfo).port}/console`);
    const picker = page.getByRole('dialog');
    await picker.getByRole('searchbox').fill('Han');
    await picker.getByRole('button', { name: /Han/ }).click();
    const banner = page.getByRole('status').filter({ hasText: /Trial mode|试用模式/ });
    await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toContain('Trial mode');
    expect(await page.locator('#brand').textContent()).toBe('closeloop console');
    // What a tap on the menu button reaches: the button itself, not the banner lying over it.
    const tapped = await page.evaluate(() => {
      const box = document.getElementById('menu')?.getBoundingClientRect();
      if (!box) return 'no menu';
      return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)?.id ?? 'nothing';
    });
    expect(tapped).toBe('menu');
    const send = await page.getByRole('button', { name: 'Send' }).boundingBox();
    expect((send?.y ?? Number.POSITIVE_INFINITY) + (send?.height ?? 0)).toBeLessThanOrEqual(844);
    await page.getByRole('button', { name: 'Conversations' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: '# East leads' }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    await context.close();
    await trial.close();
  }, 60_000);
});
