// POST /api/leads with { leads: [...] }: each item checked and reported by index, good items in, bad ones change nothing.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { leadsApi } from '../../src/http/api/leads.ts';
import { buildServer } from '../../src/http/server.ts';
import { addTeam, cards, type Team } from '../app/leads/fixtures.ts';
import { countRows, createTestDatabase, type TestDatabase, truncateTables } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let team: Team;
let auth: { authorization: string };

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  team = await addTeam(database);
  app = await buildServer({ deps, api: [leadsApi], adapters: [], health: {} });
  auth = { authorization: `Bearer ${(await createApiKey(deps, 'website')).key}` };
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

const post = (payload: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/leads', headers: { ...auth, ...headers }, payload });

async function counts() {
  return {
    leads: await countRows(database, 'leads'),
    activities: await countRows(database, 'lead_activities'),
    outbox: await countRows(database, 'outbox'),
    audit: await countRows(database, 'audit_log'),
  };
}

const lilei = {
  name: 'Li Lei',
  company: '上海顺达机械有限公司',
  phone: '138 0013 8000',
  region: 'east',
  industry: 'manufacturing',
  source: 'Baidu',
  campaign: 'spring-expo',
};

const good: object[] = [
  lilei,
  { name: 'Han Meimei', email: 'Han@Example.cn', region: 'west', companySize: 250, dealSize: 500000 },
];

describe('POST /api/leads with a batch', () => {
  it('creates and routes each good item, reporting id, number, status and owner by index', async () => {
    const res = await post({ leads: good });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: 2, duplicates: 0, invalid: 0 });
    expect(body.items).toEqual([
      {
        index: 0,
        result: 'created',
        id: expect.any(String),
        number: expect.stringMatching(/^L-\d{6}$/),
        status: 'offered',
        owner: { id: team.amy.id, name: 'Amy' },
      },
      {
        index: 1,
        result: 'created',
        id: expect.any(String),
        number: expect.stringMatching(/^L-\d{6}$/),
        status: 'offered',
        channel: 'leads-pool',
      },
    ]);
    const [row] = (
      await database.db.execute<{
        source: string;
        campaign: string;
        phone_bidx: string;
        company_size: number;
      }>(sql`select source, campaign, phone_bidx, company_size from leads where id = ${body.items[0].id}`)
    ).rows;
    expect(row).toMatchObject({
      source: 'baidu',
      campaign: 'spring-expo',
      phone_bidx: deps.keyring.blindIndex('phone', '+8613800138000'),
    });
    const [offer] = await cards(database, { destination: `user:${team.amy.id}` });
    expect(offer?.card.title).toBe('New lead for you: Li Lei');
    const audit = (
      await database.db.execute<{ action: string; after: { via?: string } }>(
        sql`select action, after from audit_log where action = 'lead.create'`,
      )
    ).rows;
    expect(audit.map((a) => a.after.via)).toEqual(['api-batch', 'api-batch']);
  });

  it('a bad item is reported as leads.N.field with the fix and writes nothing; the good ones go in', async () => {
    const res = await post({
      leads: [
        lilei,
        { name: 'No Contact' },
        { name: 'Bad Mail', email: 'not-an-email' },
        { name: 'Bad Phone', phone: '12' },
        { name: 'Bad Size', phone: '13900139000', companySize: 'lots' },
        { email: 'nameless@example.com' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: 1, duplicates: 0, invalid: 5 });
    const errors = Object.fromEntries(
      body.items
        .filter((i: { result: string }) => i.result === 'invalid')
        .map((i: { index: number; errors: { field: string; message: string }[] }) => [
          i.index,
          i.errors.map((e) => `${e.field}: ${e.message}`),
        ]),
    );
    expect(errors[1]).toEqual([
      'leads.1.email: send an email or a phone (or both) so the lead can be contacted',
    ]);
    expect(errors[2]?.[0]).toMatch(/^leads\.2\.email: email is not an email address; send it like/);
    expect(errors[3]?.[0]).toMatch(/^leads\.3\.phone: .*12/);
    expect(errors[4]?.[0]).toMatch(/^leads\.4\.companySize: .*lots/);
    expect(errors[5]).toEqual(['leads.5.name: name is required: the person’s name']);
    expect(await counts()).toMatchObject({ leads: 1 });
    const activities = await database.db.execute<{ n: string }>(
      sql`select count(*) n from lead_activities where data->>'name' like 'Bad%' or data->>'name' = 'No Contact'`,
    );
    expect(Number(activities.rows[0]?.n)).toBe(0);
  });

  it('re-posting the same batch creates nothing new: each item is a duplicate touch on its lead', async () => {
    const first = (await post({ leads: good })).json();
    const before = await counts();
    const again = await post({ leads: good });
    const body = again.json();
    expect(body).toMatchObject({ created: 0, duplicates: 2, invalid: 0 });
    expect(body.items).toEqual([
      {
        index: 0,
        result: 'duplicate',
        id: first.items[0].id,
        number: first.items[0].number,
        matchedOn: 'phone',
      },
      {
        index: 1,
        result: 'duplicate',
        id: first.items[1].id,
        number: first.items[1].number,
        matchedOn: 'email',
      },
    ]);
    const after = await counts();
    expect(after.leads).toBe(before.leads);
    const touches = await database.db.execute<{ lead_id: string; source: string }>(
      sql`select lead_id, data->>'source' as source from lead_activities where kind = 'duplicate'`,
    );
    expect(touches.rows.map((t) => t.lead_id).sort()).toEqual([first.items[0].id, first.items[1].id].sort());
    expect(touches.rows.map((t) => t.source)).toContain('baidu');
  });

  it('a person twice in one batch is created once; the second item points at the first', async () => {
    const res = await post({
      leads: [lilei, { ...lilei, phone: '+86 138-0013-8000', campaign: 'retarget' }],
    });
    const body = res.json();
    expect(body.items[1]).toEqual({
      index: 1,
      result: 'duplicate',
      id: body.items[0].id,
      number: body.items[0].number,
      matchedOn: 'batch',
      ofIndex: 0,
    });
    expect(await countRows(database, 'leads')).toBe(1);
  });

  it('Idempotency-Key: a re-sent batch gets the first answer, replayed, and writes nothing', async () => {
    const first = await post({ leads: good }, { 'idempotency-key': 'batch-1' });
    const before = await counts();
    const again = await post({ leads: good }, { 'idempotency-key': 'batch-1' });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await counts()).toEqual(before);
  });

  it('an empty or oversized batch, or one with other keys, is a 400 naming leads and nothing is written', async () => {
    const empty = await post({ leads: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toBe('leads: leads is empty; send 1 to 1,000 lead objects');
    const big = await post({ leads: Array.from({ length: 1001 }, () => lilei) });
    expect(big.statusCode).toBe(400);
    expect(big.json().message).toMatch(/^leads: leads holds at most 1,000 leads/);
    const extra = await post({ leads: good, source: 'x' });
    expect(extra.statusCode).toBe(400);
    expect(await counts()).toEqual({ leads: 0, activities: 0, outbox: 0, audit: 0 });
  });

  it('a single lead keeps its answer: 201 created, 200 duplicate', async () => {
    const one = await post(lilei);
    expect(one.statusCode).toBe(201);
    expect(one.json()).toMatchObject({ duplicate: false, owner: { name: 'Amy' } });
    const again = await post(lilei);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: one.json().id, number: one.json().number, duplicate: true });
  });
});
