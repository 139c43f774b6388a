import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import { createSlackTransport, type SlackTransport } from '../../../adapters/slack/transport.ts';
import { customerOptionsActionId } from '../../../adapters/slack/views.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import { importStatement } from '../../../src/app/reconcile/import-statement.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import {
  approvals,
  bankTransactions,
  customers,
  leads,
  messageRefs,
  orders,
  products,
  reconExceptions,
  users,
} from '../../../src/db/schema.ts';
import { insertOrder } from '../../collections/fixtures.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type ApiCall, type FakeSlack, startFakeSlack } from './fake-slack.ts';
import {
  click,
  event,
  send,
  slackConfig,
  slackServer,
  slash,
  submission,
  suggestion,
  until,
} from './slack-fixture.ts';

const roster = `name,email,roles,region,manager_email,slack_user_id,locale
Meng Manager,meng@example.cn,manager,east,,U0MENG,en
Amy Rep,amy@example.cn,rep,east,meng@example.cn,U0AMY,en
Bo Rep,bo@example.cn,rep,east,meng@example.cn,U0BO,en
Fang Finance,fang@example.cn,finance,,,U0FANG,en
Cai Rep,cai@example.cn,rep,east,meng@example.cn,,zh-CN
`;

const clock = testClock('2026-11-02T02:00:00Z');
let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let app: FastifyInstance;
let people: Record<string, UserRow>;
let claimLeadId: string;
let offerLeadId: string;
let offeredTo: UserRow;
let approveId: string;
let rejectId: string;
let exceptionId: string;

const website = { kind: 'api', keyName: 'website' } as const;
const tables = ['leads', 'orders', 'approvals', 'recon_exceptions', 'outbox', 'audit_log', 'users'];
const counts = async () =>
  Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await countRows(database, t)])));

let slackTransport: SlackTransport;

// Delivers everything due, then waits for the App Home refreshes those cards scheduled.
async function deliver(): Promise<void> {
  const transports = { console: createConsoleTransport(deps), slack: slackTransport };
  for (let round = 0; round < 5; round++) {
    if ((await deliverDue(deps, transports)).claimed === 0) break;
  }
  await slackTransport.homes.idle();
}

const lastCall = (method: string, where: (c: ApiCall) => boolean = () => true) =>
  until(() => slack.callsTo(method).filter(where).at(-1), method);

// The button exactly as the Slack transport posted it on a card.
let rejectButton: { action_id: string; value: string };
let ackButton: { action_id: string; value: string };
function postedButton(action: string, entityId: string): { action_id: string; value: string } {
  for (const call of slack.callsTo('chat.postMessage')) {
    for (const block of call.args.blocks as {
      type: string;
      elements?: { action_id: string; value: string }[];
    }[]) {
      if (block.type !== 'actions') continue;
      const found = block.elements?.find(
        (e) => e.action_id.startsWith(`${action}|`) && e.value.includes(entityId),
      );
      if (found) return found;
    }
  }
  throw new Error(`no ${action} button for ${entityId} was posted`);
}

const textOf = (c: ApiCall) => `${String(c.args.text)}\n${JSON.stringify(c.args.blocks ?? [])}`;

async function approvalFor(orderNumber: string, approver: UserRow): Promise<string> {
  const [row] = await deps.db
    .select({ id: approvals.id })
    .from(approvals)
    .innerJoin(orders, eq(orders.id, approvals.orderId))
    .where(and(eq(orders.number, orderNumber), eq(approvals.approverId, approver.id)));
  if (!row) throw new Error(`no approval of ${orderNumber}`);
  return row.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock, platforms: ['console', 'slack'] });
  slack = await startFakeSlack();
  slackTransport = createSlackTransport({
    config: slackConfig(slack),
    rates: { channel: { perMinute: 6_000, burst: 100 } },
    homeRefreshMs: 50,
  });
  await importRoster(deps, { kind: 'system', name: 'test' }, roster);
  const rows = await deps.db.select().from(users);
  people = Object.fromEntries(rows.map((u) => [u.email.split('@')[0] ?? '', u]));
  const amy = people.amy as UserRow;

  const pooled = await createLead(deps, website, {
    name: 'Zhou Jie',
    email: 'zhou@star.example',
    company: 'Star Trading',
    region: 'east',
    industry: 'retail',
  });
  const offered = await createLead(deps, website, {
    name: 'Sun Li',
    phone: '13800138000',
    company: 'Eastern Machines',
    region: 'east',
    industry: 'manufacturing',
  });
  if (pooled.duplicate || offered.duplicate || !offered.owner) throw new Error('unexpected routing');
  claimLeadId = pooled.id;
  offerLeadId = offered.id;
  offeredTo = rows.find((u) => u.id === offered.owner?.id) as UserRow;

  await deps.db
    .insert(products)
    .values({ sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' });
  await deps.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: amy.id });
  const asAmy = { kind: 'user' as const, user: amy };
  await runTextCommand(deps, asAmy, 'order new customer:ACME sku:B200 qty:1 plan:net-30');
  await runTextCommand(deps, asAmy, 'order new customer:ACME sku:B200 qty:2 plan:net-30');
  approveId = await approvalFor('SO-2026-00001', people.meng as UserRow);
  rejectId = await approvalFor('SO-2026-00002', people.meng as UserRow);

  await importStatement(deps, website, {
    csv: 'date,amount,currency,payer,memo,bank_txn_id\n2026-11-02,50.00,CNY,Someone,"rent, November",B-1',
  });
  const [exception] = await deps.db.select({ id: reconExceptions.id }).from(reconExceptions);
  exceptionId = exception?.id ?? '';

  await deliver();
  rejectButton = postedButton('order.reject', rejectId);
  ackButton = postedButton('recon.ack', exceptionId);
  app = await slackServer(deps, slack, slackTransport);
});
beforeEach(() => {
  slack.calls.length = 0;
});
afterAll(async () => {
  await app.close();
  await slack.close();
  await database.close();
});

describe('verification', () => {
  it('answers url_verification with the challenge', async () => {
    const res = await send(app, deps, {
      contentType: 'application/json',
      body: JSON.stringify({
        token: 't',
        challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
        type: 'url_verification',
      }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('refuses a forged signature and a stale timestamp with 401, and nothing changes', async () => {
    const before = await counts();
    const claim = click('U0BO', 'lead.claim|0', claimLeadId, { channel: 'C0LEADSEAST' });
    const forged = await send(app, deps, claim, { secret: 'not-the-signing-secret' });
    const stale = await send(app, deps, claim, { timestamp: Math.floor(clock.now().getTime() / 1000) - 301 });
    const future = await send(app, deps, claim, {
      timestamp: Math.floor(clock.now().getTime() / 1000) + 301,
    });
    const unsigned = await app.inject({
      method: 'POST',
      url: '/slack/events',
      headers: { 'content-type': claim.contentType },
      payload: claim.body,
    });
    expect([forged.statusCode, stale.statusCode, future.statusCode, unsigned.statusCode]).toEqual([
      401, 401, 401, 401,
    ]);
    await new Promise((r) => setTimeout(r, 50));
    expect(await counts()).toEqual(before);
    expect(slack.calls).toEqual([]);
    const [lead] = await deps.db.select().from(leads).where(eq(leads.id, claimLeadId));
    expect(lead?.ownerId).toBeNull();
  });
});

describe('clicks', () => {
  it('claim: acks with an empty 200, claims once, answers the clicker privately, and edits the channel card in place', async () => {
    const [posted] = await deps.db
      .select()
      .from(messageRefs)
      .where(and(eq(messageRefs.platform, 'slack'), eq(messageRefs.destination, 'C0LEADSEAST')));
    expect(posted?.messageId).toMatch(/^C0LEADSEAST\//);

    const res = await send(app, deps, click('U0BO', 'lead.claim|0', claimLeadId, { channel: 'C0LEADSEAST' }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    const reply = await lastCall('chat.postEphemeral');
    expect(reply.args).toMatchObject({ channel: 'C0LEADSEAST', user: 'U0BO' });
    expect(String(reply.args.text)).toContain('Zhou Jie');
    const [lead] = await deps.db.select().from(leads).where(eq(leads.id, claimLeadId));
    expect(lead?.ownerId).toBe(people.bo?.id);

    await deliver();
    const edit = await lastCall('chat.update');
    expect(`${edit.args.channel}/${edit.args.ts}`).toBe(posted?.messageId);
    expect(textOf(edit)).toContain('Bo Rep');
    expect(JSON.stringify(edit.args.blocks)).not.toContain('lead.claim');
  });

  it('a double click and a late rival change nothing and are answered privately', async () => {
    const before = await counts();
    await send(app, deps, click('U0BO', 'lead.claim|0', claimLeadId, { channel: 'C0LEADSEAST' }));
    const again = await lastCall('chat.postEphemeral', (c) => c.args.user === 'U0BO');
    await send(app, deps, click('U0AMY', 'lead.claim|0', claimLeadId, { channel: 'C0LEADSEAST' }));
    const rival = await lastCall('chat.postEphemeral', (c) => c.args.user === 'U0AMY');
    expect(String(again.args.text)).not.toBe(String(rival.args.text));
    expect(String(rival.args.text)).toContain('Bo Rep');
    expect(await counts()).toEqual(before);
    const [lead] = await deps.db.select().from(leads).where(eq(leads.id, claimLeadId));
    expect(lead?.ownerId).toBe(people.bo?.id);
  });

  it('accept: the offered rep accepts from their DM', async () => {
    const slackId = offeredTo.slackUserId as string;
    await send(app, deps, click(slackId, 'lead.accept|0', offerLeadId, { channel: `D${slackId.slice(1)}` }));
    await lastCall('chat.postEphemeral', (c) => c.args.user === slackId);
    const [lead] = await deps.db.select().from(leads).where(eq(leads.id, offerLeadId));
    expect(lead).toMatchObject({ status: 'accepted', ownerId: offeredTo.id });
  });

  it('approve: the manager approves; only they could', async () => {
    await send(app, deps, click('U0AMY', 'order.approve|0', approveId, { channel: 'DAMY' }));
    const denied = await lastCall('chat.postEphemeral', (c) => c.args.user === 'U0AMY');
    expect(String(denied.args.text)).not.toBe('');
    expect((await deps.db.select().from(approvals).where(eq(approvals.id, approveId)))[0]?.status).toBe(
      'pending',
    );

    await send(app, deps, click('U0MENG', 'order.approve|0', approveId, { channel: 'DMENG' }));
    await lastCall('chat.postEphemeral', (c) => c.args.user === 'U0MENG');
    expect((await deps.db.select().from(approvals).where(eq(approvals.id, approveId)))[0]?.status).toBe(
      'approved',
    );
  });

  it('reject: the click opens the reason modal at once; an empty reason is refused inline; a reason rejects', async () => {
    const reject = rejectButton;
    const res = await send(app, deps, click('U0MENG', reject.action_id, reject.value, { channel: 'DMENG' }));
    expect(res.statusCode).toBe(200);
    const open = await lastCall('views.open');
    const view = open.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string }[];
    };
    expect(view.callback_id).toBe('closeloop.prompt');
    expect(view.blocks.map((b) => b.block_id)).toEqual(['input']);
    expect(slack.calls.map((c) => c.method)).toEqual(['views.open']);

    const before = await counts();
    const empty = await send(
      app,
      deps,
      submission('U0MENG', view.callback_id, view.private_metadata, { input: '' }),
    );
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({
      response_action: 'errors',
      errors: { input: 'Write at least 1 characters.' },
    });
    expect(await counts()).toEqual(before);

    const ok = await send(
      app,
      deps,
      submission('U0MENG', view.callback_id, view.private_metadata, { input: 'Price below floor' }),
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('');
    await lastCall('chat.postEphemeral', (c) => c.args.user === 'U0MENG');
    const [row] = await deps.db.select().from(approvals).where(eq(approvals.id, rejectId));
    expect(row).toMatchObject({ status: 'rejected', reason: 'Price below floor' });
  });

  it('recon.ack: finance acknowledges the exception', async () => {
    await send(app, deps, click('U0FANG', 'recon.ack|0', exceptionId, { channel: 'C0FINANCE' }));
    await lastCall('chat.postEphemeral', (c) => c.args.user === 'U0FANG');
    const [row] = await deps.db.select().from(reconExceptions).where(eq(reconExceptions.id, exceptionId));
    expect(row?.status).not.toBe('open');
    expect(row?.status).toBe('acknowledged');
  });

  it('someone not on the roster is told so privately and nothing happens', async () => {
    const before = await counts();
    slack.users.set('U0STRANGER', 'stranger@elsewhere.example');
    await send(app, deps, click('U0STRANGER', 'recon.ack|0', exceptionId, { channel: 'C0FINANCE' }));
    const reply = await lastCall('chat.postEphemeral', (c) => c.args.user === 'U0STRANGER');
    // A stranger has no language of their own yet: the org's (zh-CN) is used.
    expect(String(reply.args.text)).toContain('你还不在花名册中');
    expect(slack.callsTo('users.info').map((c) => c.args.user)).toEqual(['U0STRANGER']);
    expect(await counts()).toEqual(before);
  });
});

describe('slash commands', () => {
  it('/lead mine answers privately through the response_url, in the user’s language', async () => {
    const res = await send(app, deps, slash('U0BO', '/lead', 'mine', slack.responseUrl('lead-mine')));
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    const reply = await lastCall('response_url');
    expect(reply.args.response_type).toBe('ephemeral');
    expect(textOf(reply)).toContain('L-000001');
  });

  it('/closeloop help lists the commands from the catalogue; a Chinese reader gets Chinese', async () => {
    slack.users.set('U0CAI', 'cai@example.cn');
    await send(app, deps, slash('U0CAI', '/closeloop', 'help', slack.responseUrl('help')));
    const reply = await lastCall('response_url');
    expect(textOf(reply)).toContain('线索 新建');
    // Cai had no Slack id: the first contact linked them by the email Slack has for the account.
    const [cai] = await deps.db.select().from(users).where(eq(users.email, 'cai@example.cn'));
    expect(cai?.slackUserId).toBe('U0CAI');
  });

  it('/kpi answers privately with the KPI card: a rep sees their own numbers', async () => {
    const res = await send(app, deps, slash('U0AMY', '/kpi', '', slack.responseUrl('kpi')));
    expect(res.statusCode).toBe(200);
    const reply = await lastCall('response_url');
    expect(reply.args.response_type).toBe('ephemeral');
    const blocks = JSON.stringify(reply.args.blocks);
    expect(blocks).toContain('My KPI');
    expect(blocks).toContain('New leads offered to you');
    expect(blocks).toContain('Overdue now');
    expect(blocks).not.toContain('lead new');
  });

  it('/lead new opens the new-lead modal right after the ack, before anything else', async () => {
    const command = slash('U0BO', '/lead', 'new', slack.responseUrl('new'));
    await send(app, deps, command);
    const open = await lastCall('views.open');
    expect(slack.calls.map((c) => c.method)).toEqual(['views.open']);
    expect(open.args.trigger_id).toBe(new URLSearchParams(command.body).get('trigger_id'));
    const view = open.args.view as { callback_id: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe('closeloop.lead_new');
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'name',
      'company',
      'email',
      'phone',
      'region',
      'industry',
      'province',
      'city',
      'size',
      'deal',
      'currency',
      'language',
      'note',
    ]);
  });

  it('/closeloop customer find answers privately with the matching customers and a Show button each', async () => {
    await deps.db
      .insert(customers)
      .values({ name: 'Zenith Optics Co., Ltd.', normalizedName: 'zenithoptics', currency: 'CNY' })
      .onConflictDoNothing();
    await send(
      app,
      deps,
      slash('U0AMY', '/closeloop', 'customer find zenith optics', slack.responseUrl('cfind')),
    );
    const reply = await lastCall('response_url');
    expect(reply.args.response_type).toBe('ephemeral');
    const blocks = JSON.stringify(reply.args.blocks);
    expect(blocks).toContain('Zenith Optics Co., Ltd.');
    expect(blocks).toContain('customer.show');
  });

  it("the order form's customer picker finds a customer by any CN/EN form of its name, and answers punctuation with no options", async () => {
    await deps.db
      .insert(customers)
      .values({ name: 'Zenith Optics Co., Ltd.', normalizedName: 'zenithoptics', currency: 'CNY' })
      .onConflictDoNothing();
    const found = await send(
      app,
      deps,
      suggestion('U0AMY', customerOptionsActionId, 'ZENITH OPTICS 有限公司'),
    );
    expect(found.statusCode).toBe(200);
    expect(found.json().options.map((o: { value: string }) => o.value)).toEqual(['Zenith Optics Co., Ltd.']);
    const none = await send(app, deps, suggestion('U0AMY', customerOptionsActionId, '%%'));
    expect(none.json()).toEqual({ options: [] });
  });

  it('/order new opens the new-order modal with the payment plans of closeloop.yaml', async () => {
    await send(app, deps, slash('U0AMY', '/order', 'new', slack.responseUrl('order-new')));
    const open = await lastCall('views.open');
    const view = open.args.view as {
      callback_id: string;
      blocks: { block_id: string; element: { options?: { value: string }[] } }[];
    };
    expect(view.callback_id).toBe('closeloop.order_new');
    expect(view.blocks.find((b) => b.block_id === 'plan')?.element.options?.map((o) => o.value)).toEqual(
      Object.keys(deps.policy.paymentPlans),
    );
    // Products are picked by search too: each picker row is served from the options route.
    expect(view.blocks.find((b) => b.block_id === 'product_1')?.element).toMatchObject({
      type: 'external_select',
      action_id: 'order_product',
    });
  });
});

describe('replays', () => {
  // The exact bytes and headers of one signed request, sent again within Slack's 5-minute window.
  const replay = async (delivery: Parameters<typeof send>[2], times: number) => {
    const answers = [];
    for (let i = 0; i < times; i++) answers.push(await send(app, deps, delivery));
    return answers;
  };
  const commentsOn = async (text: string) =>
    (await database.pool.query('select count(*)::int as n from comments where body = $1', [text])).rows[0].n;

  it('a slash command delivered three times comments once; the copies get an empty 200 and change nothing', async () => {
    const command = slash('U0AMY', '/order', 'comment SO-2026-00002 "replayed note"', slack.responseUrl('c'));
    const [first] = await replay(command, 1);
    expect(first?.statusCode).toBe(200);
    await lastCall('response_url');
    expect(await commentsOn('replayed note')).toBe(1);
    const before = await counts();
    const copies = await replay(command, 2);
    expect(copies.map((r) => [r.statusCode, r.body])).toEqual([
      [200, ''],
      [200, ''],
    ]);
    await new Promise((r) => setTimeout(r, 100));
    expect(await commentsOn('replayed note')).toBe(1);
    expect(await counts()).toEqual(before);
    expect(slack.callsTo('response_url')).toHaveLength(1);
  });

  it('a modal submission delivered twice creates one lead; a click delivered twice is answered once', async () => {
    const meta = JSON.stringify({ channel: 'C0LEADSEAST', locale: 'en' });
    const form = submission('U0BO', 'closeloop.lead_new', meta, {
      name: 'Replay Ren',
      email: 'ren@replay.example',
    });
    const [first, second] = await replay(form, 2);
    expect([first?.statusCode, second?.statusCode]).toEqual([200, 200]);
    const made = await database.pool.query(`select count(*)::int as n from leads where email_bidx = $1`, [
      deps.keyring.blindIndex('email', 'ren@replay.example'),
    ]);
    expect(made.rows).toEqual([{ n: 1 }]);

    const before = await counts();
    const ephemeralsBefore = slack.callsTo('chat.postEphemeral').length;
    const claim = click('U0AMY', 'lead.claim|0', claimLeadId, { channel: 'C0LEADSEAST' });
    await replay(claim, 2);
    await lastCall('chat.postEphemeral', (c) => c.args.user === 'U0AMY');
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.callsTo('chat.postEphemeral')).toHaveLength(ephemeralsBefore + 1);
    expect(await counts()).toEqual(before);
  });
});

describe('modals', () => {
  const leadMeta = JSON.stringify({ channel: 'C0LEADSEAST', locale: 'en' });

  it('a new lead with a bad email comes back inline on the email field and nothing is written', async () => {
    const before = await counts();
    const res = await send(
      app,
      deps,
      submission('U0BO', 'closeloop.lead_new', leadMeta, { name: 'Qian Wu', email: 'qian-at-example' }),
    );
    expect(res.statusCode).toBe(200);
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['email']);
    expect(body.errors.email).toContain('qian-at-example');
    expect(await counts()).toEqual(before);
  });

  it('a valid new lead is created, the modal closes, and the rep is told privately', async () => {
    const before = await countRows(database, 'leads');
    const res = await send(
      app,
      deps,
      submission('U0BO', 'closeloop.lead_new', leadMeta, {
        name: 'Qian Wu',
        email: 'qian@wu.example',
        company: 'Wu Metals',
        region: 'east',
        industry: 'retail',
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(await countRows(database, 'leads')).toBe(before + 1);
    const [lead] = await deps.db
      .select()
      .from(leads)
      .where(eq(leads.emailBidx, deps.keyring.blindIndex('email', 'qian@wu.example')));
    expect(lead?.company).toBe('Wu Metals');
    const reply = await lastCall('chat.postEphemeral', (c) => c.args.user === 'U0BO');
    expect(reply.args.channel).toBe('C0LEADSEAST');
  });

  it('a new lead from the modal carries province, city, size, deal, currency and language; a bad size comes back on its block', async () => {
    const before = await counts();
    const bad = await send(
      app,
      deps,
      submission('U0BO', 'closeloop.lead_new', leadMeta, {
        name: 'Feng Yu',
        email: 'feng@yu.example',
        size: 'lots',
      }),
    );
    const body = bad.json() as { response_action: string; errors: Record<string, string> };
    expect(body).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(body.errors)).toEqual(['size']);
    expect(body.errors.size).toContain('500+');
    expect(await counts()).toEqual(before);

    const good = await send(
      app,
      deps,
      submission('U0BO', 'closeloop.lead_new', leadMeta, {
        name: 'Feng Yu',
        email: 'feng@yu.example',
        province: '广东省',
        city: 'Shenzhen',
        size: '120',
        deal: '50万',
        currency: 'CNY',
        language: '中文',
      }),
    );
    expect(good.body).toBe('');
    const [lead] = await deps.db
      .select()
      .from(leads)
      .where(eq(leads.emailBidx, deps.keyring.blindIndex('email', 'feng@yu.example')));
    expect(lead).toMatchObject({
      province: 'guangdong',
      city: 'shenzhen',
      companySize: 120,
      dealSizeMinor: 50_000_000,
      dealCurrency: 'CNY',
      language: 'zh',
    });
  });

  it('a new order without customer or lead is refused inline; an unknown SKU is refused on the products field', async () => {
    const meta = JSON.stringify({ channel: 'C0LEADSEAST', locale: 'en' });
    const before = await counts();
    const none = await send(
      app,
      deps,
      submission('U0AMY', 'closeloop.order_new', meta, { line: 'B200*1', plan: { option: 'net-30' } }),
    );
    expect(none.json()).toEqual({
      response_action: 'errors',
      errors: { customer: 'Pick a customer or give one of your leads.' },
    });
    const badSku = await send(
      app,
      deps,
      submission('U0AMY', 'closeloop.order_new', meta, {
        customer: { option: 'ACME' },
        line: 'NOPE*1',
        plan: { option: 'net-30' },
      }),
    );
    expect(Object.keys((badSku.json() as { errors: object }).errors)).toEqual(['line']);
    expect(await counts()).toEqual(before);

    const ok = await send(
      app,
      deps,
      submission('U0AMY', 'closeloop.order_new', meta, {
        customer: { option: 'ACME' },
        line: 'B200*3\nB200*1@900',
        plan: { option: 'net-30' },
      }),
    );
    expect(ok.body).toBe('');
    const [order] = await deps.db.select().from(orders).where(eq(orders.number, 'SO-2026-00003'));
    expect(order).toMatchObject({ status: 'pending_approval', totalMinor: 390_000 });
    // The rep is told privately, after the modal closed.
    const told = await lastCall('chat.postEphemeral', (c) => c.args.user === 'U0AMY');
    expect(String(told.args.text)).toContain('SO-2026-00003');
    const afterThird = await counts();

    // A product picked with no quantity is refused on its quantity.
    const empty = { product_1: '', qty_1: '', product_2: '', qty_2: '', product_3: '', qty_3: '' };
    const half = await send(
      app,
      deps,
      submission('U0AMY', 'closeloop.order_new', meta, {
        ...empty,
        customer: { option: 'ACME' },
        line: 'B200*1',
        product_2: { option: 'B200' },
        plan: { option: 'net-30' },
      }),
    );
    expect(Object.keys((half.json() as { errors: object }).errors)).toEqual(['qty_2']);
    // (An unknown picked SKU is refused like a typed one: the row joined the lines; nothing is written.)
    const picked = await send(
      app,
      deps,
      submission('U0AMY', 'closeloop.order_new', meta, {
        ...empty,
        customer: { option: 'ACME' },
        product_1: { option: 'GONE-1' },
        qty_1: '2',
        plan: { option: 'net-30' },
      }),
    );
    const refused = (picked.json() as { errors: Record<string, string> }).errors;
    expect(Object.keys(refused)).toEqual(['line']);
    expect(refused.line).toContain('GONE-1');
    expect(await counts()).toEqual(afterThird);
  });
});

describe('log a follow-up', () => {
  const meta = JSON.stringify({ channel: 'C0LEADSEAST', locale: 'en' });

  it('/lead log L-000001 opens the follow-up modal with the lead filled in, right after the ack', async () => {
    await send(app, deps, slash('U0BO', '/lead', 'log L-000001', slack.responseUrl('log')));
    const open = await lastCall('views.open');
    expect(slack.calls.map((c) => c.method)).toEqual(['views.open']);
    const view = open.args.view as {
      callback_id: string;
      blocks: { block_id: string; element: { initial_value?: string; options?: { value: string }[] } }[];
    };
    expect(view.callback_id).toBe('closeloop.lead_log');
    expect(view.blocks.map((b) => b.block_id)).toEqual(['number', 'kind', 'note']);
    expect(view.blocks[0]?.element.initial_value).toBe('L-000001');
    expect(view.blocks[1]?.element.options?.map((o) => o.value)).toEqual([
      'call',
      'visit',
      'message',
      'note',
    ]);
  });

  it('an unknown lead and someone else’s lead come back inline on the lead field; nothing is written', async () => {
    const before = { ...(await counts()), activities: await countRows(database, 'lead_activities') };
    const unknown = await send(
      app,
      deps,
      submission('U0BO', 'closeloop.lead_log', meta, {
        number: 'L-999999',
        kind: { option: 'call' },
        note: 'Asked for a quote',
      }),
    );
    expect(unknown.statusCode).toBe(200);
    const body = unknown.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['number']);
    expect(body.errors.number).toContain('L-999999');
    const notMine = await send(
      app,
      deps,
      submission('U0AMY', 'closeloop.lead_log', meta, {
        number: 'L-000001',
        kind: { option: 'call' },
        note: 'Not my lead',
      }),
    );
    expect(Object.keys((notMine.json() as { errors: object }).errors)).toEqual(['number']);
    expect({ ...(await counts()), activities: await countRows(database, 'lead_activities') }).toEqual(before);
  });

  it('a valid follow-up is logged on the lead, audited, and the rep is told privately', async () => {
    const res = await send(
      app,
      deps,
      submission('U0BO', 'closeloop.lead_log', meta, {
        number: 'L-000001',
        kind: { option: 'visit' },
        note: 'Met the buyer on site',
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    const activity = await database.pool.query(
      `select kind, note from lead_activities where lead_id = $1 and kind = 'visit'`,
      [claimLeadId],
    );
    expect(activity.rows).toEqual([{ kind: 'visit', note: 'Met the buyer on site' }]);
    const audit = await database.pool.query(
      `select count(*)::int as n from audit_log where action = 'lead.log'`,
    );
    expect(audit.rows[0]?.n).toBe(1);
    const reply = await lastCall('chat.postEphemeral', (c) => c.args.user === 'U0BO');
    expect(reply.args.channel).toBe('C0LEADSEAST');
    expect(String(reply.args.text)).toContain('L-000001');
  });
});

describe('App Home', () => {
  it('publishes my leads, my pending approvals with their buttons and my receivables', async () => {
    await send(
      app,
      deps,
      event('Ev0HOME1', {
        type: 'app_home_opened',
        user: 'U0MENG',
        channel: 'D0MENG',
        tab: 'home',
        event_ts: '1700000000.000100',
      }),
    );
    const publish = await lastCall('views.publish');
    expect(publish.args.user_id).toBe('U0MENG');
    const view = publish.args.view as { type: string; blocks: object[] };
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('SO-2026-00003');
    expect(json).toContain('order.approve|0');
    expect(json).toContain('order.reject|1');
    expect(json).not.toContain('SO-2026-00001');
  });

  it('another user’s approval republishes the requester’s home and the approver’s, without any click on Home', async () => {
    const approval = await approvalFor('SO-2026-00003', people.meng as UserRow);
    // Earlier tests' cards go out first, so what follows is this approval's doing alone.
    await deliver();
    slack.calls.length = 0;
    await send(app, deps, click('U0MENG', 'order.approve|0', approval, { channel: 'DMENG' }));
    await lastCall('chat.postEphemeral', (c) => c.args.user === 'U0MENG');
    expect(slack.callsTo('views.publish')).toEqual([]);

    await deliver();
    const dms = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0AMY');
    expect(dms.map(textOf).join('\n')).toContain('SO-2026-00003');
    const published = slack.callsTo('views.publish');
    expect(new Set(published.map((c) => c.args.user_id))).toEqual(new Set(['U0AMY', 'U0MENG']));
    const mengHome = JSON.stringify(published.findLast((c) => c.args.user_id === 'U0MENG')?.args.view);
    expect(mengHome).not.toContain('SO-2026-00003');
    expect(mengHome).not.toContain('order.approve');
  });

  it('the same event delivered three times with retry headers publishes once', async () => {
    const before = await countRows(database, 'inbound_events');
    const home = event('Ev0HOME2', {
      type: 'app_home_opened',
      user: 'U0BO',
      channel: 'D0BO',
      tab: 'home',
      event_ts: '1700000000.000200',
    });
    const first = await send(app, deps, home);
    await lastCall('views.publish');
    const retries = [
      await send(app, deps, home, {
        headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
      }),
      await send(app, deps, home, {
        headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' },
      }),
    ];
    expect([first, ...retries].map((r) => r.statusCode)).toEqual([200, 200, 200]);
    // Give a wrongly accepted retry the time it would need to publish.
    await new Promise((r) => setTimeout(r, 100));
    expect(slack.callsTo('views.publish')).toHaveLength(1);
    expect(await countRows(database, 'inbound_events')).toBe(before + 1);
  });

  it('a click on App Home answers by DM and refreshes the home tab', async () => {
    await send(app, deps, click('U0FANG', ackButton.action_id, ackButton.value, {}));
    const dm = await lastCall('chat.postMessage');
    expect(dm.args.channel).toBe('U0FANG');
    const publish = await lastCall('views.publish');
    expect(publish.args.user_id).toBe('U0FANG');
  });
});

// Last: its hand-made order takes an order number the flows above expect to get.
describe('manual match', () => {
  it('recon.match: Match manually opens the prompt; an unknown order is refused inline; valid orders match and edit the card', async () => {
    const [acme] = await deps.db.select().from(customers).where(eq(customers.name, 'ACME'));
    await insertOrder(database, {
      number: 'SO-2026-00090',
      ownerId: people.amy?.id ?? '',
      customerId: acme?.id ?? '',
      parts: [{ dueOn: '2026-10-01', amountMinor: 40_000 }],
    });
    await importStatement(deps, website, {
      csv: 'date,amount,currency,payer,memo,bank_txn_id\n2026-11-02,400.00,CNY,Nobody,misc,B-9',
    });
    const [line] = await deps.db.select().from(bankTransactions).where(eq(bankTransactions.bankTxnId, 'B-9'));
    const [exception] = await deps.db
      .select()
      .from(reconExceptions)
      .where(eq(reconExceptions.bankTransactionId, line?.id ?? ''));
    const id = exception?.id ?? '';
    await deliver();
    const match = postedButton('recon.match', id);
    const [posted] = await deps.db
      .select()
      .from(messageRefs)
      .where(and(eq(messageRefs.platform, 'slack'), eq(messageRefs.refKey, `recon:${id}`)));
    slack.calls.length = 0;

    await send(app, deps, click('U0FANG', match.action_id, match.value, { channel: 'C0FINANCE' }));
    const open = await lastCall('views.open');
    const view = open.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('closeloop.prompt');
    expect(JSON.stringify(open.args.view)).toContain('SO202600012, SO202600015');

    const before = await countRows(database, 'allocations');
    const unknown = await send(
      app,
      deps,
      submission('U0FANG', view.callback_id, view.private_metadata, { input: 'SO-2099-00404' }),
    );
    const body = unknown.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors.input).toContain('SO-2099-00404');
    expect(await countRows(database, 'allocations')).toBe(before);

    const ok = await send(
      app,
      deps,
      submission('U0FANG', view.callback_id, view.private_metadata, { input: 'SO-2026-00090' }),
    );
    expect(ok.body).toBe('');
    await lastCall('chat.postEphemeral', (c) => c.args.user === 'U0FANG');
    expect(await countRows(database, 'allocations')).toBe(before + 1);
    await deliver();
    const edit = await lastCall('chat.update');
    expect(`${edit.args.channel}/${edit.args.ts}`).toBe(posted?.messageId);
    expect(textOf(edit)).toContain('SO-2026-00090');
    expect(textOf(edit)).toContain('Fang Finance');
    expect(JSON.stringify(edit.args.blocks)).not.toContain('recon.match');
  });
});
