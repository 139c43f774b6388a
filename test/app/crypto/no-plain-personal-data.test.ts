// No table holds a phone, e-mail or tax ID in the clear after the whole loop ran on it: a lead taken in over the API
// and one over a Slack message event, a customer with a tax ID, the claim clicked on Slack, every card sent to
// (fake) Slack and the console, the console conversation opened, exports on the API and on Slack, a webhook
// delivered. Every text, jsonb and array column of every table is scanned, and a leak is named table.column.
// Meanwhile the owner still sees the full phone on Slack and in the console.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePlugin } from '../../../adapters/console/plugin.ts';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import { slackPlugin } from '../../../adapters/slack/plugin.ts';
import { createSlackTransport } from '../../../adapters/slack/transport.ts';
import { createWebhookTransport } from '../../../adapters/webhook/transport.ts';
import { createApiKey } from '../../../src/app/apikeys/create-api-key.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { deliverDue, type Transports } from '../../../src/app/outbox/deliver-outbox.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { users } from '../../../src/db/schema.ts';
import { customersApi } from '../../../src/http/api/customers.ts';
import { exportsApi } from '../../../src/http/api/exports.ts';
import { leadsApi } from '../../../src/http/api/leads.ts';
import { webhooksApi } from '../../../src/http/api/webhooks.ts';
import { buildServer } from '../../../src/http/server.ts';
import { type FakeSlack, startFakeSlack } from '../../adapters/slack/fake-slack.ts';
import { click, event, send, slackConfig, slash, until } from '../../adapters/slack/slack-fixture.ts';
import { type TestClock, testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { startTestReceiver, type TestReceiver } from '../../webhooks/receiver-fixture.ts';

const roster = `name,email,roles,region,manager_email,slack_user_id,locale
Meng Manager,meng@example.cn,manager,east,,U0MENG,en
Amy Rep,amy@example.cn,rep,east,meng@example.cn,U0AMY,en
Fang Finance,fang@example.cn,finance,,,U0FANG,en
`;
const SECRET = 'scan-webhook-secret-0123456789abcdef';

// What went in: phones are looked for without their spaces and dashes, e-mails in any case.
// 61234567: a local number without area code, too short to look like a phone, sealed as the lead's own value.
const phones = ['13800138000', '13900139000', '13612345678', '61234567'];
const emails = ['li.lei@acme-secret.cn', 'han@silk-secret.cn', 'buyer@secret-parts.cn'];
const taxIds = ['91320500MA1SEC0042'];

let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let app: FastifyInstance;
let erp: TestReceiver;
let dataDir: string;
let auth: { authorization: string };
let transports: Transports;
let amyId = '';
let apiLeadId = '';

const api = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });

async function drain(): Promise<void> {
  for (let i = 0; i < 10; i++) if ((await deliverDue(deps, transports)).claimed === 0) return;
}

// Every text-like column of every table in the app's schema (arrays and jsonb as their text).
async function textColumns(): Promise<Array<{ table: string; column: string }>> {
  const { rows } = await database.pool.query<{ table: string; column: string }>(
    `select c.table_name as table, c.column_name as column
       from information_schema.columns c join information_schema.tables t
         on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = 'public'
        and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
      order by 1, 2`,
  );
  return rows;
}

// table.column: what of the secrets it holds in the clear.
async function leaks(): Promise<string[]> {
  const found: string[] = [];
  for (const { table, column } of await textColumns()) {
    const t = `"${table}"`;
    const c = `"${column}"`;
    const { rows } = await database.pool.query<{ hit: string }>(
      `select s as hit from unnest($1::text[]) as s
        where exists (select 1 from ${t} where ${c} is not null and
                      (case when s ~ '^[0-9]+$' then regexp_replace(${c}::text, '[\\s()-]', '', 'g')
                            else lower(${c}::text) end) like '%' || lower(s) || '%')`,
      [[...phones, ...emails, ...taxIds]],
    );
    for (const r of rows) found.push(`${table}.${column}: ${r.hit}`);
  }
  return found;
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z'), platforms: ['console', 'slack'] });
  deps.policy = { ...deps.policy, webhooks: { ...deps.policy.webhooks, allowPrivate: true } };
  slack = await startFakeSlack();
  dataDir = await mkdtemp(join(tmpdir(), 'closeloop-scan-'));
  await importRoster(deps, { kind: 'system', name: 'test' }, roster);
  const people = await deps.db.select({ id: users.id, email: users.email }).from(users);
  amyId = people.find((p) => p.email === 'amy@example.cn')?.id ?? '';
  for (const p of people) slack.users.set(`U0${p.email.split('@')[0]?.toUpperCase()}`, p.email);
  app = await buildServer({
    deps,
    api: [leadsApi, customersApi, exportsApi, webhooksApi()],
    adapters: [slackPlugin({ ...slackConfig(slack), dataDir }, { linkPeopleOnStart: false }), consolePlugin],
    health: {},
  });
  auth = { authorization: `Bearer ${(await createApiKey(deps, 'erp')).key}` };
  const clock = deps.clock as TestClock;
  erp = await startTestReceiver({ secret: SECRET, now: () => clock.now() });
  transports = {
    console: createConsoleTransport(deps),
    slack: createSlackTransport({
      config: slackConfig(slack),
      rates: { channel: { perMinute: 6_000, burst: 100 } },
    }),
    webhook: createWebhookTransport(deps, { secrets: {} }),
  };
  expect(
    (await api('POST', '/api/webhooks', { url: erp.url, events: ['*'], secret: SECRET })).statusCode,
  ).toBe(201);

  // A lead over the API, offered in the east pool and claimed on Slack by Amy.
  const lead = await api('POST', '/api/leads', {
    name: 'Li Lei',
    company: 'Secret Acme',
    email: 'Li.Lei@acme-secret.cn',
    phone: '138 0013 8000',
    region: 'east',
  });
  expect(lead.statusCode).toBe(201);
  apiLeadId = lead.json().id;
  await drain();
  const claimed = await send(
    app,
    deps,
    click('U0AMY', 'lead.claim|0', apiLeadId, { channel: 'C0LEADSEAST' }),
  );
  expect(claimed.statusCode).toBe(200);

  // A lead list sent to the bot in a Slack DM (a message event with a file).
  const csv = 'name,company,email,phone\nHan Slack,Silk Secret,han@silk-secret.cn,139-0013-9000\n';
  slack.files.set('F0SCAN', { name: 'expo.csv', mimetype: 'text/csv', bytes: Buffer.from(csv) });
  await send(
    app,
    deps,
    event('Ev0SCAN1', {
      type: 'message',
      event_ts: '1700001000.000001',
      subtype: 'file_share',
      user: 'U0AMY',
      text: 'lead import',
      files: [{ id: 'F0SCAN', name: 'expo.csv', mimetype: 'text/csv', size: csv.length }],
      ts: '1700001000.000001',
      channel: 'D0AMY',
      channel_type: 'im',
    }),
  );
  await until(
    () => slack.callsTo('chat.postMessage').find((c) => String(c.args.text).includes('expo.csv')),
    'the import answer',
  );

  // A lead whose phone is a local number: its cards seal it because the card names it, not because it looks like one.
  const local = await api('POST', '/api/leads', {
    name: 'Wu Local',
    company: 'Local Secret',
    phone: '6123 4567',
    region: 'east',
  });
  expect(local.statusCode).toBe(201);

  // A customer with a tax ID and a contact, for the finance side.
  const customer = await api('POST', '/api/customers', {
    name: 'Secret Parts Co',
    taxId: '91320500MA1SEC0042',
    email: 'buyer@secret-parts.cn',
    phone: '136 1234 5678',
  });
  expect(customer.statusCode).toBe(201);

  // Exports: over the API and as a file on Slack.
  expect((await api('GET', '/api/exports/leads?format=csv')).body).toContain('138 0013 8000');
  await send(app, deps, slash('U0AMY', '/closeloop', 'export leads', slack.responseUrl('export')));
  await until(() => slack.callsTo('files.completeUploadExternal').length > 0, 'the export upload');

  await drain();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await erp?.close();
  await slack?.close();
  await database?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('personal data at rest across the whole loop', () => {
  it('the owner sees the full phone and e-mail on Slack and in the console', async () => {
    const toAmy = slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'D0AMY' || c.args.channel === 'U0AMY')
      .map((c) => JSON.stringify(c.args.blocks ?? c.args.text));
    expect(
      toAmy.some((text) => text.includes('138 0013 8000') && text.includes('Li.Lei@acme-secret.cn')),
    ).toBe(true);
    const feed = await app.inject({ method: 'GET', url: `/console/api/feed?as=${amyId}` });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('138 0013 8000');
    expect(feed.body).toContain('Li.Lei@acme-secret.cn');
    expect(feed.body).not.toContain('\u27e6');
  });

  it('the webhook receiver got the lead in the clear', () => {
    const created = erp.receiver.events.filter((e) => e.type === 'lead.created').map((e) => e.data);
    expect(created).toContainEqual(expect.objectContaining({ phone: '138 0013 8000' }));
  });

  it('no column of any table holds a phone, e-mail or tax ID in the clear', async () => {
    // The scan itself can fail: a plain copy written on purpose is found and named.
    await database.pool.query(`insert into console_messages (destination, idempotency_key, card) values
      ('user:x', 'scan-probe', '{"title": "call 138-0013-8000"}')`);
    expect(await leaks()).toEqual(['console_messages.card: 13800138000']);
    await database.pool.query(`delete from console_messages where idempotency_key = 'scan-probe'`);
    expect(await leaks()).toEqual([]);
  });
});
