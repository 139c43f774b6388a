// The web app (console, dashboard, sign-in) as an attacker probes it once accounts exist: addresses that reach a route
// around the sign-in check, redirects after sign-in, and what a browser or proxy may keep of personal pages.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { setPassword } from '../../../src/app/signin/set-password.ts';
import { safeNext } from '../../../src/http/auth/sign-in-routes.ts';
import { seedRoster } from '../../adapters/console/fixture.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase, truncateTables } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { signedInCookie, webServer } from './fixture.ts';

const cli = { kind: 'system', name: 'cli' } as const;
const password = 'correct horse battery staple';

let database: TestDatabase;
let deps: AppDeps;
let people: Record<string, UserRow>;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  people = await seedRoster(deps);
  app = await webServer(deps);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

beforeEach(async () => {
  await truncateTables(database, 'web_sessions, web_sign_in_links, web_accounts');
  await setPassword(deps, cli, { email: people.li?.email ?? '', password });
});

const id = (who: string) => people[who]?.id ?? '';

describe('a percent-encoded address', () => {
  it('reaches the console and dashboard only through the same sign-in as the plain one', async () => {
    for (const url of ['/%63onsole/api/users', `/%64ashboard/api/report?as=${id('manager')}`]) {
      const res = await app.inject({ method: 'GET', url });
      expect([url, res.statusCode, res.json().error]).toEqual([url, 401, 'sign_in_required']);
    }
    const before = await countRows(database, 'leads');
    const forged = await app.inject({
      method: 'POST',
      url: '/%63onsole/api/command',
      headers: { origin: 'http://evil.example' },
      payload: { as: id('manager'), text: 'lead new 张三 13800138000 company:星河' },
    });
    expect(forged.statusCode).toBe(401);
    expect(await countRows(database, 'leads')).toBe(before);
  });

  it('still acts only as the signed-in person', async () => {
    const { cookie } = await signedInCookie(app, people.li?.email ?? '', password);
    const res = await app.inject({
      method: 'GET',
      url: `/c%6fnsole/api/feed?as=${id('manager')}`,
      headers: { cookie },
    });
    expect([res.statusCode, res.json().error]).toEqual([403, 'not_you']);
  });
});

describe('where sign-in goes next', () => {
  // A browser drops tabs and line breaks from an address, so "/\t/evil.example" is "//evil.example": another site.
  it.each(['/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/ /evil.example'])(
    'never another site, however %j is disguised',
    async (next) => {
      expect(safeNext(next)).toBe('/console');
      const res = await app.inject({
        method: 'POST',
        url: '/auth/password',
        payload: { email: people.li?.email, password, next },
      });
      expect(res.json().next).toBe('/console');
    },
  );

  it('keeps a path of this site, its query and fragment', () => {
    expect(safeNext('/dashboard?period=week&team=east#kpi')).toBe('/dashboard?period=week&team=east#kpi');
    expect(safeNext('/console?as=%E6%9D%8E')).toBe('/console?as=%E6%9D%8E');
  });
});

describe('what a browser or proxy may keep', () => {
  it('keeps none of the answers that carry a person’s data: feed, roster, reports', async () => {
    const { cookie } = await signedInCookie(app, people.li?.email ?? '', password);
    for (const url of [
      `/console/api/feed?as=${id('li')}`,
      '/console/api/users',
      `/console/api/suggest/customers?as=${id('li')}&q=星`,
      '/dashboard/api/users',
      `/dashboard/api/report?as=${id('li')}`,
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      expect([url, res.statusCode, res.headers['cache-control']]).toEqual([url, 200, 'no-store']);
    }
  });

  it('a refusal is not kept either, and the charting script still is', async () => {
    const refused = await app.inject({ method: 'GET', url: '/console/api/users' });
    expect([refused.statusCode, refused.headers['cache-control']]).toEqual([401, 'no-store']);
    const { cookie } = await signedInCookie(app, people.li?.email ?? '', password);
    const script = await app.inject({ method: 'GET', url: '/dashboard/echarts.min.js', headers: { cookie } });
    expect(script.headers['cache-control']).toBe('public, max-age=86400');
  });
});

describe('an export link', () => {
  it('downloads only for the person it was made for: another signed-in person holding it is refused', async () => {
    const li = await signedInCookie(app, people.li?.email ?? '', password);
    const made = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      headers: { cookie: li.cookie, 'x-csrf-token': li.csrf },
      payload: { as: id('li'), text: 'export leads' },
    });
    const link = new URL((made.json() as { download: { url: string } }).download.url);
    const path = `${link.pathname}${link.search}`;
    await setPassword(deps, cli, { email: people.wang?.email ?? '', password });
    const wang = await signedInCookie(app, people.wang?.email ?? '', password);
    const taken = await app.inject({ method: 'GET', url: path, headers: { cookie: wang.cookie } });
    expect(taken.statusCode).toBe(403);
    expect(taken.headers['content-disposition']).toBeUndefined();
    const own = await app.inject({ method: 'GET', url: path, headers: { cookie: li.cookie } });
    expect([own.statusCode, own.headers['content-disposition']]).toEqual([
      200,
      'attachment; filename="leads-all_2026-11-02.csv"',
    ]);
  });
});

describe('trial mode', () => {
  // A server bound to loopback is reached from elsewhere only through a proxy or tunnel on this machine, and that is
  // the internet acting as anyone on the roster: trial mode answers only addresses of this machine.
  it('answers only for this machine, not a published host name or through a proxy', async () => {
    await truncateTables(database, 'web_accounts');
    const asked = (headers: Record<string, string>) =>
      app.inject({ method: 'GET', url: '/console/api/users', headers });
    expect((await asked({ host: 'localhost:3000' })).statusCode).toBe(200);
    expect((await asked({ host: '127.0.0.1:3000' })).statusCode).toBe(200);
    const elsewhere: Record<string, string>[] = [
      { host: 'crm.acme.cn' },
      { host: '127.0.0.1:3000', 'x-forwarded-for': '203.0.113.9' },
      { host: 'localhost', forwarded: 'for=203.0.113.9;proto=https' },
    ];
    for (const headers of elsewhere) {
      const res = await asked(headers);
      expect([headers, res.statusCode, res.json().error]).toEqual([headers, 401, 'sign_in_required']);
    }
    const page = await app.inject({ method: 'GET', url: '/console', headers: { host: 'crm.acme.cn' } });
    expect(page.headers.location).toBe('/auth/sign-in?next=%2Fconsole');
    const session = await app.inject({
      method: 'GET',
      url: '/auth/session',
      headers: { host: 'crm.acme.cn' },
    });
    expect(session.json().mode).toBe('none');
  });

  it('CLOSELOOP_CONSOLE=on still opens it on every host the server answers for', async () => {
    await truncateTables(database, 'web_accounts');
    const forced = await webServer(deps, { trialForcedByEnv: true });
    const res = await forced.inject({
      method: 'GET',
      url: '/console/api/users',
      headers: { host: 'crm.acme.cn', 'x-forwarded-for': '203.0.113.9' },
    });
    expect(res.statusCode).toBe(200);
    await forced.close();
  });
});
