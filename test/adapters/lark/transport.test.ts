// The Lark transport against a local recording Lark: the exact API calls, the token reused, 429 retried once after the reset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import { createLarkClient } from '../../../adapters/lark/client.ts';
import { larkConfigFrom } from '../../../adapters/lark/config.ts';
import { createPacer } from '../../../adapters/lark/pacing.ts';
import { createLarkTransport, messageUuid, privateDestination } from '../../../adapters/lark/transport.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import { RetryableSendError, type Transport } from '../../../src/app/transport.ts';
import { inTransaction } from '../../../src/app/unit-of-work.ts';
import { EnvError } from '../../../src/config/env.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeLark, startFakeLark } from '../../helpers/lark.ts';

const card: Card = {
  title: 'New lead to claim: 王芳',
  body: 'From the website',
  fields: [{ label: 'Company', value: 'Hangzhou Precision' }],
  actions: [{ id: 'lead.claim', label: 'Claim', style: 'primary', value: 'lead-1' }],
  tone: 'info',
};

let lark: FakeLark;
let database: TestDatabase;
let transport: Transport;

beforeAll(async () => {
  lark = await startFakeLark();
  database = await createTestDatabase();
  const config = larkConfigFrom({
    LARK_APP_ID: 'cli_test_app',
    LARK_APP_SECRET: 'secret',
    LARK_VERIFICATION_TOKEN: 'vtoken',
    LARK_DOMAIN: lark.url,
  });
  transport = createLarkTransport(createLarkClient(config!));
});
afterAll(async () => {
  await lark?.close();
  await database?.close();
});

describe('Lark transport', () => {
  it('posts a card with im.v1.message.create: receive_id_type from the id, uuid from the idempotency key', async () => {
    const start = lark.calls.length;
    const first = await transport.post({
      destination: 'oc_leads_east',
      card,
      locale: 'zh-CN',
      idempotencyKey: 'lead:1:claim|lark|oc_leads_east|post',
    });
    const second = await transport.post({
      destination: 'ou_amy',
      card,
      locale: 'en',
      idempotencyKey: 'lead:1:offer|lark|ou_amy|post',
    });
    expect(first.messageId).toMatch(/^om_/);
    expect(second.messageId).not.toBe(first.messageId);
    const calls = lark.calls.slice(start);
    // One tenant token for both sends: the SDK caches it.
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /open-apis/auth/v3/tenant_access_token/internal',
      'POST /open-apis/im/v1/messages',
      'POST /open-apis/im/v1/messages',
    ]);
    expect(calls[0]?.body).toEqual({ app_id: 'cli_test_app', app_secret: 'secret' });
    const [, create, dm] = calls;
    expect(create?.headers.authorization).toBe('Bearer t-test-token');
    expect(create?.query).toEqual({ receive_id_type: 'chat_id' });
    expect(dm?.query).toEqual({ receive_id_type: 'open_id' });
    expect(create?.body).toMatchObject({
      receive_id: 'oc_leads_east',
      msg_type: 'interactive',
      uuid: messageUuid('lead:1:claim|lark|oc_leads_east|post'),
    });
    expect(String(create?.body.uuid).length).toBeLessThanOrEqual(50);
    const content = JSON.parse(String(create?.body.content));
    expect(content).toMatchObject({
      schema: '2.0',
      config: { update_multi: true },
      header: { title: { content: card.title }, template: 'blue' },
    });
    expect(JSON.stringify(content)).toContain('"action":"lead.claim","value":"lead-1"');
  });

  it('edits a card with im.v1.message.patch on its message id', async () => {
    const start = lark.calls.length;
    await transport.update({
      destination: 'oc_leads_east',
      messageId: 'om_0001',
      card: { ...card, title: 'Claimed by Amy Rep: 王芳', actions: [], tone: 'success' },
      locale: 'en',
      idempotencyKey: 'x',
    });
    const [patch] = lark.calls.slice(start);
    expect(`${patch?.method} ${patch?.path}`).toBe('PATCH /open-apis/im/v1/messages/om_0001');
    const content = JSON.parse(String(patch?.body.content));
    expect(content.header).toEqual({
      title: { tag: 'plain_text', content: 'Claimed by Amy Rep: 王芳' },
      template: 'green',
    });
  });

  it('classifies failures: 429 and code 99991400 retry after x-ogw-ratelimit-reset, 5xx retry, 400 is permanent', async () => {
    const send = () =>
      transport.post({ destination: 'ou_x', card, locale: 'en', idempotencyKey: `k${Math.random()}` });
    lark.failNext('POST /open-apis/im/v1/messages', {
      status: 429,
      headers: { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': '3' },
      body: { code: 99991400, msg: 'request trigger frequency limit' },
    });
    const limited = await send().catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RetryableSendError);
    expect((limited as RetryableSendError).retryAfterMs).toBe(3_000);

    lark.failNext('POST /open-apis/im/v1/messages', { status: 503, body: { code: 1, msg: 'busy' } });
    expect(await send().catch((e: unknown) => e)).toBeInstanceOf(RetryableSendError);

    lark.failNext('POST /open-apis/im/v1/messages', {
      status: 400,
      body: { code: 230002, msg: 'Bot/User can NOT be out of the chat.' },
    });
    const permanent = await send().catch((e: unknown) => e);
    expect(permanent).toBeInstanceOf(Error);
    expect(permanent).not.toBeInstanceOf(RetryableSendError);
    expect(String((permanent as Error).message)).toContain('230002');
  });

  it('a private reply in a group goes out as an ephemeral card; where Lark refuses one, to the person directly', async () => {
    const destination = privateDestination('oc_sales_team', 'ou_amy');
    const start = lark.calls.length;
    const sent = await transport.post({
      destination,
      card,
      locale: 'en',
      idempotencyKey: 'lark:reply:om_1|lark|p',
    });
    expect(sent.messageId).toMatch(/^om_eph_/);
    const [ephemeral] = lark.apiCalls().slice(-1);
    expect(`${ephemeral?.method} ${ephemeral?.path}`).toBe('POST /open-apis/ephemeral/v1/send');
    expect(ephemeral?.headers.authorization).toBe('Bearer t-test-token');
    expect(ephemeral?.body).toMatchObject({
      chat_id: 'oc_sales_team',
      open_id: 'ou_amy',
      msg_type: 'interactive',
    });
    // The card travels as an object here, not as a JSON string as in im.v1.message.create.
    expect(ephemeral?.body.card).toMatchObject({ schema: '2.0', header: { title: { content: card.title } } });

    // A topic group has no ephemeral cards: the answer reaches Amy as a direct message instead.
    lark.failNext('POST /open-apis/ephemeral/v1/send', {
      status: 400,
      body: { code: 230001, msg: 'topic chat does not support ephemeral card' },
    });
    const fallback = await transport.post({
      destination,
      card,
      locale: 'en',
      idempotencyKey: 'lark:reply:om_2|lark|p',
    });
    const calls = lark.calls.slice(start).map((c) => `${c.method} ${c.path}`);
    expect(calls.slice(-2)).toEqual(['POST /open-apis/ephemeral/v1/send', 'POST /open-apis/im/v1/messages']);
    const dm = lark.calls.at(-1);
    expect(dm?.query).toEqual({ receive_id_type: 'open_id' });
    expect(dm?.body).toMatchObject({ receive_id: 'ou_amy', uuid: messageUuid('lark:reply:om_2|lark|p') });
    expect(fallback.messageId).toBe(dm?.messageId);

    // A rate limit is retried as such, never turned into a direct message.
    lark.failNext('POST /open-apis/ephemeral/v1/send', {
      status: 429,
      headers: { 'x-ogw-ratelimit-reset': '2' },
      body: { code: 99991400, msg: 'request trigger frequency limit' },
    });
    const before = lark.calls.length;
    const limited = await transport
      .post({ destination, card, locale: 'en', idempotencyKey: 'lark:reply:om_3|lark|p' })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RetryableSendError);
    expect((limited as RetryableSendError).retryAfterMs).toBe(2_000);
    expect(lark.calls.slice(before).map((c) => c.path)).toEqual(['/open-apis/ephemeral/v1/send']);

    // Lark cannot edit an ephemeral card: a permanent failure, with no call made.
    const edit = await transport
      .update({ destination, messageId: sent.messageId, card, locale: 'en', idempotencyKey: 'e' })
      .catch((e: unknown) => e);
    expect(edit).toBeInstanceOf(Error);
    expect(edit).not.toBeInstanceOf(RetryableSendError);
    expect(lark.calls.length).toBe(before + 1);
  });

  it('a 429 on create through the outbox: retried after the reset, delivered once, remembered for edits', async () => {
    const clock = testClock('2026-11-02T02:00:00Z');
    const deps = testDeps(database, { clock, platforms: ['console', 'lark'] });
    await inTransaction(deps, { kind: 'system', name: 'test' }, (uow) =>
      uow.post({ kind: 'channel', name: 'leads-east' }, 'lead:42:claim', () => card),
    );
    lark.failNext('POST /open-apis/im/v1/messages', {
      status: 429,
      headers: { 'x-ogw-ratelimit-reset': '5' },
      body: { code: 99991400, msg: 'request trigger frequency limit' },
    });
    const start = lark.calls.length;
    const transports = { lark: transport, console: createConsoleTransport(deps) };
    // The console copy goes out; the Lark copy waits for the reset.
    expect(await deliverDue(deps, transports)).toMatchObject({ claimed: 2, sent: 1, retried: 1 });
    const row = await database.pool.query(
      `select status, next_attempt_at as next from outbox where platform = 'lark' and ref_key = 'lead:42:claim'`,
    );
    expect(row.rows[0].status).toBe('pending');
    expect(new Date(row.rows[0].next).getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(5_000);

    // Not before the reset…
    clock.advance(1_000);
    expect((await deliverDue(deps, transports)).claimed).toBe(0);
    clock.advance(5_000);
    expect(await deliverDue(deps, transports)).toMatchObject({ claimed: 1, sent: 1 });
    const creates = lark.calls.slice(start).filter((c) => c.path === '/open-apis/im/v1/messages');
    expect(creates).toHaveLength(2);
    // Both attempts carried the same uuid, so even a 429 that had in fact posted could not post twice.
    expect(new Set(creates.map((c) => c.body.uuid)).size).toBe(1);
    const refs = await database.pool.query(
      `select message_id from message_refs where platform = 'lark' and ref_key = 'lead:42:claim'`,
    );
    expect(refs.rows).toEqual([{ message_id: expect.stringMatching(/^om_/) }]);
    expect(await deliverDue(deps, transports)).toMatchObject({ claimed: 0 });
  });
});

describe('Lark configuration', () => {
  it('reads the cloud from LARK_DOMAIN and refuses half a configuration with every problem named', () => {
    expect(larkConfigFrom({})).toBeNull();
    const base = { LARK_APP_ID: 'cli_a', LARK_APP_SECRET: 's', LARK_VERIFICATION_TOKEN: 't' };
    expect(larkConfigFrom(base)?.domain).toBe('https://open.feishu.cn');
    expect(larkConfigFrom({ ...base, LARK_DOMAIN: 'lark' })?.domain).toBe('https://open.larksuite.com');
    expect(larkConfigFrom({ ...base, LARK_DOMAIN: 'http://127.0.0.1:9/' })?.domain).toBe(
      'http://127.0.0.1:9',
    );
    expect(larkConfigFrom({ ...base, LARK_MODE: 'ws' })?.mode).toBe('ws');
    const broken = (() => {
      try {
        larkConfigFrom({ LARK_APP_ID: 'cli_a', LARK_DOMAIN: 'larksuite', LARK_MODE: 'socket' });
      } catch (e) {
        return e;
      }
    })();
    expect(broken).toBeInstanceOf(EnvError);
    const problems = (broken as EnvError).problems.join('\n');
    for (const name of ['LARK_APP_SECRET', 'LARK_DOMAIN', 'LARK_MODE']) expect(problems).toContain(name);
  });
});

describe('Lark pacing', () => {
  function fakeTime() {
    let now = 0;
    const slept: number[] = [];
    return {
      slept,
      clock: {
        now: () => now,
        sleep: async (ms: number) => {
          slept.push(ms);
          now += ms;
        },
      },
    };
  }

  it('holds the sixth message to one chat within a second, not messages to other chats', async () => {
    const t = fakeTime();
    const pacer = createPacer([{ count: 50, ms: 1_000 }], t.clock);
    const perChat = { count: 5, ms: 1_000 };
    for (let i = 0; i < 5; i++) await pacer.wait('to:oc_a', perChat);
    await pacer.wait('to:oc_b', perChat);
    expect(t.slept).toEqual([]);
    await pacer.wait('to:oc_a', perChat);
    expect(t.slept).toEqual([1_000]);
  });

  it('holds the whole app at its app-wide limit', async () => {
    const t = fakeTime();
    const pacer = createPacer([{ count: 50, ms: 1_000 }], t.clock);
    for (let i = 0; i < 50; i++) await pacer.wait(`to:ou_${i}`, { count: 5, ms: 1_000 });
    expect(t.slept).toEqual([]);
    await pacer.wait('to:ou_new', { count: 5, ms: 1_000 });
    expect(t.slept).toEqual([1_000]);
  });
});
