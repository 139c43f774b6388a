// A post whose answer never came back (the worker died or timed out mid-call) is looked for before it is sent again:
// Slack by the outbox id in message metadata, Lark by the message uuid it dedupes for an hour.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLarkClient } from '../../../adapters/lark/client.ts';
import { createLarkTransport } from '../../../adapters/lark/transport.ts';
import { createSlackTransport } from '../../../adapters/slack/transport.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import type { Transport } from '../../../src/app/transport.ts';
import { inTransaction } from '../../../src/app/unit-of-work.ts';
import type { Card } from '../../../src/messages/model.ts';
import { type FakeSlack, fakeBot, startFakeSlack } from '../../adapters/slack/fake-slack.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeLark, startFakeLark } from '../../helpers/lark.ts';

const clock = testClock();
let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let lark: FakeLark;

const card = (title: string): Card => ({ title, fields: [], actions: [], tone: 'info' });
const system = { kind: 'system', name: 'test' } as const;
const slackTransport = () =>
  createSlackTransport({
    config: { botToken: 'xoxb-test', apiUrl: slack.apiUrl },
    rates: { channel: { perMinute: 60_000, burst: 100 } },
  });
const larkTransport = () =>
  createLarkTransport(
    createLarkClient({ appId: 'cli_test_app', appSecret: 's', domain: lark.url, mode: 'http' }),
  );

// The worker dies with the call made (or about to be made): its promise never settles, its lease runs out.
function dying(transport: Transport, reachesPlatform: boolean): Transport {
  return {
    ...transport,
    post: async (request) => {
      if (reachesPlatform) await transport.post(request);
      return new Promise<never>(() => {});
    },
  };
}

async function crashThenRestart(transports: { dying: Transport; fresh: Transport }) {
  const platform = transports.fresh.platform;
  void deliverDue(deps, { [platform]: transports.dying }, { leaseMs: 2_000 });
  // The dead worker's in-flight mark is committed before its call.
  for (let i = 0; i < 100; i++) {
    const marked = await database.pool.query(
      'select count(*)::int as n from outbox where sending_since is not null',
    );
    if (marked.rows[0].n > 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 200));
  clock.advance(3_000);
  return deliverDue(deps, { [platform]: transports.fresh });
}

const outboxRows = async () =>
  (
    await database.pool.query(
      `select platform, op, status, sending_since is not null as in_flight from outbox
       where platform = 'slack' order by id`,
    )
  ).rows;
const refOf = async (platform: string) =>
  (await database.pool.query('select message_id from message_refs where platform = $1', [platform])).rows[0]
    ?.message_id as string | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock, platforms: ['slack', 'lark'] });
  slack = await startFakeSlack();
  lark = await startFakeLark();
});
beforeEach(async () => {
  await database.pool.query('truncate outbox, message_refs restart identity');
  slack.calls.length = 0;
  slack.messages.clear();
  lark.calls.length = 0;
});
afterAll(async () => {
  await slack.close();
  await lark.close();
  await database.close();
});

describe('a post in flight when its worker died', () => {
  it('Slack: found by its metadata in the channel history, recorded, never posted twice; edits reach it', async () => {
    await inTransaction(deps, system, (uow) =>
      uow.post({ kind: 'channel', name: 'finance' }, 'crash:1', () => card('v1')),
    );
    const report = await crashThenRestart({ dying: dying(slackTransport(), true), fresh: slackTransport() });
    expect(report).toMatchObject({ claimed: 1, recovered: 1, sent: 0 });
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const [row] = (await database.pool.query(`select id::text from outbox where platform = 'slack'`)).rows;
    expect(posts[0]?.args.metadata).toEqual({
      event_type: 'closeloop_outbox',
      event_payload: { outbox_id: row.id },
    });
    const history = slack.callsTo('conversations.history');
    expect(history).toHaveLength(1);
    expect(history[0]?.args).toMatchObject({ channel: 'C0FINANCE', include_all_metadata: 'true' });
    // Bounded: from five minutes before the in-flight mark, not the whole channel.
    expect(Number(history[0]?.args.oldest)).toBe(clock.now().getTime() / 1000 - 3 - 300);
    const posted = slack.messages.get('C0FINANCE')?.[0];
    expect(await refOf('slack')).toBe(`C0FINANCE/${posted?.ts}`);
    expect(await outboxRows()).toEqual([{ platform: 'slack', op: 'post', status: 'sent', in_flight: false }]);

    await inTransaction(deps, system, (uow) => uow.update('crash:1', () => card('v2')));
    await deliverDue(deps, { slack: slackTransport() });
    const [edit] = slack.callsTo('chat.update');
    expect(edit?.args).toMatchObject({ channel: 'C0FINANCE', ts: posted?.ts });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('Slack: not there (the call never left), or there but posted by another app — posted once now', async () => {
    await inTransaction(deps, system, async (uow) => {
      await uow.post({ kind: 'channel', name: 'finance' }, 'crash:2', () => card('a'));
    });
    const [row] = (await database.pool.query(`select id::text from outbox where platform = 'slack'`)).rows;
    // Someone else's app wrote our metadata into the channel: it is not taken for our post.
    slack.messages.set('C0FINANCE', [
      {
        type: 'message',
        ts: `${Math.floor(Date.now() / 1000)}.000001`,
        user: 'U0OTHER',
        bot_id: 'B0OTHER',
        app_id: 'A0OTHER',
        metadata: { event_type: 'closeloop_outbox', event_payload: { outbox_id: row.id } },
      },
    ]);
    const report = await crashThenRestart({ dying: dying(slackTransport(), false), fresh: slackTransport() });
    expect(report).toMatchObject({ claimed: 1, recovered: 0, sent: 1 });
    expect(slack.callsTo('conversations.history')).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    const ours = slack.messages.get('C0FINANCE')?.filter((m) => m.bot_id === fakeBot.botId);
    expect(ours).toHaveLength(1);
    expect(await refOf('slack')).toBe(`C0FINANCE/${ours?.[0]?.ts}`);
  });

  it('Slack: a DM is looked for in the D… conversation the user id opens', async () => {
    await database.pool.query(
      `insert into users (name, email, roles, slack_user_id) values ('Amy', 'amy@x.cn', '{rep}', 'U0AMY')`,
    );
    const [amy] = (await database.pool.query(`select id from users where email = 'amy@x.cn'`)).rows;
    await inTransaction(deps, system, (uow) =>
      uow.post({ kind: 'user', userId: amy.id }, 'crash:3', () => card('dm')),
    );
    const report = await crashThenRestart({ dying: dying(slackTransport(), true), fresh: slackTransport() });
    expect(report).toMatchObject({ recovered: 1, sent: 0 });
    expect(slack.callsTo('conversations.open')[0]?.args.users).toBe('U0AMY');
    expect(slack.callsTo('conversations.history')[0]?.args.channel).toBe('D0AMY');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await refOf('slack')).toMatch(/^D0AMY\//);
  });

  it('Slack: a look Slack rate-limits is tried again later, never replaced by a post; one it refuses for good posts', async () => {
    await inTransaction(deps, system, (uow) =>
      uow.post({ kind: 'channel', name: 'finance' }, 'crash:5', () => card('a')),
    );
    slack.script('conversations.history', {
      status: 429,
      headers: { 'retry-after': '7' },
      body: { ok: false },
    });
    const report = await crashThenRestart({ dying: dying(slackTransport(), true), fresh: slackTransport() });
    expect(report).toMatchObject({ retried: 1, sent: 0, recovered: 0 });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await outboxRows()).toEqual([
      { platform: 'slack', op: 'post', status: 'pending', in_flight: true },
    ]);
    clock.advance(7_000);
    expect(await deliverDue(deps, { slack: slackTransport() })).toMatchObject({ recovered: 1, sent: 0 });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);

    // The bot was never invited to the channel: Slack will not let it read, so the card is posted (at least once).
    await inTransaction(deps, system, (uow) =>
      uow.post({ kind: 'channel', name: 'finance' }, 'crash:6', () => card('b')),
    );
    slack.script('conversations.history', { body: { ok: false, error: 'not_in_channel' } });
    const refused = await crashThenRestart({
      dying: dying(slackTransport(), false),
      fresh: slackTransport(),
    });
    expect(refused).toMatchObject({ sent: 1, recovered: 0 });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('Slack: a post that was never in flight is not looked for', async () => {
    await inTransaction(deps, system, (uow) =>
      uow.post({ kind: 'channel', name: 'finance' }, 'calm:1', () => card('a')),
    );
    expect(await deliverDue(deps, { slack: slackTransport() })).toMatchObject({ sent: 1, recovered: 0 });
    expect(slack.callsTo('conversations.history')).toHaveLength(0);
    expect(await outboxRows()).toEqual([{ platform: 'slack', op: 'post', status: 'sent', in_flight: false }]);
  });

  it('Lark: the same uuid is sent again and Lark answers with the message it already made', async () => {
    await inTransaction(deps, system, (uow) =>
      uow.post({ kind: 'channel', name: 'finance' }, 'crash:4', () => card('lark')),
    );
    const createdBefore = lark.created();
    const report = await crashThenRestart({ dying: dying(larkTransport(), true), fresh: larkTransport() });
    expect(report).toMatchObject({ sent: 1 });
    const creates = lark.cards().filter((c) => c.op === 'create');
    expect(creates).toHaveLength(2);
    expect(creates[0]?.uuid).toBe(creates[1]?.uuid);
    expect(creates[0]?.uuid?.length).toBeLessThanOrEqual(50);
    expect(lark.created() - createdBefore).toBe(1);
    expect(await refOf('lark')).toBe(creates[0]?.messageId);
  });
});
