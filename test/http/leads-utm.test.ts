import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { importLeads } from '../../src/app/leads/import-leads.ts';
import { parsePolicy } from '../../src/config/load-policy.ts';
import { leads } from '../../src/db/schema.ts';
import { mapHookPayload } from '../../src/domain/leads/hook-mapping.ts';
import { isImportProblem, tableFromCsv } from '../../src/domain/leads/lead-import.ts';
import { leadsApi } from '../../src/http/api/leads.ts';
import { buildServer } from '../../src/http/server.ts';
import { addTeam, cards, field } from '../app/leads/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let auth: { authorization: string };

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  await addTeam(database);
  app = await buildServer({ deps, api: [leadsApi], adapters: [], health: {} });
  auth = { authorization: `Bearer ${(await createApiKey(deps, 'website')).key}` };
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

const utmOf = async (id: string) =>
  (await database.db.select({ utm: leads.utm }).from(leads).where(eq(leads.id, id)))[0]?.utm;

describe('utm tags on leads', () => {
  it('POST /api/leads keeps them, GET shows them and the lead card says "utm: source / medium / campaign"', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: {
        name: 'Li Lei',
        phone: '138 0013 8000',
        region: 'east',
        industry: 'manufacturing',
        source: 'google',
        campaign: 'spring-expo',
        utmMedium: 'cpc',
        utmTerm: 'cnc lathe',
        utmContent: 'banner-a',
      },
    });
    expect(res.statusCode).toBe(201);
    const { id } = res.json();
    const utm = {
      source: 'google',
      medium: 'cpc',
      campaign: 'spring-expo',
      term: 'cnc lathe',
      content: 'banner-a',
    };
    expect(await utmOf(id)).toEqual(utm);
    const got = await app.inject({ method: 'GET', url: `/api/leads/${id}`, headers: auth });
    expect(got.json().utm).toEqual(utm);

    const [offer] = (await cards(database)).filter((c) => c.refKey.startsWith(`lead:${id}`));
    expect(offer).toBeDefined();
    expect(field(offer!.card, 'utm')).toBe('google / cpc / spring-expo');
  });

  it('a lead with no medium, term or content keeps none and its card shows no utm line', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: { name: 'Han Meimei', email: 'han@example.cn', region: 'west', campaign: 'plain' },
    });
    const { id } = res.json();
    expect(await utmOf(id)).toBeNull();
    const mine = (await cards(database)).filter((c) => c.refKey.startsWith(`lead:${id}`));
    expect(mine.length).toBeGreaterThan(0);
    for (const c of mine) expect(field(c.card, 'utm')).toBeUndefined();
  });

  it('a batch keeps each item’s tags', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: {
        leads: [
          { name: 'Wang Wu', email: 'wang@example.cn', source: 'baidu', utmMedium: 'organic' },
          { name: 'Zhao Liu', email: 'zhao@example.cn' },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const [first, second] = res.json().items;
    expect(await utmOf(first.id)).toEqual({ source: 'baidu', medium: 'organic' });
    expect(await utmOf(second.id)).toBeNull();
  });

  it('an import reads utm_medium, utm_term and utm_content columns beside utm_campaign', async () => {
    const table = tableFromCsv(
      'name,email,utm_campaign,utm_medium,utm_term,utm_content\nSun Qi,sun@example.cn,expo,email,lathe,footer\n',
    );
    if (isImportProblem(table)) throw new Error(table.code);
    const report = await importLeads(deps, { kind: 'system', name: 'test' }, table, { source: 'expo-list' });
    expect(report.problems).toEqual([]);
    expect(await utmOf(report.createdLeads[0]!.id)).toEqual({
      source: 'expo-list',
      medium: 'email',
      campaign: 'expo',
      term: 'lathe',
      content: 'footer',
    });
  });

  it('a webhook source may map utm_medium, utm_term and utm_content', () => {
    const policy = parsePolicy(
      `org: {}
channels: { finance: {slack: C2} }
routing: { rules: [{ name: first, assign: { strategy: round-robin } }] }
approvals: { levels: [{ name: manager, approvers: requester.manager }] }
dunning: [{ at: 0d, notify: [rep] }]
leads:
  sources:
    ads:
      fields: { name: who, email: mail, utm_source: t.s, utm_medium: t.m, utm_term: t.k, utm_content: t.c }
`,
      'closeloop.yaml',
    );
    const mapping = policy.leads.sources.ads!;
    const mapped = mapHookPayload(
      { who: 'Qian Ba', mail: 'q@example.cn', t: { s: 'fb', m: 'social', k: 'k1', c: 'c1' } },
      mapping,
    );
    expect(mapped).toEqual({
      ok: true,
      lead: {
        name: 'Qian Ba',
        email: 'q@example.cn',
        source: 'fb',
        utmMedium: 'social',
        utmTerm: 'k1',
        utmContent: 'c1',
      },
    });
  });
});
