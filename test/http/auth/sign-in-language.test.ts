// The language the sign-in page and its errors speak: the person's when the server knows who it is (signed in, or the
// one a sign-in link was made for), else the browser's Accept-Language (zh* → 简体中文, anything else → English), else
// the org's. The org here is zh-CN; 李雷 reads Chinese and Han Meimei English.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { issueSignInLink } from '../../../src/app/signin/issue-sign-in-link.ts';
import { setPassword } from '../../../src/app/signin/set-password.ts';
import { seedRoster } from '../../adapters/console/fixture.ts';
import { createTestDatabase, type TestDatabase, truncateTables } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { sessionCookieOf, webServer } from './fixture.ts';

const cli = { kind: 'system', name: 'cli' } as const;
const password = 'correct horse battery staple';

let database: TestDatabase;
let deps: AppDeps;
let people: Record<string, UserRow>;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  people = await seedRoster(deps);
  app = await webServer(deps, {}, {});
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

beforeEach(async () => {
  await truncateTables(database, 'web_sessions, web_sign_in_links, web_accounts, audit_log');
  await setPassword(deps, cli, { email: people.li?.email ?? '', password });
});

const session = (headers: Record<string, string>) =>
  app.inject({ method: 'GET', url: '/auth/session', headers }).then((r) => r.json());

describe('the sign-in page’s language', () => {
  it.each([
    ['en-US,en;q=0.9', 'en', 'Sign in to closeloop'],
    ['de-DE,de;q=0.9,zh-CN;q=0.5', 'en', 'Sign in to closeloop'],
    ['zh-TW,zh;q=0.9,en;q=0.8', 'zh-CN', '登录 closeloop'],
    ['en;q=0.3, zh-Hans;q=0.8', 'zh-CN', '登录 closeloop'],
    ['*', 'zh-CN', '登录 closeloop'],
  ])('follows a browser asking for %j (%s)', async (acceptLanguage, locale, title) => {
    const info = await session({ 'accept-language': acceptLanguage });
    expect(info.locale).toBe(locale);
    expect(info.texts.title).toBe(title);
  });

  it('without Accept-Language it is the org’s', async () => {
    expect((await session({})).texts.title).toBe('登录 closeloop');
  });

  it('opened with Han’s sign-in link it is English in a Chinese browser, and 李雷’s Chinese in an English one', async () => {
    const han = await issueSignInLink(deps, cli, people.han?.email ?? '');
    const li = await issueSignInLink(deps, cli, people.li?.email ?? '');
    const forHan = await session({ 'accept-language': 'zh-CN', 'x-sign-in-link': han.token });
    expect(forHan.texts.linkSubmit).toBe('Continue');
    const forLi = await session({ 'accept-language': 'en-US', 'x-sign-in-link': li.token });
    expect(forLi.texts.linkSubmit).toBe('继续');
    // An unknown link says nothing about anyone: the browser's language.
    const unknown = await session({ 'accept-language': 'en-US', 'x-sign-in-link': 'x'.repeat(43) });
    expect(unknown.texts.linkSubmit).toBe('Continue');
  });

  it('signed in, it is the person’s whatever the browser asks', async () => {
    await setPassword(deps, cli, { email: people.han?.email ?? '', password });
    const res = await app.inject({
      method: 'POST',
      url: '/auth/password',
      payload: { email: people.han?.email, password },
    });
    const cookie = sessionCookieOf(res.headers['set-cookie']);
    const info = await session({ cookie, 'accept-language': 'zh-CN' });
    expect(info.texts.signOut).toBe('Sign out');
  });
});

describe('sign-in errors', () => {
  it('a wrong password is refused in the browser’s language, never in the language of the email’s owner', async () => {
    const english = await app.inject({
      method: 'POST',
      url: '/auth/password',
      headers: { 'accept-language': 'en-GB' },
      payload: { email: people.li?.email, password: 'not the password at all' },
    });
    expect(english.statusCode).toBe(401);
    expect(english.json().message).toMatch(/^That email and password do not match/);
    const chinese = await app.inject({
      method: 'POST',
      url: '/auth/password',
      headers: { 'accept-language': 'zh-CN' },
      payload: { email: people.han?.email, password: 'not the password at all' },
    });
    expect(chinese.json().message).toMatch(/^邮箱与密码不匹配/);
  });

  it('a used link is refused in its person’s language', async () => {
    const han = await issueSignInLink(deps, cli, people.han?.email ?? '');
    const use = () =>
      app.inject({
        method: 'POST',
        url: '/auth/link',
        headers: { 'accept-language': 'zh-CN' },
        payload: { token: han.token },
      });
    expect((await use()).statusCode).toBe(200);
    const again = await use();
    expect(again.statusCode).toBe(401);
    expect(again.json().message).toMatch(/^This sign-in link was already used or has expired/);
  });

  it('the console’s refusals speak the browser’s language before sign-in and the person’s after', async () => {
    const before = await app.inject({
      method: 'GET',
      url: '/console/api/users',
      headers: { 'accept-language': 'en-US' },
    });
    expect(before.statusCode).toBe(401);
    expect(before.json().message).toBe('Sign in first: open /auth/sign-in.');
    await setPassword(deps, cli, { email: people.han?.email ?? '', password });
    const res = await app.inject({
      method: 'POST',
      url: '/auth/password',
      payload: { email: people.han?.email, password },
    });
    const cookie = sessionCookieOf(res.headers['set-cookie']);
    const csrfless = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      headers: { cookie, 'accept-language': 'zh-CN' },
      payload: { as: people.han?.id, text: 'help' },
    });
    expect(csrfless.statusCode).toBe(403);
    expect(csrfless.json().message).toMatch(/^This request lacks the page's security token/);
  });
});
