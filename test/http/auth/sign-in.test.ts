// Web sign-in as a person and an attacker meet it: trial mode and when it ends, password and one-time-link sign-in,
// the cookie's attributes, CSRF and Origin refusals, "as" spoofing, idle and absolute expiry, logout, rate limits.
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { issueSignInLink } from '../../../src/app/signin/issue-sign-in-link.ts';
import { setPassword } from '../../../src/app/signin/set-password.ts';
import { auditLog, webSessions } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { safeNext } from '../../../src/http/auth/sign-in-routes.ts';
import { seedRoster } from '../../adapters/console/fixture.ts';
import { type TestClock, testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase, truncateTables } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { hour, sessionCookieOf, webServer } from './fixture.ts';

const cli = { kind: 'system', name: 'cli' } as const;
const password = 'correct horse battery staple';

let database: TestDatabase;
let clock: TestClock;
let deps: AppDeps;
let people: Record<string, UserRow>;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  clock = testClock('2026-11-02T02:00:00Z');
  deps = testDeps(database, { clock });
  people = await seedRoster(deps);
  app = await webServer(deps);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

beforeEach(async () => {
  clock.set('2026-11-02T02:00:00Z');
  await truncateTables(database, 'web_sessions, web_sign_in_links, web_accounts, audit_log');
});

async function signIn(email = people.li?.email ?? '', pw = password) {
  return app.inject({ method: 'POST', url: '/auth/password', payload: { email, password: pw } });
}

async function signedIn() {
  await setPassword(deps, cli, { email: people.li?.email ?? '', password });
  const res = await signIn();
  expect(res.statusCode).toBe(200);
  const cookie = sessionCookieOf(res.headers['set-cookie']);
  const session = await app.inject({ method: 'GET', url: '/auth/session', headers: { cookie } });
  return { cookie, csrf: (session.json() as { csrf: string }).csrf };
}

async function auditActions() {
  const rows = await database.db.select().from(auditLog);
  return rows.map((r) => ({ action: r.action, platform: r.platform, actorId: r.actorId }));
}

describe('trial mode', () => {
  it('serves the console and dashboard without sign-in while no account exists, and says so', async () => {
    const session = await app.inject({ method: 'GET', url: '/auth/session' });
    expect(session.json()).toMatchObject({ mode: 'trial' });
    expect(session.json().texts.trialBanner).toMatch(/试用模式/);
    const users = await app.inject({ method: 'GET', url: '/console/api/users' });
    expect(users.statusCode).toBe(200);
    const feed = await app.inject({ method: 'GET', url: `/console/api/feed?as=${people.han?.id}` });
    expect(feed.statusCode).toBe(200);
  });

  it('ends as soon as one person has a password: pages go to sign-in, their JSON answers 401', async () => {
    await setPassword(deps, cli, { email: people.manager?.email ?? '', password });
    const page = await app.inject({ method: 'GET', url: '/console' });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/auth/sign-in?next=%2Fconsole');
    for (const url of [
      '/console/api/users',
      `/console/api/feed?as=${people.li?.id}`,
      '/dashboard/api/users',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toBe('sign_in_required');
    }
    const command = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      payload: { as: people.li?.id, text: 'help' },
    });
    expect(command.statusCode).toBe(401);
  });

  it('ends with a one-time link too, and never runs where the environment does not allow it', async () => {
    await issueSignInLink(deps, cli, people.manager?.email ?? '');
    expect((await app.inject({ method: 'GET', url: '/console/api/users' })).statusCode).toBe(401);
    await truncateTables(database, 'web_sign_in_links, web_accounts');
    const closed = await webServer(deps, { trialAllowedByEnv: false });
    expect((await closed.inject({ method: 'GET', url: '/console/api/users' })).statusCode).toBe(401);
    expect((await closed.inject({ method: 'GET', url: '/auth/session' })).json().mode).toBe('none');
    await closed.close();
  });
});

describe('password sign-in', () => {
  it('a wrong password or unknown email is refused alike, audited, and starts no session', async () => {
    await setPassword(deps, cli, { email: people.li?.email ?? '', password });
    const wrong = await signIn(people.li?.email, 'not the password at all');
    const unknown = await signIn('nobody@example.com', password);
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toMatch(/不匹配/);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(await countRows(database, 'web_sessions')).toBe(0);
    const failures = (await auditActions()).filter((a) => a.action === 'web.sign_in_failed');
    expect(failures).toEqual([
      { action: 'web.sign_in_failed', platform: 'web', actorId: people.li?.id },
      { action: 'web.sign_in_failed', platform: 'system', actorId: null },
    ]);
    // The typed password is nowhere in the audit log.
    expect(JSON.stringify(await database.db.select().from(auditLog))).not.toContain('not the password');
  });

  it('the right one sets an HttpOnly, SameSite=Lax cookie whose token is stored only hashed', async () => {
    await setPassword(deps, cli, { email: people.li?.email ?? '', password });
    const res = await signIn(people.li?.email?.toUpperCase());
    expect(res.statusCode).toBe(200);
    const line = [res.headers['set-cookie']].flat()[0] ?? '';
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Lax/);
    expect(line).toMatch(/Path=\//);
    expect(line).not.toMatch(/Secure/);
    const token = sessionCookieOf(res.headers['set-cookie']).split('=')[1] ?? '';
    expect(token.length).toBeGreaterThanOrEqual(43);
    const [row] = await database.db.select().from(webSessions);
    expect(row?.idHash).not.toBe(token);
    expect(row?.userId).toBe(people.li?.id);
    expect(await auditActions()).toContainEqual({
      action: 'web.sign_in',
      platform: 'web',
      actorId: people.li?.id,
    });
  });

  it('behind https the cookie is Secure', async () => {
    const secure = await webServer(deps, { publicUrl: 'https://crm.acme.cn' });
    await setPassword(deps, cli, { email: people.li?.email ?? '', password });
    const res = await secure.inject({
      method: 'POST',
      url: '/auth/password',
      headers: { host: 'crm.acme.cn', origin: 'https://crm.acme.cn' },
      payload: { email: people.li?.email, password },
    });
    expect(res.statusCode).toBe(200);
    expect([res.headers['set-cookie']].flat()[0]).toMatch(/Secure/);
    await secure.close();
  });

  it('a password shorter than 12 characters is refused naming the field, and sets nothing', async () => {
    const error = await setPassword(deps, cli, { email: people.li?.email ?? '', password: 'short' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).field).toBe('password');
    expect(await countRows(database, 'web_accounts')).toBe(0);
  });

  it('after too many attempts from one address it answers 429, while a signed-in person keeps working', async () => {
    const limited = await webServer(deps, { signInPerMinute: 3 });
    await setPassword(deps, cli, { email: people.li?.email ?? '', password });
    const ok = await limited.inject({
      method: 'POST',
      url: '/auth/password',
      payload: { email: people.li?.email, password },
    });
    const cookie = sessionCookieOf(ok.headers['set-cookie']);
    const attempts = [];
    for (let i = 0; i < 3; i++)
      attempts.push(
        await limited.inject({
          method: 'POST',
          url: '/auth/password',
          payload: { email: people.li?.email, password: 'guess guess guess' },
        }),
      );
    expect(attempts.map((a) => a.statusCode)).toEqual([401, 401, 429]);
    expect(attempts[2]?.json().message).toMatch(/尝试过多/);
    const feed = await limited.inject({
      method: 'GET',
      url: `/console/api/feed?as=${people.li?.id}`,
      headers: { cookie },
    });
    expect(feed.statusCode).toBe(200);
    await limited.close();
  });
});

describe('signed in', () => {
  it('acts only as the signed-in person: another "as" is 403 and changes nothing', async () => {
    const { cookie, csrf } = await signedIn();
    const mine = await app.inject({
      method: 'GET',
      url: `/console/api/feed?as=${people.li?.id}`,
      headers: { cookie },
    });
    expect(mine.statusCode).toBe(200);
    const spoofed = await app.inject({
      method: 'GET',
      url: `/console/api/feed?as=${people.manager?.id}`,
      headers: { cookie },
    });
    expect(spoofed.statusCode).toBe(403);
    expect(spoofed.json().error).toBe('not_you');
    const before = await countRows(database, 'leads');
    const command = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { as: people.manager?.id, text: 'lead new 张三 13800138000 company:星河' },
    });
    expect(command.statusCode).toBe(403);
    expect(await countRows(database, 'leads')).toBe(before);
    const report = await app.inject({
      method: 'GET',
      url: `/dashboard/api/report?as=${people.manager?.id}`,
      headers: { cookie },
    });
    expect(report.statusCode).toBe(403);
  });

  it('a POST without the CSRF token, with a wrong one, or from another site is refused', async () => {
    const { cookie, csrf } = await signedIn();
    const body = { as: people.li?.id, text: 'help' };
    const none = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      headers: { cookie },
      payload: body,
    });
    const wrong = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      headers: { cookie, 'x-csrf-token': `${csrf}x` },
      payload: body,
    });
    const foreign = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      headers: { cookie, 'x-csrf-token': csrf, origin: 'http://evil.example' },
      payload: body,
    });
    expect([none, wrong, foreign].map((r) => [r.statusCode, r.json().error])).toEqual([
      [403, 'csrf'],
      [403, 'csrf'],
      [403, 'cross_origin'],
    ]);
    const good = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      headers: { cookie, 'x-csrf-token': csrf, origin: 'http://localhost:80' },
      payload: body,
    });
    expect(good.statusCode).toBe(200);
  });

  it('a signed-in session survives a working day but ends after 8 hours idle; the row is gone', async () => {
    const { cookie } = await signedIn();
    const feed = () =>
      app.inject({ method: 'GET', url: `/console/api/feed?as=${people.li?.id}`, headers: { cookie } });
    clock.advance(7 * hour);
    expect((await feed()).statusCode).toBe(200);
    clock.advance(7 * hour);
    expect((await feed()).statusCode).toBe(200);
    clock.advance(8 * hour);
    expect((await feed()).statusCode).toBe(401);
    expect(await countRows(database, 'web_sessions')).toBe(0);
  });

  it('ends 7 days after sign-in however busy the person is', async () => {
    const { cookie } = await signedIn();
    const feed = () =>
      app.inject({ method: 'GET', url: `/console/api/feed?as=${people.li?.id}`, headers: { cookie } });
    // Used every 6 hours (never idle) for 162 hours: still signed in; at 168 hours (7 days) it ends.
    for (let step = 0; step < 27; step++) {
      clock.advance(6 * hour);
      expect((await feed()).statusCode).toBe(200);
    }
    clock.advance(6 * hour);
    expect((await feed()).statusCode).toBe(401);
  });

  it('logout needs the CSRF token, deletes the session and clears the cookie; the old cookie is worthless', async () => {
    const { cookie, csrf } = await signedIn();
    const forged = await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie } });
    expect(forged.statusCode).toBe(403);
    expect(await countRows(database, 'web_sessions')).toBe(1);
    const out = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(200);
    expect([out.headers['set-cookie']].flat()[0]).toMatch(/closeloop_session=;/);
    expect(await countRows(database, 'web_sessions')).toBe(0);
    const after = await app.inject({
      method: 'GET',
      url: `/console/api/feed?as=${people.li?.id}`,
      headers: { cookie },
    });
    expect(after.statusCode).toBe(401);
    expect(await auditActions()).toContainEqual({
      action: 'web.sign_out',
      platform: 'web',
      actorId: people.li?.id,
    });
  });
});

describe('one-time sign-in link', () => {
  it('signs in once; a second use and an expired link are refused', async () => {
    const made = await issueSignInLink(deps, cli, people.manager?.email ?? '');
    const use = () => app.inject({ method: 'POST', url: '/auth/link', payload: { token: made.token } });
    const first = await use();
    expect(first.statusCode).toBe(200);
    const cookie = sessionCookieOf(first.headers['set-cookie']);
    const me = await app.inject({ method: 'GET', url: '/auth/session', headers: { cookie } });
    expect(me.json().user.id).toBe(people.manager?.id);
    const second = await use();
    expect(second.statusCode).toBe(401);
    expect(second.json().message).toMatch(/已被使用或已过期/);

    const late = await issueSignInLink(deps, cli, people.manager?.email ?? '');
    clock.advance(16 * 60_000);
    const expired = await app.inject({ method: 'POST', url: '/auth/link', payload: { token: late.token } });
    expect(expired.statusCode).toBe(401);
    const stored = await database.db
      .select()
      .from(webSessions)
      .where(and(eq(webSessions.method, 'link')));
    expect(stored).toHaveLength(1);
  });

  it('two clicks at once open exactly one session', async () => {
    const made = await issueSignInLink(deps, cli, people.manager?.email ?? '');
    const both = await Promise.all(
      [1, 2].map(() => app.inject({ method: 'POST', url: '/auth/link', payload: { token: made.token } })),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    expect(await countRows(database, 'web_sessions')).toBe(1);
  });
});

describe('the sign-in page', () => {
  it('runs only its own inline code (CSP by hash) and a rebound Host reaches it not', async () => {
    const page = await app.inject({ method: 'GET', url: '/auth/sign-in' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'sha256-/);
    expect(csp).not.toMatch(/unsafe-inline/);
    const rebound = await app.inject({
      method: 'GET',
      url: '/auth/sign-in',
      headers: { host: 'evil.example' },
    });
    expect(rebound.statusCode).toBe(421);
  });

  it.each([
    ['/dashboard?period=week', '/dashboard?period=week'],
    ['//evil.example/x', '/console'],
    ['/\\evil.example', '/console'],
    ['https://evil.example', '/console'],
    [undefined, '/console'],
  ])('next %j → %j', (next, to) => {
    expect(safeNext(next)).toBe(to);
  });
});
