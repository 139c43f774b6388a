// POST /lark/events with requests built, encrypted and signed as Lark does: challenge, text commands, clicks, forms, refusals.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import type { LarkConfig } from '../../../adapters/lark/config.ts';
import { createLarkAdapter, type LarkAdapter, wsDispatcher } from '../../../adapters/lark/plugin.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { deliverDue, type Transports } from '../../../src/app/outbox/deliver-outbox.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { leads } from '../../../src/db/schema.ts';
import { addDays, localDate } from '../../../src/domain/time.ts';
import { buildServer } from '../../../src/http/server.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';
import {
  cardActionEvent,
  type FakeLark,
  larkEncrypt,
  larkRequest,
  startFakeLark,
  textMessageEvent,
} from '../../helpers/lark.ts';

const TOKEN = 'v-token-123';
const KEY = 'encrypt-key-456';

// Amy and Bo are linked to Lark already; Cai is on the roster by email only; a stranger is on neither.
const roster = `name,email,roles,region,manager_email,lark_open_id,timezone,locale
Meng Manager,meng@example.cn,manager,east,,ou_meng,Asia/Shanghai,en
Amy Rep,amy@example.cn,rep,east,meng@example.cn,ou_amy,Asia/Shanghai,en
Bo Rep,bo@example.cn,rep,east,meng@example.cn,ou_bo,Asia/Shanghai,en
Cai Rep,cai@example.cn,rep,east,meng@example.cn,,Asia/Shanghai,zh-CN
Dai Rep,dai@example.cn,rep,east,meng@example.cn,,Asia/Shanghai,en
`;

let lark: FakeLark;
let database: TestDatabase;
let deps: AppDeps;
let adapter: LarkAdapter;
let app: FastifyInstance;
let plainApp: FastifyInstance;
let transports: Transports;

function config(overrides: Partial<LarkConfig> = {}): LarkConfig {
  return {
    appId: 'cli_test_app',
    appSecret: 'secret',
    verificationToken: TOKEN,
    encryptKey: KEY,
    domain: lark.url,
    mode: 'http',
    ...overrides,
  };
}

beforeAll(async () => {
  lark = await startFakeLark();
  lark.directory.set('cai@example.cn', 'ou_cai');
  lark.directory.set('dai@example.cn', 'ou_dai');
  database = await createTestDatabase();
  const policy = examplePolicy();
  policy.channels['leads-pool'] = { ...policy.channels['leads-pool'], lark: 'oc_leads_pool' };
  deps = testDeps(database, { clock: testClock(), policy, platforms: ['console', 'lark'] });
  await importRoster(deps, { kind: 'system', name: 'test' }, roster);
  // Start-up linking is off here so first contact is what links Cai; it has its own test below.
  adapter = createLarkAdapter(config(), { linkRosterOnStart: false });
  app = await buildServer({ deps, api: [], adapters: [adapter.plugin], health: {} });
  const plain = createLarkAdapter(config({ encryptKey: undefined }), { linkRosterOnStart: false });
  plainApp = await buildServer({ deps, api: [], adapters: [plain.plugin], health: {} });
  transports = { console: createConsoleTransport(deps), lark: adapter.transport };
});
afterAll(async () => {
  await app?.close();
  await plainApp?.close();
  await lark?.close();
  await database?.close();
});

async function post(target: FastifyInstance, body: unknown, options: Parameters<typeof larkRequest>[1] = {}) {
  const { headers, payload } = larkRequest(body, options);
  const response = await target.inject({ method: 'POST', url: '/lark/events', headers, payload });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
}

// Encrypted and signed, as Lark sends everything once an Encrypt Key is set.
const secure = (body: unknown) => post(app, body, { encryptKey: KEY, encrypt: true });

async function settle() {
  await adapter.idle();
  for (let i = 0; i < 10; i++) if ((await deliverDue(deps, transports)).claimed === 0) return;
}

async function counts() {
  const tables = ['leads', 'outbox', 'inbound_events', 'audit_log', 'message_refs'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await countRows(database, t)])));
}

const cardsTo = (to: string) => lark.cards().filter((c) => c.to === to);

describe('the URL check', () => {
  it('answers a plain challenge when the token matches, and refuses a wrong token', async () => {
    const challenge = { challenge: 'ajls384kdjx98XX', token: TOKEN, type: 'url_verification' };
    expect(await post(plainApp, challenge)).toEqual({ status: 200, body: { challenge: 'ajls384kdjx98XX' } });
    const wrong = await post(plainApp, { ...challenge, token: 'guess' });
    expect(wrong.status).toBe(401);
  });

  it('answers an encrypted challenge, and refuses one encrypted with another key', async () => {
    const challenge = { challenge: 'c-7f1e', token: TOKEN, type: 'url_verification' };
    expect(await post(app, { encrypt: larkEncrypt(KEY, challenge) })).toEqual({
      status: 200,
      body: { challenge: 'c-7f1e' },
    });
    expect((await post(app, { encrypt: larkEncrypt('another-key', challenge) })).status).toBe(401);
  });
});

describe('text commands', () => {
  it('an encrypted, signed @mention in a group creates the lead; the answer is shown only to the asker', async () => {
    const event = textMessageEvent({
      token: TOKEN,
      openId: 'ou_amy',
      chatType: 'group',
      chatId: 'oc_sales_team',
      text: 'lead new name:"Li Na" company:"Beijing Tools" phone:+8610655299 region:north',
    });
    const answer = await secure(event);
    expect(answer).toEqual({ status: 200, body: {} });
    await settle();
    const leads = await database.pool.query(
      `select l.name, a.actor_label as by from leads l join audit_log a on a.entity_id = l.id::text and a.entity_type = 'lead'`,
    );
    expect(leads.rows).toContainEqual({ name: 'Li Na', by: 'user:amy@example.cn' });
    // Lark's ephemeral card: in that group, for Amy alone; nothing is posted to the group.
    const toGroup = cardsTo('oc_sales_team');
    expect(toGroup.map((c) => ({ op: c.op, openId: c.openId }))).toEqual([
      { op: 'ephemeral', openId: 'ou_amy' },
    ]);
    expect(JSON.stringify(toGroup[0]?.card)).toMatch(/Lead L-\d+ created/);
    expect(toGroup[0]?.card).toMatchObject({ schema: '2.0' });
    const call = lark.apiCalls().find((c) => c.path === '/open-apis/ephemeral/v1/send');
    expect(call?.body).toMatchObject({
      chat_id: 'oc_sales_team',
      open_id: 'ou_amy',
      msg_type: 'interactive',
    });
    // The pool's claim card went to the pool's Lark chat.
    const [offer] = cardsTo('oc_leads_pool');
    expect(JSON.stringify(offer?.card)).toContain('"action":"lead.claim"');
  });

  it('in a group, a refusal and a form are for the asker alone too; a direct chat gets a normal reply', async () => {
    const before = lark.cards().length;
    await secure(
      textMessageEvent({
        token: TOKEN,
        openId: 'ou_stranger',
        chatType: 'group',
        chatId: 'oc_sales_team',
        text: 'lead new name:Mallory',
      }),
    );
    await secure(
      textMessageEvent({
        token: TOKEN,
        openId: 'ou_bo',
        chatType: 'group',
        chatId: 'oc_sales_team',
        text: 'lead new',
      }),
    );
    await secure(textMessageEvent({ token: TOKEN, openId: 'ou_bo', chatId: 'oc_p2p_bo', text: 'help' }));
    await settle();
    const sent = lark.cards().slice(before);
    const refusal = sent.find((c) => c.openId === 'ou_stranger');
    expect(refusal).toMatchObject({ op: 'ephemeral', to: 'oc_sales_team' });
    expect(JSON.stringify(refusal?.card)).toContain('花名册');
    const form = sent.find((c) => c.openId === 'ou_bo');
    expect(form).toMatchObject({ op: 'ephemeral', to: 'oc_sales_team' });
    expect(JSON.stringify(form?.card)).toContain('"tag":"form"');
    expect(sent.filter((c) => c.to === 'oc_sales_team' && c.op !== 'ephemeral')).toEqual([]);
    expect(sent.filter((c) => c.to === 'oc_p2p_bo').map((c) => c.op)).toEqual(['create']);
    const mallory = await database.pool.query(`select count(*)::int as n from leads where name = 'Mallory'`);
    expect(mallory.rows).toEqual([{ n: 0 }]);
  });

  it('the same event_id delivered twice has one effect', async () => {
    const event = textMessageEvent({
      token: TOKEN,
      openId: 'ou_amy',
      text: 'lead new name:Zhao phone:13912345678 region:north',
    });
    await secure(event);
    await settle();
    const before = await counts();
    const again = await secure(event);
    expect(again).toEqual({ status: 200, body: {} });
    await settle();
    expect(await counts()).toEqual(before);
    const zhao = await database.pool.query(`select count(*)::int as n from leads where name = 'Zhao'`);
    expect(zhao.rows).toEqual([{ n: 1 }]);
  });

  it('a wrong signature, a wrong token or a tampered body is refused and changes nothing', async () => {
    const before = await counts();
    const event = textMessageEvent({ token: TOKEN, openId: 'ou_amy', text: 'lead new name:Mallory' });
    const signed = larkRequest(event, { encryptKey: KEY, encrypt: true });
    const badSignature = await app.inject({
      method: 'POST',
      url: '/lark/events',
      headers: { ...signed.headers, 'x-lark-signature': 'a'.repeat(64) },
      payload: signed.payload,
    });
    expect(badSignature.statusCode).toBe(401);
    // Same bytes re-serialised with a space: the signature covers the raw body, so it no longer matches.
    const reserialised = await app.inject({
      method: 'POST',
      url: '/lark/events',
      headers: signed.headers,
      payload: signed.payload.replace('{', '{ '),
    });
    expect(reserialised.statusCode).toBe(401);
    const unsigned = await app.inject({
      method: 'POST',
      url: '/lark/events',
      headers: { 'content-type': 'application/json' },
      payload: signed.payload,
    });
    expect(unsigned.statusCode).toBe(401);
    expect((await secure({ ...event, header: { ...event.header, token: 'stolen' } })).status).toBe(401);
    expect((await post(plainApp, { ...event, header: { ...event.header, token: 'stolen' } })).status).toBe(
      401,
    );
    await settle();
    expect(await counts()).toEqual(before);
  });

  it('the exact signed bytes sent again inside the window change nothing the second time', async () => {
    const event = textMessageEvent({
      token: TOKEN,
      openId: 'ou_amy',
      text: 'lead new name:Bytes phone:13900002222',
    });
    const signed = larkRequest(event, { encryptKey: KEY, encrypt: true });
    const deliver = () =>
      app.inject({ method: 'POST', url: '/lark/events', headers: signed.headers, payload: signed.payload });
    expect((await deliver()).statusCode).toBe(200);
    await settle();
    const before = await counts();
    const cardsBefore = lark.cards().length;
    const copies = [await deliver(), await deliver()];
    expect(copies.map((r) => [r.statusCode, r.json()])).toEqual([
      [200, {}],
      [200, {}],
    ]);
    await settle();
    expect(await counts()).toEqual(before);
    expect(lark.cards()).toHaveLength(cardsBefore);
    const made = await database.pool.query(`select count(*)::int as n from leads where name = 'Bytes'`);
    expect(made.rows).toEqual([{ n: 1 }]);
  });

  it('a correctly signed event or card click with a stale or garbage timestamp is a replay: 401, nothing changes', async () => {
    await settle();
    const before = await counts();
    const cardsBefore = lark.cards().length;
    const now = Math.floor(Date.now() / 1000);
    const event = textMessageEvent({
      token: TOKEN,
      openId: 'ou_amy',
      text: 'lead new name:Replayed phone:13900001111',
    });
    const click = cardActionEvent({
      token: TOKEN,
      openId: 'ou_bo',
      messageId: 'om_any',
      chatId: 'oc_leads_pool',
      value: { action: 'lead.claim', value: '00000000-0000-4000-8000-000000000000' },
    });
    for (const body of [event, click]) {
      for (const timestamp of ['1577836800', 'garbage', String(now - 400), String(now + 400)]) {
        const refused = await post(app, body, { encryptKey: KEY, encrypt: true, timestamp });
        expect(refused, `timestamp "${timestamp}"`).toMatchObject({ status: 401 });
        expect(String(refused.body.message)).toContain('X-Lark-Request-Timestamp');
      }
      // Without an Encrypt Key nothing is signed, but a timestamp that is sent is still held to the window.
      const plain = larkRequest(body);
      const stalePlain = await plainApp.inject({
        method: 'POST',
        url: '/lark/events',
        headers: { ...plain.headers, 'x-lark-request-timestamp': '1577836800' },
        payload: plain.payload,
      });
      expect(stalePlain.statusCode).toBe(401);
    }
    await settle();
    expect(await counts()).toEqual(before);
    expect(lark.cards()).toHaveLength(cardsBefore);
    // Inside the window the same event is taken, once.
    const fresh = await post(app, event, { encryptKey: KEY, encrypt: true, timestamp: String(now - 240) });
    expect(fresh.status).toBe(200);
    await settle();
    const replayed = await database.pool.query(
      `select count(*)::int as n from leads where name = 'Replayed'`,
    );
    expect(replayed.rows).toEqual([{ n: 1 }]);
  });
});

describe('card clicks', () => {
  it('a claim answers the clicker with a toast and the claimed card; a late second claim is told who won', async () => {
    await settle();
    const offers = lark.cards().filter((c) => c.to === 'oc_leads_pool' && c.op === 'create');
    const offer = offers.at(-1)!;
    const value = JSON.stringify(offer.card).match(
      /"value":\{"action":"lead.claim","value":"([^"]+)"\}/,
    )![1]!;
    const ref = await database.pool.query(
      `select message_id from message_refs where platform = 'lark' and destination = 'oc_leads_pool' and ref_key like $1`,
      [`%${value}%`],
    );
    const messageId = ref.rows[0].message_id as string;
    const patchesBefore = lark.cards().filter((c) => c.op === 'patch').length;

    const click = await secure(
      cardActionEvent({
        token: TOKEN,
        openId: 'ou_bo',
        messageId,
        chatId: 'oc_leads_pool',
        value: { action: 'lead.claim', value },
      }),
    );
    expect(click.status).toBe(200);
    expect(click.body.toast).toEqual({ type: 'success', content: expect.stringMatching(/^You claimed/) });
    const card = click.body.card as { type: string; data: Record<string, unknown> };
    expect(card.type).toBe('raw');
    expect(JSON.stringify(card.data)).toContain('Bo Rep');
    expect(JSON.stringify(card.data)).not.toContain('lead.claim');
    const owner = await database.pool.query(
      `select u.email from leads l join users u on u.id = l.owner_id where l.id = $1`,
      [value],
    );
    expect(owner.rows).toEqual([{ email: 'bo@example.cn' }]);

    // The outbox edits the clicked copy too, with what the answer showed: an answer Lark dropped loses nothing.
    await settle();
    const patches = lark.cards().filter((c) => c.op === 'patch');
    expect(patches.length).toBe(patchesBefore + 1);
    expect(patches.at(-1)).toMatchObject({ to: messageId, card: card.data });

    // Cai is on the roster by email only: the contact API links her on first contact.
    const late = await secure(
      cardActionEvent({
        token: TOKEN,
        openId: 'ou_cai',
        messageId,
        chatId: 'oc_leads_pool',
        value: { action: 'lead.claim', value },
      }),
    );
    expect(late.body.toast).toEqual({ type: 'warning', content: expect.stringContaining('Bo Rep') });
    // Her stale card is refreshed too: claimed, no button.
    expect(JSON.stringify(late.body.card)).toContain('Bo Rep');
    expect(JSON.stringify(late.body.card)).not.toContain('lead.claim');
    const batch = lark.apiCalls().find((c) => c.path === '/open-apis/contact/v3/users/batch_get_id');
    expect(batch?.query).toEqual({ user_id_type: 'open_id' });
    expect(batch?.body.emails).toContain('cai@example.cn');
    const cai = await database.pool.query(`select lark_open_id from users where email = 'cai@example.cn'`);
    expect(cai.rows).toEqual([{ lark_open_id: 'ou_cai' }]);
  });

  it('someone not on the roster is told so and nothing happens', async () => {
    const before = await counts();
    const click = await secure(
      cardActionEvent({
        token: TOKEN,
        openId: 'ou_stranger',
        messageId: 'om_none',
        chatId: 'oc_leads_pool',
        value: { action: 'lead.claim', value: '00000000-0000-0000-0000-000000000000' },
      }),
    );
    // A stranger has no language on file: the org's (zh-CN) is used.
    expect(click.body).toEqual({ toast: { type: 'warning', content: expect.stringContaining('花名册') } });
    const after = await counts();
    // Only the event id is remembered.
    expect(after).toEqual({ ...before, inbound_events: before.inbound_events + 1 });
  });
});

describe('a slow click', () => {
  it('is answered "working on it" in time, and its card is still edited through the outbox', async () => {
    const slow = createLarkAdapter(config(), { linkRosterOnStart: false, clickBudgetMs: 0 });
    const slowApp = await buildServer({ deps, api: [], adapters: [slow.plugin], health: {} });
    try {
      await secure(
        textMessageEvent({
          token: TOKEN,
          openId: 'ou_amy',
          text: 'lead new name:Sun phone:13700001111 region:north',
        }),
      );
      await settle();
      const offer = cardsTo('oc_leads_pool')
        .filter((c) => JSON.stringify(c.card).includes('Sun'))
        .at(-1)!;
      const value = JSON.stringify(offer.card).match(/"action":"lead.claim","value":"([^"]+)"/)![1]!;
      const ref = await database.pool.query(
        `select message_id from message_refs where platform = 'lark' and ref_key like $1 and destination = 'oc_leads_pool'`,
        [`%${value}%`],
      );
      const messageId = ref.rows[0].message_id as string;
      const event = cardActionEvent({
        token: TOKEN,
        openId: 'ou_bo',
        messageId,
        chatId: 'oc_leads_pool',
        value: { action: 'lead.claim', value },
      });
      const { headers, payload } = larkRequest(event, { encryptKey: KEY, encrypt: true });
      const answer = await slowApp.inject({ method: 'POST', url: '/lark/events', headers, payload });
      // Answered before the clicker is even looked up, so in the org's language.
      expect(answer.json()).toEqual({
        toast: { type: 'info', content: expect.stringContaining('正在处理') },
      });
      await slow.idle();
      await settle();
      const patched = lark.cards().filter((c) => c.op === 'patch' && c.to === messageId);
      expect(patched).toHaveLength(1);
      expect(JSON.stringify(patched[0]?.card)).toContain('Bo Rep');
    } finally {
      await slowApp.close();
    }
  });
});

describe('the new-lead form', () => {
  it('"lead new" alone opens a form; an invalid email comes back on the form; a good submit creates the lead', async () => {
    await secure(
      textMessageEvent({ token: TOKEN, openId: 'ou_amy', chatId: 'oc_p2p_amy', text: 'lead new' }),
    );
    await settle();
    const form = cardsTo('oc_p2p_amy').at(-1)!;
    expect(JSON.stringify(form.card)).toContain('"tag":"form"');
    expect(JSON.stringify(form.card)).toContain('"name":"email"');

    const leadsBefore = await countRows(database, 'leads');
    const submit = (formValue: Record<string, string>) =>
      secure(
        cardActionEvent({
          token: TOKEN,
          openId: 'ou_amy',
          messageId: 'om_form',
          chatId: 'oc_p2p_amy',
          value: { action: 'lark.form', value: 'lead new' },
          formValue,
        }),
      );
    const bad = await submit({ name: 'Wu Gang', email: 'wu at example', company: 'Moon Corp' });
    expect(bad.body.toast).toMatchObject({ type: 'error' });
    const badCard = JSON.stringify(bad.body.card);
    // The error sits under the email input, and what was typed is kept.
    const inputs = (
      bad.body.card as { data: { body: { elements: { elements?: Record<string, unknown>[] }[] } } }
    ).data.body.elements[1]?.elements;
    const email = inputs?.findIndex((e) => e.name === 'email') ?? -1;
    expect(inputs?.[email]).toMatchObject({ tag: 'input', default_value: 'wu at example' });
    expect(inputs?.[email + 1]).toMatchObject({
      tag: 'markdown',
      content: expect.stringContaining('not an email'),
    });
    expect(badCard).toContain('"default_value":"Moon Corp"');
    expect(await countRows(database, 'leads')).toBe(leadsBefore);

    const good = await submit({
      name: 'Wu Gang',
      email: 'wu@moon.cn',
      company: 'Moon Corp',
      region: 'north',
    });
    expect(good.body.toast).toMatchObject({ type: 'success' });
    expect(JSON.stringify(good.body.card)).not.toContain('"tag":"form"');
    expect(await countRows(database, 'leads')).toBe(leadsBefore + 1);
  });

  it('the form takes province, city, size, deal, currency and language; a bad deal comes back under its input', async () => {
    await secure(
      textMessageEvent({ token: TOKEN, openId: 'ou_amy', chatId: 'oc_p2p_amy', text: 'lead new' }),
    );
    await settle();
    const formJson = JSON.stringify(cardsTo('oc_p2p_amy').at(-1)!.card);
    for (const name of ['province', 'city', 'size', 'deal', 'currency', 'language'])
      expect(formJson).toContain(`"name":"${name}"`);

    const leadsBefore = await countRows(database, 'leads');
    const submit = (formValue: Record<string, string>) =>
      secure(
        cardActionEvent({
          token: TOKEN,
          openId: 'ou_amy',
          messageId: 'om_form_facts',
          chatId: 'oc_p2p_amy',
          value: { action: 'lark.form', value: 'lead new' },
          formValue,
        }),
      );
    const bad = await submit({ name: 'Tang Li', email: 'tang@li.cn', deal: 'a lot' });
    const inputs = (
      bad.body.card as { data: { body: { elements: { elements?: Record<string, unknown>[] }[] } } }
    ).data.body.elements[1]?.elements;
    const deal = inputs?.findIndex((e) => e.name === 'deal') ?? -1;
    expect(inputs?.[deal]).toMatchObject({ tag: 'input', default_value: 'a lot' });
    expect(inputs?.[deal + 1]).toMatchObject({ tag: 'markdown', content: expect.stringContaining('a lot') });
    expect(await countRows(database, 'leads')).toBe(leadsBefore);

    const good = await submit({
      name: 'Tang Li',
      email: 'tang@li.cn',
      province: 'Zhejiang',
      city: '杭州',
      size: '50-200',
      deal: 'USD 20000',
      language: 'en',
    });
    expect(good.body.toast).toMatchObject({ type: 'success' });
    const [lead] = await deps.db
      .select()
      .from(leads)
      .where(eq(leads.emailBidx, deps.keyring.blindIndex('email', 'tang@li.cn')));
    expect(lead).toMatchObject({
      province: 'zhejiang',
      city: 'hangzhou',
      dealSizeMinor: 2_000_000,
      dealCurrency: 'USD',
      language: 'en',
    });
  });
});

describe('the follow-up form', () => {
  it('"lead log" alone opens a form; a bad kind comes back under its field; a good submit records the activity', async () => {
    const lead = await createLead(
      deps,
      { kind: 'api', keyName: 'website' },
      {
        name: 'Qian Wei',
        email: 'qian@river.cn',
        // In Meng's region, so it goes to one of his reps: a manager logs on his own team's leads.
        region: 'east',
      },
    );
    // Amy, one of Meng's reps, holds it.
    await database.pool.query(
      `update leads set owner_id = (select id from users where email = 'amy@example.cn'), offered_to_id = null where id = $1`,
      [lead.id],
    );
    await secure(
      textMessageEvent({ token: TOKEN, openId: 'ou_meng', chatId: 'oc_p2p_meng', text: 'lead log' }),
    );
    await settle();
    const form = cardsTo('oc_p2p_meng').at(-1)!;
    const formJson = JSON.stringify(form.card);
    expect(formJson).toContain('"value":{"action":"lark.form","value":"lead log"}');
    expect(formJson).toContain('"tag":"select_static","name":"kind"');
    expect(formJson).toContain('"tag":"date_picker","name":"next"');

    const activities = async () =>
      (
        await database.pool.query(
          `select kind, note, data from lead_activities where lead_id = $1 and kind in ('call', 'visit', 'message', 'note')`,
          [lead.id],
        )
      ).rows;
    const before = await activities();
    const submit = (formValue: Record<string, string>) =>
      secure(
        cardActionEvent({
          token: TOKEN,
          openId: 'ou_meng',
          messageId: form.messageId ?? 'om_form',
          chatId: 'oc_p2p_meng',
          value: { action: 'lark.form', value: 'lead log' },
          formValue,
        }),
      );
    const bad = await submit({ lead: lead.number, kind: 'fax', note: 'sent the brochure' });
    expect(bad.body.toast).toMatchObject({ type: 'error', content: expect.stringContaining('"fax"') });
    const elements = (
      bad.body.card as { data: { body: { elements: { elements?: Record<string, unknown>[] }[] } } }
    ).data.body.elements[1]?.elements;
    const kind = elements?.findIndex((e) => e.name === 'kind') ?? -1;
    expect(elements?.[kind]).toMatchObject({ tag: 'select_static' });
    expect(elements?.[kind]).not.toHaveProperty('initial_option');
    expect(elements?.[kind + 1]).toMatchObject({
      tag: 'markdown',
      content: expect.stringContaining('not a kind of follow-up'),
    });
    // What was typed is kept.
    expect(elements?.find((e) => e.name === 'lead')).toMatchObject({ default_value: lead.number });
    expect(elements?.find((e) => e.name === 'note')).toMatchObject({ default_value: 'sent the brochure' });
    expect(await activities()).toEqual(before);

    const next = addDays(localDate(deps.clock.now(), 'Asia/Shanghai'), 3);
    // The date picker answers with the client's offset after the date, as Lark sends it.
    const good = await submit({
      lead: lead.number,
      kind: 'call',
      note: 'asked for a quote',
      next: `${next} +0800`,
    });
    expect(good.body.toast).toEqual({
      type: 'success',
      content: `Logged on ${lead.number}: call. Next step on ${next}.`,
    });
    expect(JSON.stringify(good.body.card)).not.toContain('"tag":"form"');
    expect(await activities()).toEqual([
      ...before,
      { kind: 'call', note: 'asked for a quote', data: { nextStep: next } },
    ]);
    const audit = await database.pool.query(
      `select actor_label from audit_log where action = 'lead.log' and entity_id = $1`,
      [lead.id],
    );
    expect(audit.rows).toEqual([{ actor_label: 'user:meng@example.cn' }]);
  });
});

describe('linking the roster', () => {
  it('at start, every unlinked roster user the Lark directory knows by email gets their open_id', async () => {
    const starting = createLarkAdapter(config());
    const server = await buildServer({ deps, api: [], adapters: [starting.plugin], health: {} });
    await server.ready();
    await starting.idle();
    await server.close();
    const rows = await database.pool.query(
      `select email, lark_open_id from users where email = 'dai@example.cn'`,
    );
    expect(rows.rows).toEqual([{ email: 'dai@example.cn', lark_open_id: 'ou_dai' }]);
    const audit = await database.pool.query(
      `select count(*)::int as n from audit_log where action = 'user.link_lark'`,
    );
    expect(audit.rows[0].n).toBeGreaterThanOrEqual(1);
  });
});

describe('the long connection', () => {
  it('rebuilds the 2.0 envelope from what the WSClient hands over and answers through the same handler', async () => {
    const seen: unknown[] = [];
    const dispatcher = wsDispatcher(async (envelope) => {
      seen.push(envelope);
      return { toast: { type: 'info', content: 'ok' } };
    });
    const event = cardActionEvent({
      token: TOKEN,
      openId: 'ou_bo',
      messageId: 'om_1',
      chatId: 'oc_1',
      value: { action: 'lead.claim', value: 'x' },
    });
    const answer = await dispatcher.invoke(event, { needCheck: false });
    expect(answer).toEqual({ toast: { type: 'info', content: 'ok' } });
    expect(seen).toEqual([
      {
        schema: '2.0',
        header: expect.objectContaining({
          event_id: event.header.event_id,
          event_type: 'card.action.trigger',
        }),
        event: expect.objectContaining({
          operator: event.event.operator,
          action: event.event.action,
          context: event.event.context,
        }),
      },
    ]);
  });
});
