// Single intakes arriving while others are in flight go in together, and each is answered and recorded as if alone:
// same answers, round-robin turns, audit rows, activities and cards as one-at-a-time intake would give.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/apikeys/create-api-key.ts';
import type { Actor, AppDeps } from '../../../src/app/deps.ts';
import type { CreateLeadResult, NewLead } from '../../../src/app/leads/create-lead.ts';
import { leadIntake } from '../../../src/app/leads/take-in-leads-together.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { leadsApi } from '../../../src/http/api/leads.ts';
import { buildServer } from '../../../src/http/server.ts';
import { countRows, createTestDatabase, type TestDatabase, truncateTables } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam, cards, type Team } from './fixtures.ts';

let database: TestDatabase;
let deps: AppDeps;
let team: Team;
const website: Actor = { kind: 'api', keyName: 'website-form' };

// Every transaction reads the clock once: a clock that moves on each read tells which leads shared a transaction.
function tickingClock() {
  let at = Date.parse('2026-11-02T02:00:00Z');
  return {
    now: () => {
      at += 1;
      return new Date(at);
    },
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = { ...testDeps(database), clock: tickingClock() };
  team = await addTeam(database);
});

beforeEach(async () => {
  await truncateTables(database, 'leads, lead_activities, audit_log, outbox, routing_cursors cascade');
});

afterAll(async () => {
  await database?.close();
});

const person = (i: number, over: Partial<NewLead> = {}): NewLead => ({
  name: `Person ${i}`,
  company: `Firm${i} Holdings ${String.fromCharCode(65 + (i % 26))}${i} Co., Ltd.`,
  email: `p${i}@firm.test`,
  phone: `139${String(i).padStart(8, '0')}`,
  region: 'east',
  // Every other lead is east manufacturing: offered round-robin to Amy, Bo and Cai; the rest go to leads-east.
  industry: i % 2 === 0 ? 'manufacturing' : 'retail',
  ...over,
});

async function leadRows() {
  return (
    await database.db.execute<{
      id: string;
      created_at: string;
      offered_to_id: string | null;
      claim_channel: string | null;
      status: string;
    }>(sql`select id, created_at::text, offered_to_id, claim_channel, status from leads order by seq`)
  ).rows;
}

describe('single intakes taken together', () => {
  it('takes 30 arriving at once in two transactions, each answered and recorded as if alone', async () => {
    // One lead already open and offered to someone: a later arrival of the same person is news for them.
    const intake = leadIntake(deps, { inFlight: 1 });
    const earlier = await intake.take(website, person(100));
    if (earlier.duplicate || !earlier.owner) throw new Error('the earlier lead was not offered');
    await intake.drain();

    const inputs = Array.from({ length: 30 }, (_, i) => person(i));
    inputs[7] = person(100, { name: 'Person 100 again', source: 'expo' }); // the earlier lead, by e-mail
    inputs[20] = person(4, { phone: '13900000099', name: 'Person 4 again' }); // item 4 of this same burst
    const results: CreateLeadResult[] = await Promise.all(inputs.map((input) => intake.take(website, input)));
    await intake.drain();

    // The first goes alone; the 29 that arrived while it ran share one transaction.
    const rows = await leadRows();
    const burst = rows.slice(1);
    expect(burst).toHaveLength(28);
    expect(new Set(burst.map((r) => r.created_at)).size).toBe(2);

    expect(results[7]).toMatchObject({ duplicate: true, id: earlier.id, matchedOn: 'email' });
    expect(results[20]).toMatchObject({ duplicate: true, id: results[4]?.id, matchedOn: 'email' });
    const created = results.filter((r): r is Extract<CreateLeadResult, { duplicate: false }> => !r.duplicate);
    expect(created).toHaveLength(28);
    expect(new Set(created.map((r) => r.number)).size).toBe(28);
    for (const [i, r] of results.entries()) {
      if (r.duplicate) continue;
      if (inputs[i]?.industry === 'manufacturing') {
        expect(r.status).toBe('offered');
        expect(r.owner?.id).toBeDefined();
      } else expect(r.channel).toBe('leads-east');
    }

    // Round-robin stays exact across the lone intake and the batch: 1 + 14 offers over three reps → 5 each.
    const offers = new Map<string, number>();
    for (const r of rows)
      if (r.offered_to_id) offers.set(r.offered_to_id, (offers.get(r.offered_to_id) ?? 0) + 1);
    expect([...offers.values()].sort()).toEqual([5, 5, 5]);
    expect([...offers.keys()].sort()).toEqual([team.amy.id, team.bo.id, team.cai.id].sort());

    // Recorded as single intake records: no import "via"/"line", one create and one route row per lead.
    const audit = (
      await database.db.execute<{ action: string; after: Record<string, unknown> }>(
        sql`select action, after from audit_log order by id`,
      )
    ).rows;
    expect(audit.filter((a) => a.action === 'lead.create')).toHaveLength(29);
    expect(audit.filter((a) => a.action === 'lead.route')).toHaveLength(29);
    const dupAudit = audit.filter((a) => a.action === 'lead.duplicate');
    expect(dupAudit.map((a) => a.after.matchedOn)).toEqual(['email', 'email']);
    for (const a of audit) expect(a.after).not.toHaveProperty('via');
    const activities = (
      await database.db.execute<{ kind: string; data: Record<string, unknown> }>(
        sql`select kind, data from lead_activities`,
      )
    ).rows;
    expect(activities.filter((a) => a.kind === 'created')).toHaveLength(29);
    for (const a of activities) {
      expect(a.data).not.toHaveProperty('via');
      expect(a.data).not.toHaveProperty('line');
    }

    // Each offer card went to its rep; each holder of a repeated lead got the duplicate card, as alone.
    const all = await cards(database);
    for (const r of created.filter((c) => c.owner))
      expect(all.filter((c) => c.refKey === `lead:${r.id}:offer:${r.owner?.id}`)).toHaveLength(1);
    const dupCards = all.filter((c) => c.refKey.includes(':duplicate:'));
    expect(dupCards.map((c) => c.destination).sort()).toEqual(
      [`user:${earlier.owner.id}`, `user:${(results[4] as { owner?: { id: string } }).owner?.id}`].sort(),
    );
  });

  it('refuses a bad lead at once, naming the field, while the others go in', async () => {
    const intake = leadIntake(deps, { inFlight: 1 });
    const inputs = Array.from({ length: 6 }, (_, i) => person(i));
    const bad = intake.take(website, person(50, { email: 'not-an-email' })).then(
      () => null,
      (e: unknown) => e,
    );
    const good = await Promise.all(inputs.map((input) => intake.take(website, input)));
    const error = await bad;
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).field).toBe('email');
    expect(good.every((r) => !r.duplicate)).toBe(true);
    expect(await countRows(database, 'leads')).toBe(6);
  });

  it('keeps callers apart: another key’s intakes are never recorded under this one', async () => {
    const intake = leadIntake(deps, { inFlight: 1 });
    const other: Actor = { kind: 'api', keyName: 'partner-feed' };
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => intake.take(i % 2 === 0 ? website : other, person(i))),
    );
    const byCaller = (
      await database.db.execute<{ actor_label: string; n: number }>(
        sql`select actor_label, count(*)::int n from audit_log where action = 'lead.create' group by 1 order by 1`,
      )
    ).rows;
    expect(byCaller).toEqual([
      { actor_label: 'api:partner-feed', n: 5 },
      { actor_label: 'api:website-form', n: 5 },
    ]);
  });

  it('stores every field exactly as a lone intake stores it (utm, routing facts, note, source)', async () => {
    const rich = (i: number): NewLead =>
      person(i, {
        source: i % 2 === 0 ? 'Baidu' : null,
        campaign: 'spring-expo',
        utmMedium: 'cpc',
        utmTerm: 'crm 软件',
        utmContent: 'banner-b',
        note: '  wants a quote  ',
        province: '广东',
        city: '深圳',
        companySize: 120,
        dealSize: '250000',
        dealCurrency: 'CNY',
        language: 'zh',
      });
    const columns = sql`select name, company, region, industry, source, campaign, utm, note, province, city,
      company_size, deal_size_minor, deal_currency, language, status, claim_channel from leads order by name`;
    const alone = leadIntake(deps, { inFlight: 1 });
    for (let i = 1; i <= 6; i++) await alone.take(website, rich(i));
    const one = (await database.db.execute(columns)).rows;
    await truncateTables(database, 'leads, lead_activities, audit_log, outbox, routing_cursors cascade');

    const together = leadIntake(deps, { inFlight: 1 });
    const blocker = together.take(website, person(99));
    await Promise.all([1, 2, 3, 4, 5, 6].map((i) => together.take(website, rich(i))));
    await blocker;
    const rows = await leadRows();
    expect(new Set(rows.slice(1).map((r) => r.created_at)).size).toBe(1);
    const many = (await database.db.execute(columns)).rows.filter((r) => r.name !== 'Person 99');
    expect(many).toEqual(one);
  });
});

describe('POST /api/leads under concurrent requests', () => {
  let app: FastifyInstance;
  let auth: { authorization: string };
  beforeAll(async () => {
    app = await buildServer({ deps, api: [leadsApi], adapters: [], health: {} });
    auth = { authorization: `Bearer ${(await createApiKey(deps, 'website')).key}` };
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 40 requests sent at once each with its own lead, fewer transactions than requests', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        app.inject({ method: 'POST', url: '/api/leads', headers: auth, payload: person(i) }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(40).fill(201));
    const numbers = answers.map((a) => a.json<{ number: string }>().number);
    expect(new Set(numbers).size).toBe(40);
    const rows = await leadRows();
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.created_at)).size).toBeLessThan(40);
    // The same bad field answer as a lone request gives.
    const bad = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: person(99, { phone: '12-34', email: undefined }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'phone' });
  });
});
