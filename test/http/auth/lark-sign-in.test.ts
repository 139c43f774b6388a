// "Sign in with Lark / Feishu" against the Lark stand-in's OAuth endpoints: the redirect carries state and a PKCE
// challenge, the callback trades the code (client secret + verifier), reads user_info and maps the person to the roster
// by open_id or directory email; a forged state, someone not on the roster or a refused token signs nobody in, and a
// refused token is logged without the app secret, and the callback's code and state stay out of the request log.
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { auditLog, users } from '../../../src/db/schema.ts';
import { larkProvider, larkSignIn, larkSignInConfigOf } from '../../../src/http/auth/lark-sign-in.ts';
import { seedRoster } from '../../adapters/console/fixture.ts';
import { countRows, createTestDatabase, type TestDatabase, truncateTables } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeLark, startFakeLark } from '../../helpers/lark.ts';
import type { LarkOAuthPerson } from '../../helpers/lark-oauth.ts';
import { limits, sessionCookieOf, webServer } from './fixture.ts';

const appSecret = 'lArK-sEcReT-7c1d9e0f2a3b';
let database: TestDatabase;
let deps: AppDeps;
let people: Record<string, UserRow>;
let lark: FakeLark;
let app: FastifyInstance;
let logged = '';

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  people = await seedRoster(deps);
  await database.db
    .update(users)
    .set({ larkOpenId: 'ou_li' })
    .where(eq(users.id, people.li?.id ?? ''));
  lark = await startFakeLark();
  lark.oauth.client = { id: 'cli_closeloop', secret: appSecret };
  const config = larkSignInConfigOf({
    LARK_APP_ID: 'cli_closeloop',
    LARK_APP_SECRET: appSecret,
    LARK_VERIFICATION_TOKEN: 'vt',
    LARK_DOMAIN: lark.url,
    PUBLIC_URL: 'https://crm.acme.cn/',
  });
  if (!config) throw new Error('Lark sign-in should be on with Lark credentials and PUBLIC_URL');
  const options = { limits, trialAllowedByEnv: false, signInPerMinute: 0 };
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logged += String(chunk);
      done();
    },
  });
  app = await webServer(deps, options, {
    providers: [larkProvider],
    plugins: [larkSignIn(options, config)],
    logger: { level: 'info', stream },
  });
});

afterAll(async () => {
  await app?.close();
  await lark?.close();
  await database?.close();
});

beforeEach(async () => {
  await truncateTables(database, 'web_sessions, web_sign_in_states, audit_log');
});

// The browser's first hop: where /auth/lark sends it, with the state and PKCE challenge Lark would keep.
async function start(next = '/dashboard') {
  const res = await app.inject({ method: 'GET', url: `/auth/lark?next=${encodeURIComponent(next)}` });
  expect(res.statusCode).toBe(302);
  const url = new URL(String(res.headers.location));
  return { url, state: url.searchParams.get('state') ?? '' };
}

// Lark's authorize page: the person agrees and Lark hands this code to the redirect URL.
function authorize(url: URL, code: string, person: LarkOAuthPerson) {
  lark.oauth.grants.set(code, {
    person,
    codeChallenge: url.searchParams.get('code_challenge') ?? '',
    redirectUri: url.searchParams.get('redirect_uri') ?? '',
  });
}

const callback = (code: string, state: string) =>
  app.inject({ method: 'GET', url: `/auth/lark/callback?code=${code}&state=${encodeURIComponent(state)}` });
const failed = `/auth/sign-in?error=provider&provider=${encodeURIComponent('Lark / 飞书')}`;

describe('Sign in with Lark / Feishu', () => {
  it('redirects to the authorize page with the app id, redirect URL, state and an S256 challenge', async () => {
    const { url, state } = await start();
    expect(`${url.origin}${url.pathname}`).toBe(`${lark.url}/open-apis/authen/v1/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'cli_closeloop',
      response_type: 'code',
      redirect_uri: 'https://crm.acme.cn/auth/lark/callback',
      code_challenge_method: 'S256',
    });
    expect(state.length).toBeGreaterThanOrEqual(43);
    expect(url.searchParams.get('code_challenge')?.length).toBe(43);
  });

  it('signs in the roster person with that open_id, and the console then acts as them', async () => {
    const { url, state } = await start('/console');
    authorize(url, 'code-li', { openId: 'ou_li', email: 'someone@else.example' });
    const res = await callback('code-li', state);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/console');
    const cookie = sessionCookieOf(res.headers['set-cookie']);
    const me = await app.inject({ method: 'GET', url: '/auth/session', headers: { cookie } });
    expect(me.json().user).toMatchObject({ id: people.li?.id, name: people.li?.name });
    const feed = await app.inject({
      method: 'GET',
      url: `/console/api/feed?as=${people.li?.id}`,
      headers: { cookie },
    });
    expect(feed.statusCode).toBe(200);
    const other = await app.inject({
      method: 'GET',
      url: `/console/api/feed?as=${people.han?.id}`,
      headers: { cookie },
    });
    expect(other.statusCode).toBe(403);
    const token = lark.calls.filter((c) => c.path === '/open-apis/authen/v2/oauth/token').at(-1)?.body;
    expect(token).toMatchObject({
      grant_type: 'authorization_code',
      client_id: 'cli_closeloop',
      client_secret: appSecret,
      code: 'code-li',
      redirect_uri: 'https://crm.acme.cn/auth/lark/callback',
    });
    // The state is used up: the same callback again signs nobody in.
    expect((await callback('code-li', state)).headers.location).toBe(failed);
  });

  it('falls back to the directory email when the open_id is not on the roster yet', async () => {
    const { url, state } = await start();
    authorize(url, 'code-han', { openId: 'ou_han_new', email: people.han?.email ?? '' });
    const res = await callback('code-han', state);
    expect(res.headers.location).toBe('/dashboard');
    const cookie = sessionCookieOf(res.headers['set-cookie']);
    const me = await app.inject({ method: 'GET', url: '/auth/session', headers: { cookie } });
    expect(me.json().user.id).toBe(people.han?.id);
  });

  it('someone not on the roster sees the same refusal page as on Slack, audited, no session', async () => {
    const { url, state } = await start();
    authorize(url, 'code-stranger', { openId: 'ou_stranger', email: 'stranger@other.example' });
    const res = await callback('code-stranger', state);
    expect(res.headers.location).toBe(
      `/auth/sign-in?error=not_on_roster&who=${encodeURIComponent('stranger@other.example')}`,
    );
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await countRows(database, 'web_sessions')).toBe(0);
    const refused = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'web.sign_in_failed'));
    expect(refused.map((r) => r.entityId)).toEqual(['lark:ou_stranger']);
  });

  it('a forged state, or a code traded without the verifier it was issued for, signs nobody in', async () => {
    const forged = await callback('code-x', 'not-a-state-we-issued');
    expect(forged.headers.location).toBe(failed);
    // A code issued to another sign-in (another challenge) is refused by Lark's PKCE check.
    const mine = await start();
    const theirs = await start();
    authorize(theirs.url, 'code-stolen', { openId: 'ou_li' });
    const stolen = await callback('code-stolen', mine.state);
    expect(stolen.headers.location).toBe(failed);
    expect(stolen.headers['set-cookie']).toBeUndefined();
    expect(await countRows(database, 'web_sessions')).toBe(0);
  });

  it('a refused token is logged with Lark’s reason but never the app secret, even when the answer echoes it', async () => {
    const { url, state } = await start();
    authorize(url, 'code-echo', { openId: 'ou_li' });
    lark.failNext('POST /open-apis/authen/v2/oauth/token', {
      status: 400,
      body: {
        code: 20024,
        error: 'invalid_client',
        error_description: `bad request {"client_id":"cli_closeloop","client_secret":"${appSecret}"}`,
        client_secret: appSecret,
      },
    });
    const res = await callback('code-echo', state);
    expect(res.headers.location).toBe(failed);
    expect(logged).toContain('lark sign-in: token exchange failed');
    expect(logged).toContain('20024');
    expect(logged).not.toContain(appSecret);
  });

  it('the request log shows the callback with its code and state cut: a code with its state signs someone in', async () => {
    const { url, state } = await start('/console');
    authorize(url, 'code-in-log-8f2c6a', { openId: 'ou_li' });
    const res = await callback('code-in-log-8f2c6a', state);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/console');
    const lines = logged.split('\n').filter((l) => l.includes('/auth/lark/callback'));
    expect(lines.length).toBeGreaterThan(0);
    expect(logged).toContain('/auth/lark/callback?code=[redacted]&state=[redacted]');
    expect(logged).not.toContain('code-in-log-8f2c6a');
    expect(logged).not.toContain(state);
  });

  it('the sign-in page offers the Lark button', async () => {
    const session = await app.inject({ method: 'GET', url: '/auth/session' });
    expect(session.json().providers).toEqual([{ id: 'lark', start: '/auth/lark' }]);
    expect(session.json().texts.withLark).toMatch(/Lark|飞书/);
  });

  it('is off for a bot-only Lark setup without PUBLIC_URL', () => {
    expect(larkSignInConfigOf({ LARK_APP_ID: 'cli_x', LARK_APP_SECRET: 's', LARK_MODE: 'ws' })).toBeNull();
  });
});
