import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { leadActivities, leads, routingCursors, users } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addCustomer, addTeam, cards, field, type Team } from './fixtures.ts';

const website = { kind: 'api', keyName: 'website' } as const;
let database: TestDatabase;
let deps: AppDeps;
let team: Team;

beforeEach(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { platforms: ['console', 'slack', 'lark'] });
  team = await addTeam(database);
});

afterEach(async () => {
  await database?.close();
});

describe('createLead', () => {
  it('routes east manufacturing round-robin and sends the offer card to that rep', async () => {
    const first = await createLead(deps, website, {
      name: ' Li Lei ',
      company: 'ACME Co., Ltd.',
      email: 'Li.Lei@ACME.cn',
      phone: '138 0013 8000',
      region: 'East',
      industry: 'Manufacturing',
      campaign: 'expo-2026',
    });
    expect(first).toMatchObject({
      duplicate: false,
      status: 'offered',
      owner: { id: team.amy.id, name: 'Amy' },
    });

    const [lead] = await database.db.select().from(leads).where(eq(leads.id, first.id));
    expect(lead).toMatchObject({
      name: 'Li Lei',
      emailBidx: deps.keyring.blindIndex('email', 'li.lei@acme.cn'),
      phoneBidx: deps.keyring.blindIndex('phone', '+8613800138000'),
      region: 'east',
      industry: 'manufacturing',
      source: 'web',
      status: 'offered',
      offeredToId: team.amy.id,
      ownerId: null,
      routingRule: 'East manufacturing',
      routingStrategy: 'round-robin',
    });

    const toAmy = await cards(database, { destination: `user:${team.amy.id}` });
    expect(toAmy).toHaveLength(1);
    const offer = toAmy[0]!;
    expect(offer.op).toBe('post');
    expect(offer.refKey).toBe(`lead:${first.id}:offer:${team.amy.id}`);
    expect(offer.card.title).toBe('New lead for you: Li Lei');
    expect(offer.card.actions.map((a) => [a.id, a.label, a.value])).toEqual([
      ['lead.accept', 'Accept', first.id],
      ['lead.decline', 'Decline', first.id],
    ]);
    expect(field(offer.card, 'Company')).toBe('ACME Co., Ltd.');
    expect(field(offer.card, 'Email')).toBe('Li.Lei@ACME.cn');
    expect(field(offer.card, 'Phone')).toBe('138 0013 8000');
    expect(field(offer.card, 'Region')).toBe('East'); // closeloop.yaml's label, not the key
    expect(field(offer.card, 'Industry')).toBe('Manufacturing');
    expect(field(offer.card, 'Source')).toBe('Website');
    expect(field(offer.card, 'Campaign')).toBe('expo-2026');
    expect(offer.card.context).toBe(`${first.number} · rule East manufacturing, round-robin: you were next`);

    const [cursor] = await database.db.select().from(routingCursors);
    expect(cursor).toMatchObject({ rule: 'East manufacturing', lastUserId: team.amy.id });
    const audit = await database.pool.query('select action from audit_log order by id');
    expect(audit.rows.map((r) => r.action)).toEqual(['lead.create', 'lead.route']);

    const second = await createLead(deps, website, {
      name: 'Han Meimei',
      email: 'han@acme.cn',
      region: 'east',
      industry: 'manufacturing',
    });
    expect(second).toMatchObject({ owner: { name: 'Bo' } });
    const toBo = await cards(database, { destination: `user:${team.bo.id}` });
    expect(toBo[0]?.card.context).toContain('rule East manufacturing, round-robin: you were next after Amy');
  });

  it('a source typed as its label (官网) is kept as its name, so source:web filters and rules still find it', async () => {
    const created = await createLead(deps, website, {
      name: 'Han Meimei',
      email: 'han@example.cn',
      region: '华东',
      industry: '制造业',
      source: '官网',
    });
    const [lead] = await database.db.select().from(leads).where(eq(leads.id, created.id));
    expect(lead).toMatchObject({ source: 'web', region: 'east', industry: 'manufacturing' });
    const [offer] = await cards(database, { destination: `user:${team.amy.id}` });
    expect(field(offer!.card, 'Source')).toBe('Website');
  });

  it('a claim rule posts a Claim card to its channel on every platform it is on', async () => {
    const result = await createLead(deps, website, {
      name: '李雷',
      phone: '+86 139 0000 0000',
      region: 'east',
    });
    expect(result).toMatchObject({ duplicate: false, status: 'offered', channel: 'leads-east' });
    expect(result).not.toHaveProperty('owner');
    const posted = await cards(database);
    expect(posted.map((c) => [c.platform, c.destination, c.op])).toEqual([
      ['console', 'channel:leads-east', 'post'],
      ['slack', 'C0LEADSEAST', 'post'],
      ['lark', 'oc_leads_east', 'post'],
    ]);
    // Channel cards speak the org's language (zh-CN).
    const card = posted[0]!.card;
    expect(card.title).toBe('新线索待认领：李雷');
    expect(card.actions).toEqual([{ id: 'lead.claim', label: '认领', style: 'primary', value: result.id }]);
    expect(card.context).toContain('规则「华东其他行业」，抢单：先认领者得');
    const [lead] = await database.db.select().from(leads);
    expect(lead).toMatchObject({ claimChannel: 'leads-east', offeredToId: null, ownerId: null });
  });

  it('skips out-of-office reps, and overflows to the next rule when the whole pool is away', async () => {
    const nextWeek = new Date('2026-11-09T00:00:00Z');
    await database.db.update(users).set({ outOfOfficeUntil: nextWeek }).where(eq(users.id, team.amy.id));
    const one = await createLead(deps, website, {
      name: 'A',
      email: 'a@x.cn',
      region: 'east',
      industry: 'manufacturing',
    });
    expect(one).toMatchObject({ owner: { name: 'Bo' } });

    await database.db.update(users).set({ outOfOfficeUntil: nextWeek }).where(eq(users.region, 'east'));
    const two = await createLead(deps, website, {
      name: 'B',
      email: 'b@x.cn',
      region: 'east',
      industry: 'manufacturing',
    });
    expect(two).toMatchObject({ channel: 'leads-east' });
    const [claimCard] = await cards(database, { destination: 'channel:leads-east' });
    expect(claimCard?.card.context).toContain('East manufacturing 下无人可接');
  });

  it('an existing customer (matched by folded company name) goes to its account owner', async () => {
    await addCustomer(database, '华为技术有限公司', '华为技术', team.cai.id);
    const result = await createLead(deps, website, {
      name: 'Zhang',
      company: '华为技术股份有限公司',
      email: 'zhang@huawei.test',
      region: 'west',
    });
    expect(result).toMatchObject({ owner: { id: team.cai.id } });
    const [offer] = await cards(database, { destination: `user:${team.cai.id}` });
    expect(offer?.card.context).toContain('rule Existing customers, account owner: you own 华为技术有限公司');
  });

  it('a duplicate (same email in another case, or same phone written differently) returns the open lead', async () => {
    const first = await createLead(deps, website, {
      name: 'Li Lei',
      email: 'li@acme.cn',
      phone: '13800138000',
      region: 'east',
      industry: 'manufacturing',
    });
    const outboxBefore = await countRows(database, 'outbox');
    const byEmail = await createLead(
      deps,
      { kind: 'api', keyName: 'erp' },
      {
        name: 'Lei Li',
        email: ' LI@ACME.CN ',
        source: 'expo',
        campaign: 'spring',
      },
    );
    expect(byEmail).toEqual({
      duplicate: true,
      id: first.id,
      number: first.number,
      status: 'offered',
      matchedOn: 'email',
    });
    const byPhone = await createLead(deps, website, {
      name: 'L',
      phone: '+86 138-0013-8000',
      source: 'phone',
    });
    expect(byPhone).toMatchObject({ duplicate: true, id: first.id, matchedOn: 'phone' });

    expect(await countRows(database, 'leads')).toBe(1);
    const dups = await database.db
      .select()
      .from(leadActivities)
      .where(eq(leadActivities.kind, 'duplicate'))
      .orderBy(leadActivities.at);
    expect(dups.map((d) => d.data)).toEqual([
      expect.objectContaining({ source: 'expo', campaign: 'spring', matchedOn: 'email' }),
      expect.objectContaining({ source: 'phone', matchedOn: 'phone' }),
    ]);
    // The rep holding the lead hears about each duplicate with a small card; nobody gets a second offer.
    const notices = (await cards(database)).slice(outboxBefore);
    expect(notices.map((n) => [n.destination, n.card.title, n.card.actions.length])).toEqual([
      [`user:${team.amy.id}`, `Duplicate of your lead ${first.number}: Li Lei`, 0],
      [`user:${team.amy.id}`, `Duplicate of your lead ${first.number}: Li Lei`, 0],
    ]);
    expect(notices[0]?.card.body).toContain('**expo**');
  });

  it('a closed lead does not count: the same person becomes a new lead', async () => {
    const first = await createLead(deps, website, { name: 'Li', email: 'li@acme.cn', region: 'north' });
    await database.db
      .update(leads)
      .set({ status: 'lost', closedAt: new Date() })
      .where(eq(leads.id, first.id));
    const again = await createLead(deps, website, { name: 'Li', email: 'li@acme.cn', region: 'north' });
    expect(again).toMatchObject({ duplicate: false, channel: 'leads-pool' });
    expect(again.id).not.toBe(first.id);
  });

  it('concurrent intake of one person makes exactly one lead', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        createLead(deps, website, {
          name: `Li ${i}`,
          email: 'same@acme.cn',
          region: 'east',
          industry: 'manufacturing',
        }),
      ),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await countRows(database, 'leads')).toBe(1);
  });

  it('concurrent intakes of different people are spread over the pool, not all to the same rep', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createLead(deps, website, {
          name: `P${i}`,
          email: `p${i}@acme.cn`,
          region: 'east',
          industry: 'manufacturing',
        }),
      ),
    );
    const perRep: Record<string, number> = {};
    for (const r of results)
      if (!r.duplicate && r.owner) perRep[r.owner.name] = (perRep[r.owner.name] ?? 0) + 1;
    expect(perRep).toEqual({ Amy: 2, Bo: 2, Cai: 2 });
  });

  it.each([
    [{ name: 'X', email: 'not-an-email' }, 'email', 'lead_email_invalid'],
    [{ name: 'X', phone: '123' }, 'phone', 'lead_phone_invalid'],
    [{ name: 'X' }, 'email', 'lead_contact_required'],
    [{ name: '  ', email: 'x@y.cn' }, 'name', 'lead_name_required'],
  ])('bad input %j is refused naming %s and writes nothing', async (input, fieldName, code) => {
    const error = await createLead(deps, website, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid', field: fieldName, code });
    expect(await countRows(database, 'leads')).toBe(0);
    expect(await countRows(database, 'outbox')).toBe(0);
    expect(await countRows(database, 'audit_log')).toBe(0);
  });
});
