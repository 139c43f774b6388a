// "Sign in with Slack" against the fake Slack's OpenID Connect token endpoint: the redirect carries state and nonce,
// the callback maps the Slack person to the roster by Slack id or verified email, and a wrong state, a replayed
// state, a wrong nonce or someone not on the roster signs nobody in.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { auditLog, users } from '../../../src/db/schema.ts';
import { slackProvider, slackSignIn } from '../../../src/http/auth/slack-sign-in.ts';
import { seedRoster } from '../../adapters/console/fixture.ts';
import { type FakeSlack, startFakeSlack } from '../../adapters/slack/fake-slack.ts';
import { countRows, createTestDatabase, type TestDatabase, truncateTables } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { limits, sessionCookieOf, webServer } from './fixture.ts';

let database: TestDatabase;
let deps: AppDeps;
let people: Record<string, UserRow>;
let slack: FakeSlack;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  people = await seedRoster(deps);
  await database.db
    .update(users)
    .set({ slackUserId: 'U0LI' })
    .where(eq(users.id, people.li?.id ?? ''));
  slack = await startFakeSlack();
  const options = { limits, trialAllowedByEnv: false, signInPerMinute: 0 };
  const config = {
    clientId: '123.456',
    clientSecret: 'shh',
    apiUrl: slack.apiUrl,
    authorizeUrl: 'https://slack.com/openid/connect/authorize',
    redirectUri: 'https://crm.acme.cn/auth/slack/callback',
  };
  app = await webServer(deps, options, {
    providers: [slackProvider],
    plugins: [slackSignIn(options, config)],
  });
});

afterAll(async () => {
  await app?.close();
  await slack?.close();
  await database?.close();
});

beforeEach(async () => {
  await truncateTables(database, 'web_sessions, web_sign_in_states, audit_log');
});

// The browser's first hop: where /auth/slack sends it, and the state and nonce in that address.
async function start(next = '/dashboard') {
  const res = await app.inject({ method: 'GET', url: `/auth/slack?next=${encodeURIComponent(next)}` });
  expect(res.statusCode).toBe(302);
  const url = new URL(String(res.headers.location));
  return { url, state: url.searchParams.get('state') ?? '', nonce: url.searchParams.get('nonce') ?? '' };
}

const callback = (code: string, state: string) =>
  app.inject({ method: 'GET', url: `/auth/slack/callback?code=${code}&state=${encodeURIComponent(state)}` });

describe('Sign in with Slack', () => {
  it('redirects to Slack with the OpenID scopes, client id, redirect URI, state and nonce', async () => {
    const { url, state, nonce } = await start();
    expect(`${url.origin}${url.pathname}`).toBe('https://slack.com/openid/connect/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      scope: 'openid email profile',
      client_id: '123.456',
      redirect_uri: 'https://crm.acme.cn/auth/slack/callback',
    });
    expect(state.length).toBeGreaterThanOrEqual(43);
    expect(nonce.length).toBeGreaterThanOrEqual(43);
    expect(nonce).not.toBe(state);
  });

  it('signs in the roster person with that Slack id and goes where they were headed', async () => {
    const { state, nonce } = await start('/dashboard');
    slack.oidcGrants.set('code-li', {
      'https://slack.com/user_id': 'U0LI',
      nonce,
      email: 'someone@else.example',
    });
    const res = await callback('code-li', state);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/dashboard');
    const cookie = sessionCookieOf(res.headers['set-cookie']);
    const me = await app.inject({ method: 'GET', url: '/auth/session', headers: { cookie } });
    expect(me.json().user.id).toBe(people.li?.id);
    const token = slack.callsTo('openid.connect.token').at(-1)?.args;
    expect(token).toMatchObject({ client_id: '123.456', client_secret: 'shh', code: 'code-li' });
    // The state is used up: the same callback again signs nobody in.
    const again = await callback('code-li', state);
    expect(again.headers.location).toBe('/auth/sign-in?error=provider&provider=Slack');
  });

  it('falls back to a verified email, never an unverified one', async () => {
    const verified = await start();
    slack.oidcGrants.set('code-han', {
      'https://slack.com/user_id': 'U0HAN',
      nonce: verified.nonce,
      email: people.han?.email,
      email_verified: true,
    });
    const ok = await callback('code-han', verified.state);
    expect(ok.headers.location).toBe('/dashboard');

    const unverified = await start();
    slack.oidcGrants.set('code-wang', {
      'https://slack.com/user_id': 'U0WANG',
      nonce: unverified.nonce,
      email: people.wang?.email,
      email_verified: false,
    });
    const refused = await callback('code-wang', unverified.state);
    expect(refused.headers.location).toBe(
      `/auth/sign-in?error=not_on_roster&who=${encodeURIComponent(people.wang?.email ?? '')}`,
    );
    expect(await countRows(database, 'web_sessions')).toBe(1);
    const failed = await database.db.select().from(auditLog).where(eq(auditLog.action, 'web.sign_in_failed'));
    expect(failed.map((r) => r.entityId)).toEqual(['slack:U0WANG']);
  });

  it('a forged state, or an id_token with another nonce, signs nobody in', async () => {
    const forged = await callback('code-x', 'not-a-state-we-issued');
    expect(forged.headers.location).toBe('/auth/sign-in?error=provider&provider=Slack');
    const { state } = await start();
    slack.oidcGrants.set('code-replay', {
      'https://slack.com/user_id': 'U0LI',
      nonce: 'someone-elses-nonce',
    });
    const replayed = await callback('code-replay', state);
    expect(replayed.headers.location).toBe('/auth/sign-in?error=provider&provider=Slack');
    expect(replayed.headers['set-cookie']).toBeUndefined();
    expect(await countRows(database, 'web_sessions')).toBe(0);
  });

  it('the sign-in page offers the Slack button', async () => {
    const session = await app.inject({ method: 'GET', url: '/auth/session' });
    expect(session.json().providers).toEqual([{ id: 'slack', start: '/auth/slack' }]);
  });
});
