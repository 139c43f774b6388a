// POST /api/hooks/leads/:source: a third party's payload mapped by closeloop.yaml, signed or sent with an API key.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { PolicyError, parsePolicy } from '../../src/config/load-policy.ts';
import { leadHooksPlugin, signHookBody } from '../../src/http/api/lead-hooks.ts';
import { buildServer } from '../../src/http/server.ts';
import { addTeam, cards, type Team } from '../app/leads/fixtures.ts';
import { type TestClock, testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase, truncateTables } from '../helpers/db.ts';
import { examplePolicyFile, testDeps } from '../helpers/deps.ts';

const example = readFileSync(examplePolicyFile, 'utf8');
const withSources = (sources: string) => `${example}\nleads:\n  sources:\n${sources}`;

const sources = `    baidu:
      fields:
        name: contact.full_name
        company: contact.company
        phone: contact.phones.0
        email: contact.email
        province: contact.province
        utm_campaign: tracking.campaign
        note: message
      set: { source: baidu, region: east, industry: manufacturing }
      signature: { secretEnv: HOOK_BAIDU_SECRET, tolerance: 5m }
    expo-app:
      fields: { name: who, email: mail }
`;

const secret = 's3cret-baidu';
let database: TestDatabase;
let deps: AppDeps;
let clock: TestClock;
let app: FastifyInstance;
let team: Team;
let apiKey: string;

beforeAll(async () => {
  database = await createTestDatabase();
  clock = testClock('2026-11-02T02:00:00Z');
  deps = testDeps(database, { clock, policy: parsePolicy(withSources(sources), 'closeloop.yaml') });
  team = await addTeam(database);
  app = await buildServer({
    deps,
    api: [],
    adapters: [leadHooksPlugin({ env: { HOOK_BAIDU_SECRET: secret } })],
    health: {},
  });
  apiKey = (await createApiKey(deps, 'forms')).key;
});

beforeEach(async () => {
  await truncateTables(
    database,
    'leads, lead_activities, audit_log, outbox, routing_cursors, api_idempotency cascade',
  );
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

const payload = {
  contact: {
    full_name: '  张伟 ',
    company: '杭州远景电子科技有限公司',
    phones: ['＋86 139-0013-9000', '0571-88886666'],
    email: null,
    province: '浙江',
  },
  tracking: { campaign: '春季推广', keyword: 'CRM' },
  message: '想要报价',
};

function signed(body: unknown, options: { secret?: string; at?: number; source?: string } = {}) {
  const text = JSON.stringify(body);
  const timestamp = String(options.at ?? Math.floor(clock.now().getTime() / 1000));
  return app.inject({
    method: 'POST',
    url: `/api/hooks/leads/${options.source ?? 'baidu'}`,
    headers: {
      'content-type': 'application/json',
      'x-closeloop-timestamp': timestamp,
      'x-closeloop-signature': signHookBody(options.secret ?? secret, timestamp, text),
    },
    payload: text,
  });
}

async function counts() {
  return {
    leads: await countRows(database, 'leads'),
    activities: await countRows(database, 'lead_activities'),
    outbox: await countRows(database, 'outbox'),
    audit: await countRows(database, 'audit_log'),
  };
}

describe('POST /api/hooks/leads/:source', () => {
  it('a signed payload is mapped (dot paths, list index, Chinese data, constants) and routed like any lead', async () => {
    const res = await signed(payload);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ duplicate: false, status: 'offered', owner: { name: 'Amy' } });
    const [lead] = (
      await database.db.execute<Record<string, string>>(
        sql`select name, company, phone, phone_bidx, email, province, source, campaign, note, region, industry from leads`,
      )
    ).rows;
    // Stored sealed; opened, it is the phone as sent.
    expect({ ...lead, phone: deps.keyring.decrypt(lead?.phone ?? null) }).toEqual({
      name: '张伟',
      company: '杭州远景电子科技有限公司',
      phone: '＋86 139-0013-9000',
      phone_bidx: deps.keyring.blindIndex('phone', '+8613900139000'),
      email: null,
      province: expect.stringMatching(/zhejiang|浙江/i),
      source: 'baidu',
      campaign: '春季推广',
      note: '想要报价',
      region: 'east',
      industry: 'manufacturing',
    });
    const [offer] = await cards(database, { destination: `user:${team.amy.id}` });
    expect(offer?.card.title).toBe('New lead for you: 张伟');
    const [audit] = (
      await database.db.execute<{ actor_label: string }>(
        sql`select actor_label from audit_log where action = 'lead.create'`,
      )
    ).rows;
    expect(audit?.actor_label).toBe('api:hook:baidu');
  });

  it('a retried delivery makes no second lead: it is a duplicate touch on the first', async () => {
    const first = await signed(payload);
    const retry = await signed(payload);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ id: first.json().id, number: first.json().number, duplicate: true });
    expect(await countRows(database, 'leads')).toBe(1);
  });

  it('a retry with the same Idempotency-Key gets the first answer and writes nothing more', async () => {
    const text = JSON.stringify(payload);
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    const send = () =>
      app.inject({
        method: 'POST',
        url: '/api/hooks/leads/baidu',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': 'delivery-42',
          'x-closeloop-timestamp': timestamp,
          'x-closeloop-signature': signHookBody(secret, timestamp, text),
        },
        payload: text,
      });
    const first = await send();
    const before = await counts();
    const again = await send();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await counts()).toEqual(before);
  });

  it('a bad signature, a stale timestamp or no credentials is 401 and nothing is written', async () => {
    const wrong = await signed(payload, { secret: 'guess' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toBe('hook_signature_invalid');
    const stale = await signed(payload, { at: Math.floor(clock.now().getTime() / 1000) - 600 });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error).toBe('hook_signature_expired');
    const tampered = await app.inject({
      method: 'POST',
      url: '/api/hooks/leads/baidu',
      headers: {
        'content-type': 'application/json',
        'x-closeloop-timestamp': String(Math.floor(clock.now().getTime() / 1000)),
        'x-closeloop-signature': signHookBody(secret, '1', JSON.stringify(payload)),
      },
      payload: JSON.stringify(payload),
    });
    expect(tampered.statusCode).toBe(401);
    const unsigned = await app.inject({
      method: 'POST',
      url: '/api/hooks/leads/expo-app',
      payload: { who: 'A', mail: 'a@b.cn' },
    });
    expect(unsigned.statusCode).toBe(401);
    expect(await counts()).toEqual({ leads: 0, activities: 0, outbox: 0, audit: 0 });
  });

  it('an API key works instead of a signature, for any source', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/hooks/leads/expo-app',
      headers: { authorization: `Bearer ${apiKey}` },
      payload: { who: 'Jane Roe', mail: 'Jane@Roe.example' },
    });
    expect(res.statusCode).toBe(201);
    const [lead] = (
      await database.db.execute<{ source: string; email_bidx: string }>(
        sql`select source, email_bidx from leads`,
      )
    ).rows;
    expect(lead).toEqual({
      source: 'expo-app',
      email_bidx: deps.keyring.blindIndex('email', 'jane@roe.example'),
    });
  });

  it('a signed payload with a __proto__ key is 400 naming its path; a cut-short one says where JSON broke', async () => {
    // Parsed, not built: an object literal's __proto__ would set the prototype instead of making the key.
    const poisoned = await signed(JSON.parse(`{"contact":{"__proto__":{"full_name":"x"}},"tracking":{}}`));
    expect(poisoned.statusCode).toBe(400);
    expect(poisoned.json()).toMatchObject({ error: 'body_forbidden_key', field: 'contact.__proto__' });
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    const text = '{"contact":';
    const cut = await app.inject({
      method: 'POST',
      url: '/api/hooks/leads/baidu',
      headers: {
        'content-type': 'application/json',
        'x-closeloop-timestamp': timestamp,
        'x-closeloop-signature': signHookBody(secret, timestamp, text),
      },
      payload: text,
    });
    expect(cut.statusCode).toBe(400);
    expect(cut.json()).toMatchObject({ error: 'body_not_json', field: '(body)' });
    expect(await counts()).toEqual({ leads: 0, activities: 0, outbox: 0, audit: 0 });
  });

  it('a payload missing a mapped required field is 400 naming the payload path and the lead field', async () => {
    const noName = await signed({ ...payload, contact: { ...payload.contact, full_name: '' } });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().message).toBe(
      'contact.full_name (→ name) is missing or empty; send it, or map name elsewhere in leads.sources.baidu.fields',
    );
    const noContact = await signed({ ...payload, contact: { ...payload.contact, phones: [] } });
    expect(noContact.statusCode).toBe(400);
    expect(noContact.json().message).toMatch(
      /contact\.email \(→ email\) and contact\.phones\.0 \(→ phone\) are missing/,
    );
    const list = await signed({ ...payload, contact: { ...payload.contact, full_name: ['张', '伟'] } });
    expect(list.json().message).toBe(
      'contact.full_name (→ name) is a list, not a value; map one item, e.g. contact.full_name.0',
    );
    const badPhone = await signed({ ...payload, contact: { ...payload.contact, phones: ['12'] } });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json()).toMatchObject({ field: 'phone', path: 'contact.phones.0' });
    expect(badPhone.json().message).toMatch(/^contact\.phones\.0 \(→ phone\): /);
    expect(await counts()).toEqual({ leads: 0, activities: 0, outbox: 0, audit: 0 });
  });

  it('an unknown source is 404 naming the known ones', async () => {
    const res = await signed(payload, { source: 'tiktok' });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe(
      'no lead source "tiktok" in closeloop.yaml leads.sources; known: baidu, expo-app',
    );
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'a source named %s (a name every object has) is 404 unknown, not 500, even with a valid key',
    async (name) => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/hooks/leads/${name}`,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ who: 'Li Lei', mail: 'li@acme.cn' }),
      });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: 'hook_source_unknown' });
      expect(await counts()).toEqual({ leads: 0, activities: 0, outbox: 0, audit: 0 });
    },
  );
});

describe('leads.sources in closeloop.yaml', () => {
  const problems = (text: string) => {
    try {
      parsePolicy(withSources(text), 'closeloop.yaml');
      return [];
    } catch (e) {
      if (e instanceof PolicyError) return e.problems;
      throw e;
    }
  };

  it('names the path and the fix of each mistake', () => {
    expect(problems('    web:\n      fields: { fullname: a.b, email: c }\n')).toEqual([
      expect.stringMatching(
        /at leads\.sources\.web\.fields\.fullname: "fullname" is not a lead field; use one of name, company/,
      ),
    ]);
    expect(problems('    web:\n      fields: { email: c }\n')).toEqual([
      expect.stringMatching(/at leads\.sources\.web\.fields\.name: map name to the payload's person name/),
    ]);
    expect(problems('    web:\n      fields: { name: a, phone: "b..c" }\n')).toEqual([
      expect.stringMatching(/at leads\.sources\.web\.fields\.phone: write a dot path/),
    ]);
    expect(
      problems('    web:\n      fields: { name: a, phone: b }\n      signature: { secretEnv: my-secret }\n'),
    ).toEqual([
      expect.stringMatching(/at leads\.sources\.web\.signature\.secretEnv: name an environment variable/),
    ]);
    expect(problems('    constructor:\n      fields: { name: a, phone: b }\n')).toEqual([
      expect.stringMatching(/at leads\.sources\.constructor: "constructor" is a reserved word/),
    ]);
    expect(problems('    Web:\n      fields: { name: a, phone: b }\n')).toEqual([
      expect.stringMatching(/at leads\.sources\.Web: source names are lower-case-with-dashes/),
    ]);
  });
});
