// A sample of the permission table through the platform handlers (issue 12): the same asks typed in the console, as a
// signed Slack slash command and as an encrypted, signed Lark group message are refused or allowed exactly as through
// the use cases — nothing on the way decides on its own. Each refusal changes nothing; each allowed ask does its work.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePlugin } from '../../adapters/console/plugin.ts';
import { createConsoleTransport } from '../../adapters/console/transport.ts';
import { createLarkAdapter, type LarkAdapter } from '../../adapters/lark/plugin.ts';
import { slackPlugin } from '../../adapters/slack/plugin.ts';
import type { AppDeps, UserRow } from '../../src/app/deps.ts';
import { deliverDue } from '../../src/app/outbox/deliver-outbox.ts';
import { apiKeys, orders } from '../../src/db/schema.ts';
import { buildServer } from '../../src/http/server.ts';
import { addCustomer, addUser } from '../app/leads/fixtures.ts';
import { insertOrder } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';
import { type FakeLark, larkRequest, startFakeLark, textMessageEvent } from '../helpers/lark.ts';
import { type FakeSlack, startFakeSlack } from './slack/fake-slack.ts';
import { send, slackConfig, slash, until } from './slack/slack-fixture.ts';

let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let lark: FakeLark;
let larkAdapter: LarkAdapter;
let app: FastifyInstance;
const LARK_TOKEN = 'v-token-access';
const LARK_KEY = 'encrypt-key-access';
const people: Record<string, UserRow> = {};
let orderNo = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, {
    clock: testClock('2026-11-02T02:00:00Z'),
    platforms: ['console', 'slack', 'lark'],
  });
  slack = await startFakeSlack();
  lark = await startFakeLark();
  const meng = await addUser(database, { name: 'Meng', roles: ['manager'], region: 'east', locale: 'en' });
  const cast: [string, string[], string, string | null][] = [
    ['amy', ['rep'], 'east', meng.id],
    ['far', ['rep'], 'west', null],
    ['lu', ['legal'], 'east', null],
    ['ada', ['admin'], 'east', null],
  ];
  for (const [name, roles, region, managerId] of cast) {
    people[name] = await addUser(database, {
      name,
      roles,
      region,
      managerId,
      locale: 'en',
      slackUserId: `U0${name.toUpperCase()}`,
      larkOpenId: `ou_${name}`,
    });
    slack.users.set(`U0${name.toUpperCase()}`, people[name]?.email ?? '');
  }
  larkAdapter = createLarkAdapter(
    {
      appId: 'cli_access',
      appSecret: 'secret',
      verificationToken: LARK_TOKEN,
      encryptKey: LARK_KEY,
      domain: lark.url,
      mode: 'http',
    },
    { linkRosterOnStart: false },
  );
  app = await buildServer({
    deps,
    api: [],
    adapters: [
      slackPlugin(slackConfig(slack), { linkPeopleOnStart: false }),
      consolePlugin,
      larkAdapter.plugin,
    ],
    health: {},
  });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await slack?.close();
  await lark?.close();
  await database?.close();
});

async function pendingOrder(owner: UserRow): Promise<string> {
  const n = ++orderNo;
  const customer = await addCustomer(database, `Buyer ${n}`, `buyer ${n}`, owner.id);
  const number = `SO-2026-${String(80_000 + n)}`;
  await insertOrder(database, {
    number,
    ownerId: owner.id,
    customerId: customer.id,
    status: 'pending_approval',
    parts: [{ dueOn: '2026-12-01', amountMinor: 100_000 }],
  });
  return number;
}

const statusOf = async (number: string) =>
  (await deps.db.select({ status: orders.status }).from(orders).where(eq(orders.number, number)))[0]?.status;

// The two ways in, each answering with the text the asker sees.
type Way = (who: string, text: string) => Promise<string>;
const ways: Record<string, Way> = {
  console: async (who, text) => {
    const response = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      payload: { as: people[who]?.id, text },
    });
    return response.body;
  },
  slack: async (who, text) => {
    const before = slack.callsTo('response_url').length;
    const res = await send(
      app,
      deps,
      slash(`U0${who.toUpperCase()}`, '/closeloop', text, slack.responseUrl(who)),
    );
    expect(res.statusCode).toBe(200);
    const reply = await until(() => slack.callsTo('response_url')[before], 'the private answer');
    return JSON.stringify(reply.args);
  },
  // In a group, the answer is an ephemeral card for the asker alone, sent by the outbox worker.
  lark: async (who, text) => {
    const before = lark.cards().length;
    const event = textMessageEvent({
      token: LARK_TOKEN,
      openId: `ou_${who}`,
      chatType: 'group',
      chatId: 'oc_sales',
      text,
    });
    const { headers, payload } = larkRequest(event, { encryptKey: LARK_KEY, encrypt: true });
    expect((await app.inject({ method: 'POST', url: '/lark/events', headers, payload })).statusCode).toBe(
      200,
    );
    await larkAdapter.idle();
    const transports = { console: createConsoleTransport(deps), lark: larkAdapter.transport };
    for (let i = 0; i < 10; i++) if ((await deliverDue(deps, transports)).claimed === 0) break;
    const answers = lark
      .cards()
      .slice(before)
      .filter((c) => c.openId === `ou_${who}`);
    expect(answers).not.toEqual([]);
    return JSON.stringify(answers.map((c) => c.card));
  },
};

describe.each(Object.keys(ways))('through the %s handler', (name) => {
  const way = (who: string, text: string) => (ways[name] as Way)(who, text);

  it('a rep cannot cancel another region’s order; the order stays as it was', async () => {
    const number = await pendingOrder(people.far as UserRow);
    const answer = await way('amy', `order cancel ${number}`);
    expect(answer).toContain(`Your role may not cancel order ${number}`);
    expect(await statusOf(number)).toBe('pending_approval');
  });

  it('an admin may (order.cancel at org scope), as the use case table says', async () => {
    const number = await pendingOrder(people.far as UserRow);
    await way('ada', `order cancel ${number}`);
    expect(await statusOf(number)).toBe('cancelled');
  });

  it('a rep may not read the audit log; legal may not list API keys; an admin may both', async () => {
    const number = await pendingOrder(people.amy as UserRow);
    expect(await way('amy', `audit ${number}`)).toContain('Only admins and finance may read the audit log');
    expect(await way('ada', `audit ${number}`)).not.toContain('Only admins and finance');
    expect(await way('lu', 'apikey list')).toContain('Only an admin may manage API keys');
    expect(await way('ada', 'apikey list')).not.toContain('Only an admin may manage API keys');
    expect(await deps.db.select().from(apiKeys)).toEqual([]);
  });
});
