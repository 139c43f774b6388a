// The Lark/Feishu v3 tenant token against the local fake Lark: fetched once with the app's id and secret, reused while
// it lives, fetched again once it is near its two hours, and a refused fetch fails the send without the secret ever
// reaching the log or the error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLarkClient } from '../../../adapters/lark/client.ts';
import { larkConfigFrom } from '../../../adapters/lark/config.ts';
import { createLarkTransport } from '../../../adapters/lark/transport.ts';
import type { Transport } from '../../../src/app/transport.ts';
import type { Card } from '../../../src/messages/model.ts';
import { type TestClock, testClock } from '../../helpers/clock.ts';
import { type FakeLark, larkLogRecorder, startFakeLark } from '../../helpers/lark.ts';

const TOKEN_ROUTE = 'POST /open-apis/auth/v3/tenant_access_token/internal';
const appSecret = 'sEcReT-tenant-token-5a4b3c2d1e';
const hour = 3_600_000;

const card: Card = { title: 'New lead to claim: 王芳', fields: [], actions: [], tone: 'info' };

let lark: FakeLark;
let clock: TestClock;
let transport: Transport;
// What the SDK and the transport printed, as the console would have printed it.
const { logged, record } = larkLogRecorder();

beforeAll(async () => {
  lark = await startFakeLark();
  // The SDK stamps the token's expiry with the real time; the cache reads it on this clock.
  clock = testClock(new Date());
  const config = larkConfigFrom({
    LARK_APP_ID: 'cli_token_app',
    LARK_APP_SECRET: appSecret,
    LARK_VERIFICATION_TOKEN: 'vtoken',
    LARK_DOMAIN: lark.url,
  });
  if (!config) throw new Error('the Lark config did not parse');
  transport = createLarkTransport(
    createLarkClient(config, { clock, logSink: { error: record, warn: record } }),
  );
});
afterAll(async () => {
  await lark?.close();
});

let sent = 0;
const send = () =>
  transport.post({ destination: 'ou_amy', card, locale: 'en', idempotencyKey: `token-test-${++sent}` });

// The calls one step made: the token fetches and the bearer each message went out with.
async function step(work: () => Promise<unknown>) {
  const start = lark.calls.length;
  const outcome = await work().then(
    () => null,
    (error: unknown) => error,
  );
  const calls = lark.calls.slice(start);
  return {
    outcome,
    tokenFetches: calls.filter((c) => `${c.method} ${c.path}` === TOKEN_ROUTE),
    bearers: calls.filter((c) => c.path === '/open-apis/im/v1/messages').map((c) => c.headers.authorization),
  };
}

describe('the v3 tenant token', () => {
  it('is fetched with the app id and secret before the first send, and reused while it lives', async () => {
    const first = await step(send);
    expect(first.outcome).toBeNull();
    expect(first.tokenFetches.map((c) => c.body)).toEqual([
      { app_id: 'cli_token_app', app_secret: appSecret },
    ]);
    expect(first.bearers).toEqual(['Bearer t-test-token']);

    // An hour and a half later (the fake grants 7200 s) the same token still serves.
    clock.advance(1.5 * hour);
    const later = await step(send);
    expect(later.tokenFetches).toEqual([]);
    expect(later.bearers).toEqual(['Bearer t-test-token']);
  });

  it('is fetched again once it is within minutes of expiring, and the new one is used', async () => {
    lark.failNext(TOKEN_ROUTE, {
      status: 200,
      body: { code: 0, msg: 'ok', tenant_access_token: 't-second-token', expire: 7200 },
    });
    // Two hours after the first fetch: inside the SDK's three-minute margin and past it.
    clock.advance(0.5 * hour);
    const refreshed = await step(send);
    expect(refreshed.outcome).toBeNull();
    expect(refreshed.tokenFetches).toHaveLength(1);
    expect(refreshed.bearers).toEqual(['Bearer t-second-token']);

    const next = await step(send);
    expect(next.tokenFetches).toEqual([]);
    expect(next.bearers).toEqual(['Bearer t-second-token']);
  });

  it('a refused fetch fails the send, is logged with Lark’s reason, and never with the secret', async () => {
    clock.advance(2 * hour);
    logged.length = 0;
    lark.failNext(TOKEN_ROUTE, { status: 400, body: { code: 10014, msg: 'app secret invalid' } });
    const refused = await step(send);
    expect(refused.tokenFetches).toHaveLength(1);
    expect(refused.tokenFetches[0]?.body).toMatchObject({ app_secret: appSecret });
    expect(refused.bearers).toEqual([]);
    expect(refused.outcome).toBeInstanceOf(Error);
    const error = refused.outcome as Error;
    expect(`${error.message} ${error.stack ?? ''}`).not.toContain(appSecret);
    expect(logged.join('\n')).toContain('app secret invalid');
    expect(logged.join('\n')).not.toContain(appSecret);

    // Lark answering 200 without a token (a business error) is no better: nothing cached, nothing leaked.
    lark.failNext(TOKEN_ROUTE, { status: 200, body: { code: 10003, msg: 'invalid param' } });
    const empty = await step(send);
    expect(empty.outcome).toBeInstanceOf(Error);
    expect(String((empty.outcome as Error).message)).toContain('10003');
    expect(String((empty.outcome as Error).message)).not.toContain(appSecret);
    expect(logged.join('\n')).not.toContain(appSecret);

    // Neither failure was cached: the next send fetches a token again and goes out with it.
    const recovered = await step(send);
    expect(recovered.tokenFetches).toHaveLength(1);
    expect(recovered.bearers).toEqual(['Bearer t-test-token']);
  });
});
