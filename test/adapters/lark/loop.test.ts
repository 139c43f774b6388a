// The whole loop on Lark, in a running app: every card a person sees arrives on (fake) Lark, every click and command comes from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDunningReminders } from '../../../src/app/collections/send-dunning-reminders.ts';
import { parseEnv } from '../../../src/config/env.ts';
import { products } from '../../../src/db/schema.ts';
import { type RunningApp, startApp } from '../../../src/main.ts';
import { type Client, prepare } from '../../e2e/app.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy } from '../../helpers/deps.ts';
import {
  cardActionEvent,
  type EventEnvelope,
  type FakeLark,
  larkRequest,
  type SentCard,
  startFakeLark,
  textMessageEvent,
} from '../../helpers/lark.ts';

const TOKEN = 'loop-token';
const KEY = 'loop-encrypt-key';
const clock = testClock('2026-11-02T02:00:00Z');
const people = ['meng', 'amy', 'bo', 'cai', 'fang', 'gu', 'lu'];
const openId = (name: string) => `ou_${name}`;

let database: TestDatabase;
let lark: FakeLark;
let app: RunningApp;
let client: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  lark = await startFakeLark();
  for (const p of people) lark.directory.set(`${p}@example.cn`, openId(p));
  const policy = examplePolicy();
  policy.channels['leads-pool'] = { ...policy.channels['leads-pool'], lark: 'oc_leads_pool' };
  app = await startApp(
    parseEnv({
      DATABASE_URL: database.url,
      PORT: '0',
      LARK_APP_ID: 'cli_loop',
      LARK_APP_SECRET: 'loop-secret',
      LARK_VERIFICATION_TOKEN: TOKEN,
      LARK_ENCRYPT_KEY: KEY,
      LARK_DOMAIN: lark.url,
      // The test reads the roster through the console, which is off by default once a chat platform is set.
      CLOSELOOP_CONSOLE: 'on',
    }),
    { policy, clock, logger: false, jobs: false },
  );
  ({ client } = await prepare(app));
  await database.db
    .insert(products)
    .values({ sku: 'MX-200', name: 'CNC spindle MX-200', unitPriceMinor: 1_200_000, currency: 'CNY' });
});
afterAll(async () => {
  await app?.stop();
  await lark?.close();
  await database?.close();
});

async function send(envelope: EventEnvelope): Promise<Record<string, unknown>> {
  const { headers, payload } = larkRequest(envelope, { encryptKey: KEY, encrypt: true });
  const response = await fetch(`${app.url}/lark/events`, { method: 'POST', headers, body: payload });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

// Waits (bounded) until what Lark was sent satisfies `found`: replies to typed commands go out after the event is acked.
async function sentUntil<T>(found: (cards: SentCard[]) => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    await app.drainOutbox();
    const hit = found(lark.cards());
    if (hit !== undefined) return hit;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Lark was never sent the expected card; it got ${JSON.stringify(lark.cards().slice(-3))}`);
}

const json = (card: unknown) => JSON.stringify(card) ?? '';
const titleOf = (c: SentCard) =>
  String((c.card.header as { title?: { content?: string } })?.title?.content ?? '');
const creates = (to: string) => lark.cards().filter((c) => c.op === 'create' && c.to === to);
const entityOf = (card: SentCard, action: string) =>
  new RegExp(`"action":"${action.replace('.', '\\.')}","value":"([^"]+)"`).exec(json(card))?.[1] ?? '';

function click(name: string, card: SentCard, action: string, formValue?: Record<string, string>) {
  return send(
    cardActionEvent({
      token: TOKEN,
      openId: openId(name),
      messageId: card.messageId ?? '',
      chatId: card.to.startsWith('oc_') ? card.to : `oc_p2p_${name}`,
      value: { action, value: entityOf(card, action) },
      ...(formValue ? { formValue } : {}),
    }),
  );
}

function say(name: string, words: string) {
  return send(
    textMessageEvent({ token: TOKEN, openId: openId(name), chatId: `oc_p2p_${name}`, text: words }),
  );
}

describe('lead to cash, end to end on Lark', () => {
  it('everyone opens a chat with the bot and is linked to the roster through the contact API', async () => {
    for (const p of people) {
      await send({
        schema: '2.0',
        header: {
          event_id: `ev_enter_${p}`,
          event_type: 'im.chat.access_event.bot_p2p_chat_entered_v1',
          create_time: String(Date.now()),
          token: TOKEN,
          app_id: 'cli_loop',
          tenant_key: 'tenant_test',
        },
        event: { chat_id: `oc_p2p_${p}`, operator_id: { open_id: openId(p) } },
      });
    }
    await sentUntil((cards) =>
      people.every((p) => cards.some((c) => c.to === `oc_p2p_${p}`)) ? true : undefined,
    );
    const linked = await database.pool.query(
      `select count(*)::int as n from users where lark_open_id like 'ou_%'`,
    );
    expect(linked.rows).toEqual([{ n: people.length }]);
  });

  let ownLead: { id: string; number: string };

  it('a website lead is offered to a rep on Lark, who accepts it with the button', async () => {
    const created = await client.api('POST', '/api/leads', {
      name: 'Zhang Wei',
      company: 'Hangzhou Precision Co., Ltd.',
      email: 'zhang.wei@hzp.cn',
      region: 'east',
      industry: 'manufacturing',
      source: 'website',
    });
    expect(created.status).toBe(201);
    ownLead = { id: String(created.body.id), number: String(created.body.number) };
    const offer = await sentUntil((cards) =>
      cards.find((c) => c.op === 'create' && c.to === openId('amy') && json(c).includes('lead.accept')),
    );
    const answer = await click('amy', offer, 'lead.accept');
    expect(answer.toast).toMatchObject({ type: 'success', content: expect.stringContaining('is yours now') });
    expect(json(answer.card)).toContain('Accepted by Amy Rep');
  });

  it('a pool lead is claimed from the Lark channel; the claimed card goes back to the clicker', async () => {
    const created = await client.api('POST', '/api/leads', {
      name: 'Li Na',
      company: 'Beijing Tools',
      phone: '+86 10 6552 9988',
      region: 'north',
    });
    const offer = await sentUntil((cards) =>
      cards.find(
        (c) => c.op === 'create' && c.to === 'oc_leads_pool' && json(c).includes(String(created.body.id)),
      ),
    );
    const answer = await click('bo', offer, 'lead.claim');
    expect(answer.toast).toMatchObject({ type: 'success' });
    expect(json(answer.card)).toContain('Bo Rep');
    expect(json(answer.card)).not.toContain('lead.claim');
    const late = await click('cai', offer, 'lead.claim');
    expect(late.toast).toEqual({ type: 'warning', content: expect.stringContaining('Bo Rep') });
  });

  let orderNumber: string;

  it('the owner types the order; the manager rejects without a reason (refused on the card), then approves; finance approves', async () => {
    await say('amy', `order new lead:${ownLead.number} sku:MX-200 qty:10 plan:30-60-10`);
    // The order's status card comes back in the chat the command was typed in (the help card there has examples too).
    const reply = await sentUntil(() => creates('oc_p2p_amy').find((c) => /SO-\d{4}-\d{5}/.test(titleOf(c))));
    orderNumber = /SO-\d{4}-\d{5}/.exec(titleOf(reply))?.[0] ?? '';

    const managerCard = await sentUntil((cards) =>
      cards.find((c) => c.op === 'create' && c.to === openId('meng') && json(c).includes(orderNumber)),
    );
    expect(json(managerCard)).toContain('"tag":"form"');
    const noReason = await click('meng', managerCard, 'order.reject', { prompt_1: '   ' });
    expect(noReason.toast).toMatchObject({ type: 'error' });
    expect(json(noReason.card)).toContain("<font color='red'>");
    const still = await database.pool.query(`select status from orders where number = $1`, [orderNumber]);
    expect(still.rows).toEqual([{ status: 'pending_approval' }]);

    const approved = await click('meng', managerCard, 'order.approve');
    expect(approved.toast).toMatchObject({ type: 'success' });
    expect(json(approved.card)).toContain('Meng Manager');

    // Over 100,000: both finance users get the card; Fang decides, Gu's copy is patched in place on Lark.
    const [fangCard, guCard] = await sentUntil((cards) => {
      const f = cards.find(
        (c) => c.op === 'create' && c.to === openId('fang') && json(c).includes('order.approve'),
      );
      const g = cards.find(
        (c) => c.op === 'create' && c.to === openId('gu') && json(c).includes('order.approve'),
      );
      return f && g ? [f, g] : undefined;
    });
    expect((await click('fang', fangCard, 'order.approve')).toast).toMatchObject({ type: 'success' });
    const guPatch = await sentUntil((cards) =>
      cards.find((c) => c.op === 'patch' && c.to === guCard.messageId),
    );
    expect(json(guPatch)).toContain('Fang Finance');
    expect(json(guPatch)).not.toContain('order.approve');

    const order = await client.api('GET', `/api/orders/${orderNumber}`);
    expect(order.body).toMatchObject({ status: 'approved' });
  });

  it('a second, small order entered through the order form (a missing field is shown on it) is rejected with a reason', async () => {
    await say('amy', '订单 新建');
    // The same order form as on Slack and the console: who it is for, lines or picked products, the plan.
    const form = await sentUntil(() =>
      creates('oc_p2p_amy').find((c) => json(c).includes('"value":"order.new|new|"')),
    );
    const submit = (formValue: Record<string, string>) =>
      send(
        cardActionEvent({
          token: TOKEN,
          openId: openId('amy'),
          messageId: form.messageId ?? '',
          chatId: 'oc_p2p_amy',
          value: { action: 'lark.app_form', value: 'order.new|new|' },
          formValue,
        }),
      );
    const ordersBefore = await database.pool.query('select count(*)::int as n from orders');
    const missingPlan = await submit({
      for: 'Hangzhou Precision Co., Ltd.',
      product_1: 'MX-200',
      qty_1: '1',
    });
    expect(missingPlan.toast).toMatchObject({ type: 'error', content: expect.stringContaining('plan') });
    const inputs = (
      missingPlan.card as {
        data: { body: { elements: { tag: string; elements?: Record<string, unknown>[] }[] } };
      }
    ).data.body.elements.find((e) => e.tag === 'form')?.elements;
    const plan = inputs?.findIndex((e) => e.name === 'plan') ?? -1;
    expect(inputs?.[plan + 1]).toMatchObject({ tag: 'markdown', content: expect.stringContaining('plan') });
    expect(inputs?.find((e) => e.name === 'product_1')).toMatchObject({ initial_option: 'MX-200' });
    expect(await database.pool.query('select count(*)::int as n from orders')).toMatchObject({
      rows: ordersBefore.rows,
    });

    const created = await submit({
      for: 'Hangzhou Precision Co., Ltd.',
      product_1: 'MX-200',
      qty_1: '1',
      plan: 'net-30',
    });
    const second = /SO-\d{4}-\d{5}/.exec(json(created.card))?.[0] ?? '';
    expect(second).not.toBe(orderNumber);
    expect(second).not.toBe('');
    const card = await sentUntil((cards) =>
      cards.find((c) => c.op === 'create' && c.to === openId('meng') && json(c).includes(second)),
    );
    const rejected = await click('meng', card, 'order.reject', { prompt_1: 'Price below floor' });
    expect(rejected.toast).toMatchObject({ type: 'info', content: expect.stringContaining(second) });
    const row = await database.pool.query(
      `select o.status, a.reason from orders o join approvals a on a.order_id = o.id where o.number = $1 and a.status = 'rejected'`,
      [second],
    );
    expect(row.rows).toEqual([{ status: 'rejected', reason: 'Price below floor' }]);
  });

  it('installments are due: the rep is reminded on Lark', async () => {
    const installments = await database.pool.query(
      `select label, amount_minor::int as amount from installments i join orders o on o.id = i.order_id where o.number = $1 order by position`,
      [orderNumber],
    );
    expect(installments.rows.map((r: { amount: number }) => r.amount)).toEqual([
      3_600_000, 7_200_000, 1_200_000,
    ]);
    await sendDunningReminders(app.deps);
    const reminder = await sentUntil((cards) =>
      cards.find((c) => c.op === 'create' && c.to === openId('amy') && titleOf(c).startsWith('Payment')),
    );
    expect(titleOf(reminder)).toContain('Payment due today');
  });

  it('a bank statement pays by memo; the exception is acknowledged by finance from the Lark channel', async () => {
    const csv = [
      'date,amount,currency,payer,memo,bank_txn_id',
      `2026-11-05,"36,000.00",CNY,Hangzhou Precision,货款 ${orderNumber},BT-0001`,
      '2026-11-05,500.00,CNY,Unknown Trading,misc,BT-0002',
    ].join('\r\n');
    const imported = await client.api('POST', '/api/bank-statements', csv, 'text/csv');
    expect(imported.body).toMatchObject({ imported: 2, exceptions: 1 });
    const exception = await sentUntil((cards) =>
      cards.find((c) => c.op === 'create' && c.to === 'oc_finance' && json(c).includes('Unknown Trading')),
    );
    const refused = await click('amy', exception, 'recon.ack');
    expect(refused.toast).not.toMatchObject({ type: 'success' });
    const ack = await click('fang', exception, 'recon.ack');
    expect(ack.toast).toMatchObject({ type: 'success' });
    expect(json(ack.card)).toContain('Fang Finance');
    expect(json(ack.card)).not.toContain('recon.ack');
    const row = await database.pool.query(`select status from recon_exceptions`);
    expect(row.rows).toEqual([{ status: 'acknowledged' }]);
  });

  it('a statement with 21 exceptions sends the finance chat one summary; its button sends ten cards, once', async () => {
    const lines = ['date,amount,currency,payer,memo,bank_txn_id'];
    for (let k = 1; k <= 21; k++) lines.push(`2026-11-06,${200 + k}.00,CNY,Stranger ${k},misc,BS-${k}`);
    const imported = await client.api('POST', '/api/bank-statements', lines.join('\r\n'), 'text/csv');
    expect(imported.body).toMatchObject({ imported: 21, exceptions: 21 });
    const summary = await sentUntil((cards) =>
      cards.find((c) => c.op === 'create' && c.to === 'oc_finance' && json(c).includes('recon.page')),
    );
    const strangers = () => creates('oc_finance').filter((c) => json(c).includes('Stranger'));
    // The summary alone: the payers' names are in no card yet.
    expect(strangers().filter((c) => c !== summary)).toEqual([]);
    const first = await click('fang', summary, 'recon.page');
    expect(first.toast).toMatchObject({ type: 'success' });
    const again = await click('fang', summary, 'recon.page');
    expect(again.toast).not.toMatchObject({ type: 'success' });
    await sentUntil((cards) =>
      cards.filter((c) => json(c).includes('Stranger')).length >= 10 ? true : undefined,
    );
    await app.drainOutbox();
    expect(strangers().filter((c) => json(c).includes('recon.ack'))).toHaveLength(10);
  });

  it('nothing was sent twice: every Lark create carried its own uuid', async () => {
    const uuids = lark
      .cards()
      .filter((c) => c.op === 'create')
      .map((c) => c.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
    const dead = await database.pool.query(`select count(*)::int as n from outbox where status = 'dead'`);
    expect(dead.rows).toEqual([{ n: 0 }]);
  });
});
