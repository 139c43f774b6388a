// The rep's living card of an order: one post when the order is created, then edits in place (Slack chat.update, Lark
// message patch, the console's revision) as it moves through approval; a double click adds no edit.
import { and, eq, like } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePlugin } from '../../../adapters/console/plugin.ts';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import { createLarkClient } from '../../../adapters/lark/client.ts';
import { createLarkTransport } from '../../../adapters/lark/transport.ts';
import { createSlackTransport } from '../../../adapters/slack/transport.ts';
import { createApiKey } from '../../../src/app/apikeys/create-api-key.ts';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import { approvals, customers, orders, outbox, products } from '../../../src/db/schema.ts';
import { ordersApi } from '../../../src/http/api/orders.ts';
import { buildServer } from '../../../src/http/server.ts';
import type { Card } from '../../../src/messages/model.ts';
import { type FakeSlack, startFakeSlack } from '../../adapters/slack/fake-slack.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeLark, startFakeLark } from '../../helpers/lark.ts';
import { insertPerson, livingCard } from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let lark: FakeLark;
let app: FastifyInstance;
const clock = testClock('2026-11-02T02:00:00Z');
const people: Record<string, UserRow> = {};

const person = (key: string): UserRow => {
  const user = people[key];
  if (!user) throw new Error(`no ${key}`);
  return user;
};
const as = (key: string): UserActor => ({ kind: 'user', user: person(key) });

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock, platforms: ['slack', 'lark'] });
  slack = await startFakeSlack();
  lark = await startFakeLark();
  const boss = await insertPerson(database, people, 'boss', {
    name: 'Wang Boss',
    roles: ['manager'],
    slackUserId: 'U0BOSS',
  });
  await insertPerson(database, people, 'rep', {
    name: 'Li Rep',
    roles: ['rep'],
    managerId: boss.id,
    slackUserId: 'U0REP',
    larkOpenId: 'ou_rep',
  });
  await insertPerson(database, people, 'fin1', {
    name: 'Fin One',
    roles: ['finance'],
    slackUserId: 'U0FIN1',
  });
  await insertPerson(database, people, 'fin2', { name: 'Fin Two', roles: ['finance'] });
  await database.db
    .insert(products)
    .values({ sku: 'A100', name: 'Press A100', unitPriceMinor: 6_000_000, currency: 'CNY' });
  await database.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: person('rep').id });
  app = await buildServer({ deps, api: [ordersApi], adapters: [consolePlugin], health: {} });
});

afterAll(async () => {
  await app?.close();
  await slack?.close();
  await lark?.close();
  await database?.close();
});

// Everything queued goes out, as the delivery worker would send it.
async function deliver(): Promise<void> {
  const transports = {
    slack: createSlackTransport({
      config: { botToken: 'xoxb-test', apiUrl: slack.apiUrl },
      rates: { channel: { perMinute: 60_000, burst: 100 } },
    }),
    lark: createLarkTransport(
      createLarkClient({ appId: 'cli_test_app', appSecret: 's', domain: lark.url, mode: 'http' }),
    ),
    console: createConsoleTransport(deps),
  };
  for (let round = 0; round < 5; round++) {
    if ((await deliverDue(deps, transports)).claimed === 0) return;
  }
}

async function orderOf(number: string) {
  const [row] = await database.db.select().from(orders).where(eq(orders.number, number));
  if (!row) throw new Error(`no order ${number}`);
  return row;
}

async function approvalOf(orderId: string, key: string) {
  const [row] = await database.db
    .select()
    .from(approvals)
    .where(
      and(
        eq(approvals.orderId, orderId),
        eq(approvals.approverId, person(key).id),
        eq(approvals.status, 'pending'),
      ),
    );
  if (!row) throw new Error(`no pending approval of ${key}`);
  return row;
}

const fieldOf = (card: Card | undefined, label: string) => card?.fields.find((f) => f.label === label)?.value;
const buttons = (card: Card | undefined) => card?.actions.map((a) => a.label) ?? [];

// What the rep reads in Slack: each message's words (the blocks' text), in order of the calls.
function slackWords(call: { args: Record<string, unknown> }): string {
  return JSON.stringify(call.args.blocks ?? call.args.text);
}

function larkWords(card: Record<string, unknown>): string {
  return JSON.stringify(card);
}

describe("the rep's living card through two approval levels", () => {
  let number = '';
  let orderId = '';
  let ts = '';
  let larkMessage = '';

  it('creating and submitting posts one card to the rep on Slack, Lark and the console', async () => {
    const reply = await runTextCommand(deps, as('rep'), 'order new customer:ACME sku:A100 qty:2 plan:net-30');
    expect(reply.tone).toBe('success');
    number = /SO-\d{4}-\d{5}/.exec(reply.text)?.[0] ?? '';
    orderId = (await orderOf(number)).id;

    const rows = await livingCard(database, orderId, person('rep').id);
    expect(rows.map((r) => r.op)).toEqual(['post']);
    const card = rows[0]?.card;
    expect(card?.title).toBe(`Your order ${number} · ACME`);
    expect(card?.body).toBe('**Waiting for step 1/2 manager**: Wang Boss');
    expect(buttons(card)).toEqual(['Edit', 'Cancel order', 'Open']);

    await deliver();
    const posts = slack
      .callsTo('chat.postMessage')
      .filter((c) => slackWords(c).includes(`Your order ${number}`));
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.channel).toBe('U0REP');
    expect(slackWords(posts[0] ?? { args: {} })).toContain('Waiting for step 1/2 manager');
    ts = String(slack.messages.get('D0REP')?.find((m) => JSON.stringify(m.blocks).includes(number))?.ts);
    const larkPosts = lark.cards().filter((c) => c.op === 'create' && larkWords(c.card).includes(number));
    expect(larkPosts.map((c) => c.to)).toEqual(['ou_rep']);
    larkMessage = larkPosts[0]?.messageId ?? '';
    expect(larkMessage).not.toBe('');
  });

  it('the manager approves: the same card now waits on finance and names the decision', async () => {
    clock.advance(5 * 60_000);
    await dispatchAction(deps, as('boss'), {
      action: 'order.approve',
      entityId: (await approvalOf(orderId, 'boss')).id,
    });
    const card = (await livingCard(database, orderId, person('rep').id)).at(-1)?.card;
    expect(card?.body).toBe('**Waiting for step 2/2 finance**: Fin One, Fin Two');
    expect(fieldOf(card, 'Last decision')).toBe('Approved by Wang Boss (manager), 2026-11-02 10:05');
    await deliver();

    // A double click on Approve changes nothing, so the card is not edited again.
    const before = (await livingCard(database, orderId, person('rep').id)).length;
    await dispatchAction(deps, as('boss'), {
      action: 'order.approve',
      entityId:
        (
          await database.db
            .select()
            .from(approvals)
            .where(and(eq(approvals.orderId, orderId), eq(approvals.approverId, person('boss').id)))
        )[0]?.id ?? '',
    }).catch(() => null);
    expect(await livingCard(database, orderId, person('rep').id)).toHaveLength(before);
  });

  it('finance approves: the card says approved in full with both approvers; one post and two edits in order', async () => {
    clock.advance(60 * 60_000);
    await dispatchAction(deps, as('fin1'), {
      action: 'order.approve',
      entityId: (await approvalOf(orderId, 'fin1')).id,
    });
    await deliver();

    const rows = await livingCard(database, orderId, person('rep').id);
    expect(rows.map((r) => r.op)).toEqual(['post', 'update', 'update']);
    const last = rows.at(-1)?.card;
    expect(last?.body).toBe('**Approved in full** by Wang Boss, Fin One.');
    expect(last?.tone).toBe('success');
    expect(fieldOf(last, 'Last decision')).toBe('Approved by Fin One (finance), 2026-11-02 11:05');
    expect(fieldOf(last, 'Installments')).toContain('CNY 120,000.00');

    // Slack: still one post of the card, and each edit lands on its ts in order.
    const mine = (c: { args: Record<string, unknown> }) => slackWords(c).includes(`Your order ${number}`);
    expect(slack.callsTo('chat.postMessage').filter(mine)).toHaveLength(1);
    const edits = slack.callsTo('chat.update').filter(mine);
    expect(edits.map((e) => [e.args.channel, e.args.ts])).toEqual([
      ['D0REP', ts],
      ['D0REP', ts],
    ]);
    expect(slackWords(edits[0] ?? { args: {} })).toContain('Waiting for step 2/2 finance');
    expect(slackWords(edits[1] ?? { args: {} })).toContain('Approved in full');
    expect(slackWords(edits[1] ?? { args: {} })).toContain('Wang Boss, Fin One');

    // Lark: the same, as patches of the one message.
    const larkCards = lark.cards().filter((c) => larkWords(c.card).includes(`Your order ${number}`));
    expect(larkCards.map((c) => c.op)).toEqual(['create', 'patch', 'patch']);
    expect(larkCards.slice(1).map((c) => c.to)).toEqual([larkMessage, larkMessage]);
    expect(larkWords(larkCards[2]?.card ?? {})).toContain('Approved in full');
  });
});

describe('a rejection on the living card', () => {
  let number = '';
  let orderId = '';

  it('shows the reason and offers Resubmit and Edit; resubmitting edits the card back to waiting', async () => {
    const reply = await runTextCommand(deps, as('rep'), 'order new customer:ACME sku:A100 qty:1 plan:net-30');
    number = /SO-\d{4}-\d{5}/.exec(reply.text)?.[0] ?? '';
    orderId = (await orderOf(number)).id;
    clock.advance(10 * 60_000);
    await dispatchAction(deps, as('boss'), {
      action: 'order.reject',
      entityId: (await approvalOf(orderId, 'boss')).id,
      input: 'discount too deep',
    });
    let rows = await livingCard(database, orderId, person('rep').id);
    expect(rows.map((r) => r.op)).toEqual(['post', 'update']);
    const rejected = rows.at(-1)?.card;
    expect(rejected?.body).toBe('**Rejected** by Wang Boss at manager: discount too deep');
    expect(rejected?.tone).toBe('danger');
    expect(buttons(rejected)).toEqual(['Resubmit', 'Edit', 'Cancel order', 'Open']);
    expect(rejected?.actions.map((a) => a.id)).toEqual([
      'order.submit',
      'order.edit',
      'order.cancel',
      'order.show',
    ]);

    await dispatchAction(deps, as('rep'), { action: 'order.submit', entityId: orderId });
    rows = await livingCard(database, orderId, person('rep').id);
    expect(rows.map((r) => r.op)).toEqual(['post', 'update', 'update']);
    expect(rows.at(-1)?.card.body).toBe('**Waiting for step 1/1 manager**: Wang Boss');
    // The earlier rejection stays the last decision until the new version gets one.
    expect(fieldOf(rows.at(-1)?.card, 'Version')).toBe('2');
    expect(fieldOf(rows.at(-1)?.card, 'Last decision')).toContain('Rejected by Wang Boss (manager)');
  });

  it('cancelling edits the card to cancelled with only Open left; cancelling again adds no edit', async () => {
    await dispatchAction(deps, as('rep'), { action: 'order.cancel', entityId: orderId });
    const rows = await livingCard(database, orderId, person('rep').id);
    expect(rows.at(-1)?.card.body).toBe('**Cancelled**.');
    expect(buttons(rows.at(-1)?.card)).toEqual(['Open']);
    await dispatchAction(deps, as('rep'), { action: 'order.cancel', entityId: orderId });
    expect(await livingCard(database, orderId, person('rep').id)).toHaveLength(rows.length);
  });
});

describe('the living card in the console', () => {
  it("the rep's console thread shows one card whose text changes as the order is decided", async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      payload: { as: person('rep').id, text: 'order new customer:ACME sku:A100 qty:1 plan:net-30' },
    });
    const number = /SO-\d{4}-\d{5}/.exec(created.json<{ text: string }>().text)?.[0] ?? '';
    await deliver();
    const feed = async () =>
      (await app.inject({ method: 'GET', url: `/console/api/feed?as=${person('rep').id}` })).json<{
        messages: { id: number; revision: number; card: Card }[];
      }>();
    const livingCards = async () =>
      (await feed()).messages.filter((m) => m.card.title === `Your order ${number} · ACME`);
    const [first] = await livingCards();
    expect(first?.card.body).toBe('**Waiting for step 1/1 manager**: Wang Boss');

    const orderId = (await orderOf(number)).id;
    const approve = await app.inject({
      method: 'POST',
      url: '/console/api/action',
      payload: {
        as: person('boss').id,
        action: 'order.approve',
        value: (await approvalOf(orderId, 'boss')).id,
      },
    });
    expect(approve.statusCode).toBe(200);
    await deliver();
    const after = await livingCards();
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(first?.id);
    expect(after[0]?.revision).toBeGreaterThan(first?.revision ?? 0);
    expect(after[0]?.card.body).toBe('**Approved in full** by Wang Boss.');
  });
});

describe('an order the ERP creates on behalf of a rep', () => {
  it('the owner gets the card, not the API key', async () => {
    const { key } = await createApiKey(deps, 'erp');
    const res = await app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: { authorization: `Bearer ${key}` },
      payload: {
        customerName: 'ACME',
        ownerEmail: 'rep@demo.test',
        lines: [{ sku: 'A100', quantity: 1 }],
        paymentPlan: 'net-30',
      },
    });
    expect(res.statusCode).toBe(201);
    const { id, number } = res.json<{ id: string; number: string }>();
    const rows = await database.db
      .select({ destination: outbox.destination, op: outbox.op, card: outbox.card })
      .from(outbox)
      .where(like(outbox.refKey, `order:${id}:owner:%`));
    expect(rows.map((r) => [r.destination, r.op])).toEqual(
      expect.arrayContaining([
        [`user:${person('rep').id}`, 'post'],
        ['U0REP', 'post'],
        ['ou_rep', 'post'],
      ]),
    );
    expect(rows).toHaveLength(3);
    expect((rows[0]?.card as Card | undefined)?.title).toBe(`Your order ${number} · ACME`);
  });
});
