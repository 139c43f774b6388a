// Signs in with a password in a real headless Chromium: the console opens as that person (no switcher, no trial
// banner), the dashboard shows their view only, a hostile company name in a card is plain text, and sign-out works;
// the page speaks the browser's language, or the language of the person a sign-in link was made for.

import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDeps, systemClock, type UserRow } from '../../src/app/deps.ts';
import { issueSignInLink } from '../../src/app/signin/issue-sign-in-link.ts';
import { setPassword } from '../../src/app/signin/set-password.ts';
import { inTransaction } from '../../src/app/unit-of-work.ts';
import { deliver, seedRoster } from '../adapters/console/fixture.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';
import { webServer } from '../http/auth/fixture.ts';

const password = 'correct horse battery staple';
const hostileCompany = '[点此查看报价](http://evil.example/pay)';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let browser: Browser;
let baseUrl: string;
let people: Record<string, UserRow>;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: systemClock });
  people = await seedRoster(deps);
  await setPassword(deps, { kind: 'system', name: 'test' }, { email: people.manager?.email ?? '', password });
  // A card to the manager with untrusted text in a field and in the body.
  await inTransaction(deps, { kind: 'system', name: 'test' }, (uow) =>
    uow.post({ kind: 'user', userId: people.manager?.id ?? '' }, 'test:hostile', () => ({
      title: 'New lead',
      body: `From ${hostileCompany}`,
      fields: [{ label: 'Company', value: hostileCompany }],
      actions: [],
      tone: 'info',
    })),
  );
  await deliver(deps);
  app = await webServer(deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

describe('signing in to the web app', () => {
  it('password sign-in opens the console and the dashboard as that person only', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    await page.goto(`${baseUrl}/console`);
    await page.waitForURL(/\/auth\/sign-in\?next=%2Fconsole/);
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#email').fill(people.manager?.email ?? '');
    await page.locator('#password').fill('wrong password entirely');
    await page.locator('#submit').click();
    await expect.poll(() => page.locator('#err').textContent(), { timeout: 10_000 }).toMatch(/不匹配/);
    await page.locator('#password').fill(password);
    await page.locator('#submit').click();
    await page.waitForURL(`${baseUrl}/console`);

    const name = people.manager?.name ?? '';
    await expect.poll(() => page.locator('#me').textContent(), { timeout: 10_000 }).toContain(name);
    expect(await page.locator('#trial').isVisible()).toBe(false);
    expect(await page.locator('#picker').isVisible()).toBe(false);
    expect(await page.locator('#signout').isVisible()).toBe(true);
    // The hostile company is text: shown as typed, and no link anywhere in the conversation.
    const card = page.locator('#list .card', { hasText: 'New lead' });
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await card.textContent()).toContain(hostileCompany);
    expect(await page.locator('#list a').count()).toBe(0);
    // Clicking "me" offers no one else to act as.
    await page.locator('#me').click();
    expect(await page.locator('#picker').isVisible()).toBe(false);
    // A command goes through (CSRF token sent by the page).
    await page.getByRole('textbox', { name: 'Command' }).fill('help');
    await page.locator('#send').click();
    await expect.poll(() => page.locator('.ephemeral').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    await page.goto(`${baseUrl}/dashboard?period=month`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    expect(await page.locator('#as').isDisabled()).toBe(true);
    expect(await page.locator('#as').inputValue()).toBe(people.manager?.id);
    expect(await page.locator('#trial').isVisible()).toBe(false);
    expect(blocked).toEqual([]);

    await page.goto(`${baseUrl}/console`);
    await page.locator('#signout').click();
    await page.waitForURL(/\/auth\/sign-in/);
    const after = await page.request.get(`${baseUrl}/console/api/users`);
    expect(after.status()).toBe(401);
  }, 90_000);

  it('an English browser gets the sign-in page and its refusal in English, in a Chinese org', async () => {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(`${baseUrl}/auth/sign-in?next=%2Fconsole`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.title()).toBe('Sign in to closeloop');
    expect(await page.locator('#l-password').textContent()).toBe('Password');
    expect(await page.locator('#submit').textContent()).toBe('Sign in');
    await page.locator('#email').fill(people.manager?.email ?? '');
    await page.locator('#password').fill('wrong password entirely');
    await page.locator('#submit').click();
    await expect
      .poll(() => page.locator('#err').textContent(), { timeout: 10_000 })
      .toMatch(/^That email and password do not match/);
  }, 60_000);

  it('a sign-in link made for an English reader greets them in English in a Chinese browser', async () => {
    const made = await issueSignInLink(deps, { kind: 'system', name: 'test' }, people.han?.email ?? '');
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await page.goto(`${baseUrl}/auth/sign-in#link=${made.token}`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#link-intro').textContent()).toMatch(/^You opened a one-time sign-in link/);
    expect(await page.locator('#link-ok').textContent()).toBe('Continue');
    await page.locator('#link-ok').click();
    await page.waitForURL(`${baseUrl}/console`);
    await expect.poll(() => page.locator('#me').textContent(), { timeout: 10_000 }).toContain('Han Meimei');
  }, 60_000);

  it('an English-speaking person in a Chinese org signs out with an English button, as the rest of their console reads', async () => {
    await setPassword(deps, { kind: 'system', name: 'test' }, { email: people.han?.email ?? '', password });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/auth/sign-in?next=%2Fconsole`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#email').fill(people.han?.email ?? '');
    await page.locator('#password').fill(password);
    await page.locator('#submit').click();
    await page.waitForURL(`${baseUrl}/console`);
    await expect.poll(() => page.locator('#me').textContent(), { timeout: 10_000 }).toContain('Han Meimei');
    expect(await page.locator('#channels-h').textContent()).toBe('Channels');
    expect(await page.locator('#signout').textContent()).toBe('Sign out');
  }, 60_000);
});
