import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Pacer } from '../../../adapters/slack/pacer.ts';
import { createSlackTransport, type SlackTransportOptions } from '../../../adapters/slack/transport.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import { inTransaction } from '../../../src/app/unit-of-work.ts';
import { messageRefs, outbox } from '../../../src/db/schema.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';

const clock = testClock();
let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;

// Pacing waits are real sleeps in production; here they are recorded instead, so no test waits.
function transport(extra: Partial<SlackTransportOptions> = {}) {
  const slept: number[] = [];
  const t = createSlackTransport({
    config: { botToken: 'xoxb-test', apiUrl: slack.apiUrl },
    now: () => clock.now().getTime(),
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...extra,
  });
  return { t, slept };
}

const card = (title: string): Card => ({
  title,
  body: 'Body',
  fields: [{ label: 'Amount', value: '¥1,000.00' }],
  actions: [{ id: 'lead.claim', label: 'Claim', style: 'primary', value: 'lead-1' }],
  tone: 'info',
});

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock, platforms: ['console', 'slack'] });
  slack = await startFakeSlack();
});
beforeEach(() => {
  slack.calls.length = 0;
});
afterAll(async () => {
  await slack.close();
  await database.close();
});

describe('Slack transport', () => {
  it('posts Block Kit with chat.postMessage and remembers the channel it landed in', async () => {
    const { t } = transport();
    const sent = await t.post({
      destination: 'U0AMY',
      card: card('New lead'),
      locale: 'en',
      idempotencyKey: 'k',
    });
    expect(sent.messageId).toMatch(/^D0AMY\/\d{10}\.\d{6}$/);
    const [call, ...rest] = slack.calls;
    expect(rest).toEqual([]);
    expect(call?.method).toBe('chat.postMessage');
    expect(call?.authorization).toBe('Bearer xoxb-test');
    expect(call?.args).toMatchObject({ channel: 'U0AMY', text: 'New lead — Body' });
    const blocks = call?.args.blocks as { type: string; elements?: unknown[] }[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions']);
    expect(blocks[3]?.elements?.[0]).toMatchObject({
      action_id: 'lead.claim|0',
      value: 'lead-1',
      style: 'primary',
    });
  });

  it('edits in place with chat.update on the channel and ts of the message id', async () => {
    const { t } = transport();
    await t.update({
      destination: 'U0AMY',
      messageId: 'D0DM/1700000000.000100',
      card: card('Claimed by Amy'),
      locale: 'en',
      idempotencyKey: 'k2',
    });
    expect(slack.calls.map((c) => [c.method, c.args.channel, c.args.ts, c.args.text])).toEqual([
      ['chat.update', 'D0DM', '1700000000.000100', 'Claimed by Amy — Body'],
    ]);
  });

  it('treats an unknown channel as permanent and a server error as worth retrying', async () => {
    slack.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const { t } = transport();
    const request = { destination: 'C0GONE', card: card('x'), locale: 'en' as const, idempotencyKey: 'k3' };
    const permanent = (await t.post(request).catch((e: unknown) => e)) as Error;
    expect(permanent.constructor.name).toBe('Error');
    expect(permanent.message).toBe('slack: channel_not_found');

    const unavailable = { status: 503, body: 'unavailable' };
    slack.script('chat.postMessage', unavailable, unavailable, unavailable);
    const transient = (await t.post(request).catch((e: unknown) => e)) as Error;
    expect(transient.constructor.name).toBe('RetryableSendError');
    // One try and the client's two bounded retries, then the outbox takes over.
    expect(slack.callsTo('chat.postMessage')).toHaveLength(4);
  });

  it('delivers a card once through the outbox when chat.postMessage first answers 429 with Retry-After', async () => {
    await inTransaction(deps, { kind: 'system', name: 'test' }, async (uow) => {
      await uow.post({ kind: 'channel', name: 'approvals' }, 'test:429', () => card('Approve SO-1'));
    });
    slack.script('chat.postMessage', {
      status: 429,
      headers: { 'retry-after': '30' },
      body: { ok: false, error: 'ratelimited' },
    });
    const { t } = transport();
    const transports = { slack: t };
    const slackRow = async () =>
      (await deps.db.select().from(outbox).where(eq(outbox.refKey, 'test:429'))).find(
        (r) => r.platform === 'slack',
      );

    const first = await deliverDue(deps, transports);
    expect(first.retried).toBe(1);
    const waiting = await slackRow();
    expect(waiting?.status).toBe('pending');
    expect(waiting?.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 30_000);

    // Before Retry-After has passed nothing is sent again.
    clock.advance(29_000);
    expect((await deliverDue(deps, transports)).claimed).toBe(0);
    clock.advance(1_000);
    const second = await deliverDue(deps, transports);
    expect(second.sent).toBe(1);
    expect(slack.callsTo('chat.postMessage').map((p) => p.args.channel)).toEqual([
      'C0APPROVALS',
      'C0APPROVALS',
    ]);
    expect((await slackRow())?.status).toBe('sent');
    const refs = await deps.db.select().from(messageRefs).where(eq(messageRefs.refKey, 'test:429'));
    expect(refs.find((r) => r.platform === 'slack')?.messageId).toMatch(/^C0APPROVALS\//);
    clock.advance(60_000);
    expect((await deliverDue(deps, transports)).claimed).toBe(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('paces posts to one channel to about one a second, and other channels are not held up', async () => {
    const { t, slept } = transport();
    const to = (destination: string) =>
      t.post({ destination, card: card('x'), locale: 'en', idempotencyKey: destination });
    await to('C0ONE');
    await to('C0ONE');
    await to('C0ONE');
    await to('C0TWO');
    expect(slept).toEqual([1_000, 2_000]);
  });

  it('hands a long pacing wait back to the outbox instead of holding the worker', async () => {
    const { t } = transport({ maxWaitMs: 1_500 });
    const to = () => t.post({ destination: 'C0BUSY', card: card('x'), locale: 'en', idempotencyKey: 'b' });
    await to();
    await to();
    const error = (await to().catch((e: unknown) => e)) as Error & { retryAfterMs?: number };
    expect(error.constructor.name).toBe('RetryableSendError');
    expect(error.retryAfterMs).toBe(2_000);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
  });
});

describe('pacer', () => {
  it('spends the burst, then spaces calls by the rate, and holds a key after a 429', () => {
    let now = 0;
    const pacer = new Pacer(() => now);
    const rate = { perMinute: 60, burst: 2 };
    expect([pacer.take('k', rate), pacer.take('k', rate), pacer.take('k', rate)]).toEqual([0, 0, 1_000]);
    now = 10_000;
    expect(pacer.take('k', rate)).toBe(0);
    pacer.hold('k', 5_000);
    expect(pacer.waitFor('k', rate)).toBe(5_000);
    expect(pacer.waitFor('other', rate)).toBe(0);
  });
});

describe('App Home refresh after a card to a person', () => {
  const request = (destination: string, title: string) => ({
    destination,
    card: card(title),
    locale: 'en' as const,
    idempotencyKey: `${destination}|${title}`,
  });

  it('a burst of posts and edits in one person’s DM publishes their home once; a channel post publishes nobody’s', async () => {
    // Long enough that the four sends below fall inside one debounce window.
    const { t } = transport({ homeRefreshMs: 300 });
    const published: string[] = [];
    const detach = t.homes.attach(
      async (user) => {
        published.push(user);
      },
      () => {},
    );
    const first = await t.post(request('U0AMY', 'Offer'));
    await t.update({ ...request('U0AMY', 'Offer (accepted)'), messageId: first.messageId });
    await t.post(request('U0BO', 'Approval'));
    await t.post(request('C0LEADSEAST', 'New lead'));
    await t.homes.idle();
    expect(published.sort()).toEqual(['U0AMY', 'U0BO']);
    await detach();
  });

  it('a home that fails to publish is reported, and the delivery still succeeds', async () => {
    const { t } = transport({ homeRefreshMs: 0 });
    const errors: unknown[] = [];
    const detach = t.homes.attach(
      async () => {
        throw new Error('views.publish failed');
      },
      (e) => errors.push(e),
    );
    const sent = await t.post(request('U0AMY', 'Offer'));
    expect(sent.messageId).toMatch(/^D0AMY\//);
    await t.homes.idle();
    expect(errors.map(String)).toEqual(['Error: views.publish failed']);
    await detach();
  });

  it('without the Slack plugin attached, nothing is scheduled; after detach, pending refreshes are dropped', async () => {
    const { t } = transport({ homeRefreshMs: 60_000 });
    await t.post(request('U0AMY', 'Offer'));
    await t.homes.idle();
    const published: string[] = [];
    const detach = t.homes.attach(
      async (user) => {
        published.push(user);
      },
      () => {},
    );
    await t.post(request('U0AMY', 'Offer 2'));
    await detach();
    await t.homes.idle();
    expect(published).toEqual([]);
  });
});
