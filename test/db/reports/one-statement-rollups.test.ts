// The roll-up trigger's shortcuts (migration 0210) against the facts: a lead inserted as intake inserts it (its "new"
// stage and KPI row written without the stage-facts view), and each kind of activity a stage or KPI fact is made of
// inserted alone, the only row of its statement (intake's own kinds return at once).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadActivities, leads, users } from '../../../src/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { expectRollUpsMatchFacts } from './rollups-match-facts.ts';

const d = (iso: string) => new Date(iso);

describe('roll-ups kept one statement at a time', () => {
  let database: TestDatabase;
  let rep: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const [manager] = await database.db
      .insert(users)
      .values({ email: 'm@t.test', name: 'M', roles: ['manager'], region: 'east' })
      .returning({ id: users.id });
    const [r] = await database.db
      .insert(users)
      .values({ email: 'r@t.test', name: 'R', roles: ['rep'], region: 'east', managerId: manager?.id })
      .returning({ id: users.id });
    rep = r?.id ?? '';
  });
  afterAll(async () => database?.close());

  const newLead = async (name: string, at: string) => {
    const [lead] = await database.db
      .insert(leads)
      .values({
        name,
        source: 'web',
        campaign: 'autumn',
        region: 'east',
        status: 'offered',
        offeredToId: rep,
        offeredAt: d(at),
        routingRule: 'east-rr',
        createdAt: d(at),
        updatedAt: d(at),
      })
      .returning({ id: leads.id });
    return lead?.id ?? '';
  };

  it('a lead inserted routed, as intake inserts it: its new stage and KPI row', async () => {
    await newLead('Ann', '2026-10-05T03:20:00Z');
    const stages = await database.db.execute<{ stage: string; owner_id: string }>(
      sql`select stage, owner_id from report_lead_stages`,
    );
    expect(stages.rows).toEqual([{ stage: 'new', owner_id: rep }]);
    await expectRollUpsMatchFacts(database.db);
  });

  it.each([
    ['accepted', {}],
    ['claimed', {}],
    ['stage', { to: 'contacted' }],
    ['stage', { to: 'qualified' }],
    ['converted', {}],
    ['lost', { reason: 'price' }],
    ['sla_timeout', { to: 'REP' }],
    ['first_contact_timeout', { to: 'REP' }],
  ] as const)('a %s activity %o alone in its statement', async (kind, data) => {
    const id = await newLead(`Lead ${kind}`, '2026-10-06T01:00:00Z');
    await database.db.insert(leadActivities).values({
      leadId: id,
      actorId: rep,
      kind,
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v === 'REP' ? rep : v])),
      at: d('2026-10-06T05:30:00Z'),
    });
    await expectRollUpsMatchFacts(database.db);
  });
});
