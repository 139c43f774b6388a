// The server's outer guard as an attacker meets it: a rebound Host is refused, headers forbid framing and sniffing,
// pages run only their own inline code, and a flood from one key is slowed without touching another key.
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePlugin } from '../../adapters/console/plugin.ts';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { allowedHostsOf, consoleEnabled, parseEnv } from '../../src/config/env.ts';
import { auditApi } from '../../src/http/api/audit.ts';
import { guard, hostAllowed } from '../../src/http/guard.ts';
import { buildServer } from '../../src/http/server.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  app = await buildServer({
    deps,
    api: [auditApi],
    adapters: [consolePlugin],
    health: {},
    allowedHosts: ['crm.acme.cn'],
    apiRateLimitPerMinute: 3,
  });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('Host check (DNS rebinding)', () => {
  it.each([
    ['localhost:3000', 200],
    ['127.0.0.1:3000', 200],
    ['[::1]:3000', 200],
    ['crm.acme.cn', 200],
    ['CRM.ACME.CN:443', 200],
    ['evil.example', 421],
    ['crm.acme.cn.evil.example', 421],
  ])('Host %j → %i', async (host, status) => {
    const res = await app.inject({ method: 'GET', url: '/health', headers: { host } });
    expect(res.statusCode).toBe(status);
    if (status === 421) expect(res.json().message).toMatch(/Add it to PUBLIC_URL or ALLOWED_HOSTS/);
  });

  it('a rebound name reaches no console route either', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/console/api/users',
      headers: { host: 'evil.example' },
    });
    expect(res.statusCode).toBe(421);
  });

  it.each([
    [{ HOST: '127.0.0.1' }, [], true],
    [{ HOST: '0.0.0.0' }, 'any', false],
    [{ HOST: '0.0.0.0', PUBLIC_URL: 'https://crm.acme.cn' }, ['crm.acme.cn'], false],
    [{ HOST: '0.0.0.0', ALLOWED_HOSTS: 'a.example, B.example' }, ['a.example', 'b.example'], false],
    [{ HOST: '0.0.0.0', CLOSELOOP_CONSOLE: 'on' }, 'any', true],
    // A localhost name (RFC 6761): the Host check stays on, as for 127.0.0.1; no trial mode, since the system's
    // resolver may send the name to a LAN address.
    [{ HOST: 'app.localhost' }, [], false],
  ])('%j: hosts %j, trial console %s', (vars, hosts, console) => {
    const env = parseEnv(vars);
    expect(allowedHostsOf(env)).toEqual(hosts);
    expect(consoleEnabled(env)).toBe(console);
    expect(hostAllowed('localhost', allowedHostsOf(env))).toBe(true);
    expect(hostAllowed('', allowedHostsOf(env))).toBe(hosts === 'any');
  });
});

describe('security headers', () => {
  it('every answer forbids framing and MIME sniffing and carries a CSP', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(String(res.headers['content-security-policy'])).toMatch(/frame-ancestors 'none'/);
  });

  it('a route declared without them (a webhook no browser renders) answers bare; its neighbours keep them', async () => {
    const bare = Fastify();
    await bare.register(guard, { allowedHosts: 'any' });
    bare.post('/hook', { helmet: false }, async () => ({ ok: true }));
    bare.post('/page', async () => ({ ok: true }));
    bare.get('/hook', async () => ({ ok: true }));
    const [hook, page, hookGet] = await Promise.all([
      bare.inject({ method: 'POST', url: '/hook' }),
      bare.inject({ method: 'POST', url: '/page' }),
      bare.inject({ method: 'GET', url: '/hook' }),
    ]);
    await bare.close();
    expect(hook.statusCode).toBe(200);
    expect(hook.headers['content-security-policy']).toBeUndefined();
    expect(page.headers['content-security-policy']).toBeDefined();
    expect(hookGet.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('the console allows exactly its own inline script and style, by hash, and nothing inline else', async () => {
    const res = await app.inject({ method: 'GET', url: '/console' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).not.toMatch(/unsafe-inline/);
  });

  it('the API docs render in Chromium under a policy without inline style, opened and tried out', async () => {
    const docs = await app.inject({ method: 'GET', url: '/docs/static/index.html' });
    expect(String(docs.headers['content-security-policy'])).toMatch(/style-src 'self' 'sha256-/);
    expect(String(docs.headers['content-security-policy'])).not.toMatch(/unsafe-inline/);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/docs`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/.test(m.text())) violations.push(m.text());
      });
      await page.goto(url);
      await page.waitForSelector('.swagger-ui .info .title', { timeout: 15_000 });
      expect(await page.textContent('.swagger-ui .info .title')).toMatch(/closeloop API/);
      // An operation opened and tried out, and the key dialog: what a reader of the docs does.
      await page.locator('.opblock-summary').first().click();
      await page.locator('button.try-out__btn').first().click();
      await page.locator('.opblock-section .parameters input').first().waitFor({ state: 'visible' });
      await page.locator('button.authorize').first().click();
      await page.locator('.auth-container input').first().waitFor({ state: 'visible' });
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('rate limit on /api', () => {
  it('the fourth request in a minute from one key is 429 with Retry-After; another key is still served', async () => {
    const one = { authorization: `Bearer ${(await createApiKey(deps, 'flood')).key}` };
    const other = { authorization: `Bearer ${(await createApiKey(deps, 'calm')).key}` };
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push((await app.inject({ method: 'GET', url: '/api/audit', headers: one })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await app.inject({ method: 'GET', url: '/api/audit', headers: one });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await app.inject({ method: 'GET', url: '/api/audit', headers: other })).statusCode).toBe(200);
  });
});
