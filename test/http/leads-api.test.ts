import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function counts() {
  return {
    leads: await countRows(database, 'leads'),
    outbox: await countRows(database, 'outbox'),
    audit: await countRows(database, 'audit_log'),
  };
}

describe('POST /api/leads', () => {
  it('routes round-robin: 201 with the owner, and the offer card waits in the outbox for that rep', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: {
        name: 'Li Lei',
        company: 'ACME',
        email: 'li@acme.cn',
        phone: '13800138000',
        region: 'east',
        industry: 'manufacturing',
        source: 'website',
        campaign: 'expo',
        note: 'wants a quote',
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.any(String),
      number: expect.stringMatching(/^L-\d{6}$/),
      status: 'offered',
      duplicate: false,
      owner: { id: team.amy.id, name: 'Amy' },
    });
    const [offer] = await cards(database, { destination: `user:${team.amy.id}` });
    expect(offer?.card.title).toBe('New lead for you: Li Lei');
    expect(offer?.card.actions.map((a) => a.id)).toEqual(['lead.accept', 'lead.decline']);

    const read = await app.inject({ method: 'GET', url: `/api/leads/${body.id}`, headers: auth });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      id: body.id,
      number: body.number,
      email: 'li@acme.cn',
      phone: '13800138000',
      // "Website" labels the web source in closeloop.yaml: a source sent as its label is stored as its name.
      source: 'web',
      note: 'wants a quote',
      status: 'offered',
      owner: null,
      offeredTo: { id: team.amy.id, name: 'Amy' },
      routing: { rule: 'East manufacturing', strategy: 'round-robin' },
    });
  });

  it('a claim-pool rule: 201 with the channel and a Claim card in it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: { name: 'Wang', phone: '+86 139 1234 5678', region: 'south' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'offered', duplicate: false, channel: 'leads-pool' });
    expect(res.json()).not.toHaveProperty('owner');
    const [claim] = await cards(database, { destination: 'channel:leads-pool' });
    expect(claim?.card.actions).toEqual([
      { id: 'lead.claim', label: '认领', style: 'primary', value: res.json().id },
    ]);
  });

  it('a duplicate answers 200 with the existing id and duplicate: true', async () => {
    const first = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: { name: 'Zhao', email: 'zhao@acme.cn', region: 'west' },
    });
    const again = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: { name: 'Zhao Lei', email: ' ZHAO@acme.cn ', source: 'erp' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: first.json().id, number: first.json().number, duplicate: true });
  });

  it.each([
    [{ name: 'Li', email: 'li@@acme' }, 'email'],
    [{ name: 'Li', email: 'not an email', phone: '13800138000' }, 'email'],
    [{ name: 'Li' }, 'email'],
    [{ email: 'li@acme.cn' }, 'name'],
    [{ name: '   ', email: 'li@acme.cn' }, 'name'],
    [{ name: 'Li', phone: '12' }, 'phone'],
  ])('bad input %j → 400 naming %s, nothing written', async (payload, fieldName) => {
    const before = await counts();
    const res = await app.inject({ method: 'POST', url: '/api/leads', headers: auth, payload });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    const named = body.issues?.map((i: { field: string }) => i.field) ?? [body.field];
    expect(named).toContain(fieldName);
    expect(body.message).toContain(fieldName);
    expect(await counts()).toEqual(before);
  });

  it('a malformed email on an empty database writes zero rows in leads, outbox and audit_log', async () => {
    const fresh = await createTestDatabase();
    const freshDeps = testDeps(fresh);
    const server = await buildServer({ deps: freshDeps, api: [leadsApi], adapters: [], health: {} });
    const key = (await createApiKey(freshDeps, 'website')).key;
    await truncateTables(fresh, 'audit_log');
    const res = await server.inject({
      method: 'POST',
      url: '/api/leads',
      headers: { authorization: `Bearer ${key}` },
      payload: { name: 'Li', email: 'li.acme.cn' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'invalid_request',
      message: 'email: email is not an email address; send it like li.lei@example.com',
    });
    expect(await countRows(fresh, 'leads')).toBe(0);
    expect(await countRows(fresh, 'outbox')).toBe(0);
    expect(await countRows(fresh, 'audit_log')).toBe(0);
    await server.close();
    await fresh.close();
  });

  it('a wrong or missing API key → 401 and nothing written', async () => {
    const before = await counts();
    for (const headers of [{ authorization: 'Bearer cl_wrong' }, {}]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/leads',
        headers,
        payload: { name: 'Li', email: 'new@acme.cn', region: 'east' },
      });
      expect(res.statusCode).toBe(401);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('GET /api/leads/:id', () => {
  it('404 for an unknown lead, 400 for a malformed id', async () => {
    const missing = await app.inject({
      method: 'GET',
      url: '/api/leads/00000000-0000-4000-8000-000000000000',
      headers: auth,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'lead_not_found' });
    const malformed = await app.inject({ method: 'GET', url: '/api/leads/L-4x2', headers: auth });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().message).toContain('id');
  });
});
