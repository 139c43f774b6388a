import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { acceptLead } from '../../../src/app/leads/accept-lead.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { declineLead } from '../../../src/app/leads/decline-lead.ts';
import { enforceLeadSla } from '../../../src/app/leads/enforce-lead-sla.ts';
import type { Policy } from '../../../src/config/policy.ts';
import { auditLog, leadActivities, leads, routingCursors, users } from '../../../src/db/schema.ts';
import { type TestClock, testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';
import { addTeam, cards, type Team } from './fixtures.ts';

const website = { kind: 'api', keyName: 'website' } as const;
const minute = 60_000;
let database: TestDatabase;
let deps: AppDeps;
let team: Team;
let clock: TestClock;

function slaPolicy(): Policy {
  const policy = examplePolicy();
  policy.routing.rules = [
    {
      name: 'East',
      when: { region: ['east'] },
      assign: { strategy: 'weighted-round-robin', pool: { region: 'east' } },
    },
    {
      name: 'Pool',
      when: {},
      assign: {
        strategy: 'claim',
        channel: 'leads-pool',
        fallbackAfter: 30,
        fallbackPool: { region: 'east' },
      },
    },
  ];
  policy.routing.sla = { accept: 15, firstContact: 240, escalateAfterReroutes: 2 };
  return policy;
}

beforeEach(async () => {
  database = await createTestDatabase();
  // Monday 10:00 in Shanghai.
  clock = testClock('2026-11-02T02:00:00Z');
  deps = testDeps(database, { clock, policy: slaPolicy() });
  team = await addTeam(database);
  seq = 0;
});

afterEach(async () => {
  await database?.close();
});

let seq = 0;
const eastLead = () =>
  createLead(deps, website, { name: `Lead ${++seq}`, email: `l${seq}@acme.cn`, region: 'east' });
const offeredTo = async (id: string) =>
  (await database.db.select({ to: leads.offeredToId }).from(leads).where(eq(leads.id, id)))[0]?.to;
// Two instances' jobs firing at the same moment.
const twoWorkers = async () => {
  const [a, b] = await Promise.all([enforceLeadSla(deps), enforceLeadSla(deps)]);
  return {
    rerouted: a.rerouted + b.rerouted,
    escalated: a.escalated + b.escalated,
    assigned: a.assigned + b.assigned,
  };
};

describe('weighted round-robin through intake', () => {
  it('follows the roster weights, keeps its state in routing_cursors and says why on the card', async () => {
    await database.db.update(users).set({ weight: 3 }).where(eq(users.id, team.amy.id));
    await database.db.update(users).set({ weight: 0 }).where(eq(users.id, team.cai.id));
    const counts: Record<string, number> = {};
    for (let i = 0; i < 24; i++) {
      const lead = await eastLead();
      if (lead.duplicate || !lead.owner) throw new Error('expected an offer');
      counts[lead.owner.name] = (counts[lead.owner.name] ?? 0) + 1;
      // Accepting keeps everyone under any cap: this test is about shares.
      await acceptLead(
        deps,
        { kind: 'user', user: lead.owner.id === team.amy.id ? team.amy : team.bo },
        lead.id,
      );
    }
    expect(counts).toEqual({ Amy: 18, Bo: 6 });
    const [cursor] = await database.db.select().from(routingCursors).where(eq(routingCursors.rule, 'East'));
    const state = cursor?.state as { members: object } | undefined;
    expect(Object.keys(state?.members ?? {}).sort()).toEqual([team.amy.id, team.bo.id].sort());
    const offer = (await cards(database, { destination: `user:${team.amy.id}` }))[0];
    expect(offer?.card.context).toBe('L-000001 · rule East, weighted round-robin: you were next');
  });

  it('honours the per-day cap and working hours from the roster', async () => {
    await database.db.update(users).set({ dailyCapacity: 2 }).where(eq(users.id, team.bo.id));
    await database.db.update(users).set({ timezone: 'Europe/Berlin' }).where(eq(users.id, team.cai.id));
    const owners: string[] = [];
    for (let i = 0; i < 8; i++) {
      const lead = await eastLead();
      if (lead.duplicate || !lead.owner) throw new Error('expected an offer');
      owners.push(lead.owner.name);
    }
    // Cai is asleep in Berlin; Bo stops at 2 a day; Amy takes the rest.
    expect(owners.filter((o) => o === 'Bo')).toHaveLength(2);
    expect(owners).not.toContain('Cai');
    expect(owners.filter((o) => o === 'Amy')).toHaveLength(6);
    // Next morning Bo may take leads again.
    clock.set('2026-11-03T02:00:00Z');
    const next = [await eastLead(), await eastLead()].map((l) => (l.duplicate ? null : l.owner?.name));
    expect(next).toContain('Bo');
  });
});

describe('accept SLA', () => {
  it('re-routes an unaccepted lead after 15 working minutes, escalates after 2 re-routes, once with two workers', async () => {
    const lead = await eastLead();
    expect(await offeredTo(lead.id)).toBe(team.amy.id);

    clock.advance(14 * minute);
    expect(await twoWorkers()).toEqual({ rerouted: 0, escalated: 0, assigned: 0 });
    expect(await offeredTo(lead.id)).toBe(team.amy.id);

    clock.advance(1 * minute);
    expect(await twoWorkers()).toEqual({ rerouted: 1, escalated: 0, assigned: 0 });
    expect(await offeredTo(lead.id)).toBe(team.bo.id);
    // Amy's card stops taking actions; Bo's offer says why it came to him.
    const toAmy = await cards(database, { destination: `user:${team.amy.id}` });
    expect(toAmy.map((c) => c.op)).toEqual(['post', 'update']);
    expect(toAmy[1]?.card).toMatchObject({ title: 'Not accepted in time: Lead 1', actions: [] });
    const toBo = await cards(database, { destination: `user:${team.bo.id}` });
    expect(toBo).toHaveLength(1);
    expect(toBo[0]?.card.context).toBe(
      'L-000001 · rule East, weighted round-robin: you were next · not accepted in time by Amy',
    );

    clock.advance(15 * minute);
    expect(await twoWorkers()).toEqual({ rerouted: 1, escalated: 0, assigned: 0 });
    expect(await offeredTo(lead.id)).toBe(team.cai.id);

    clock.advance(15 * minute);
    expect(await twoWorkers()).toEqual({ rerouted: 0, escalated: 1, assigned: 0 });
    expect(await offeredTo(lead.id)).toBe(team.manager.id);
    const toManager = await cards(database, { destination: `user:${team.manager.id}` });
    expect(toManager).toHaveLength(1);
    // Meng reads English.
    expect(toManager[0]?.card.context).toBe(
      'L-000001 · not accepted after 2 re-routes, escalated to you as manager · not accepted in time by Amy, Bo, Cai',
    );
    const [row] = await database.db.select().from(leads).where(eq(leads.id, lead.id));
    expect(row).toMatchObject({ status: 'offered', reroutes: 3, routingStrategy: 'manager' });
    expect(
      (
        await database.db
          .select()
          .from(leadActivities)
          .where(and(eq(leadActivities.leadId, lead.id), eq(leadActivities.kind, 'sla_timeout')))
      ).length,
    ).toBe(3);
    expect(
      (await database.db.select().from(auditLog).where(eq(auditLog.action, 'lead.sla_timeout'))).length,
    ).toBe(3);

    // Nothing more fires until the manager's own SLA passes.
    clock.advance(5 * minute);
    expect(await twoWorkers()).toEqual({ rerouted: 0, escalated: 0, assigned: 0 });
  });

  it('counts working hours only: an offer at 17:55 is not late at 08:00 next morning, but is at 09:10', async () => {
    clock.set('2026-11-02T09:55:00Z');
    const lead = await eastLead();
    clock.set('2026-11-03T00:00:00Z');
    expect(await enforceLeadSla(deps)).toEqual({ rerouted: 0, escalated: 0, assigned: 0 });
    clock.set('2026-11-03T01:10:00Z');
    expect(await enforceLeadSla(deps)).toMatchObject({ rerouted: 1 });
    expect(await offeredTo(lead.id)).toBe(team.bo.id);
  });

  it('an accepted lead is never re-routed, and a later decline skips whoever timed out', async () => {
    const kept = await eastLead();
    await acceptLead(deps, { kind: 'user', user: team.amy }, kept.id);
    const lead = await eastLead();
    expect(await offeredTo(lead.id)).toBe(team.bo.id);
    clock.advance(20 * minute);
    expect(await enforceLeadSla(deps)).toEqual({ rerouted: 1, escalated: 0, assigned: 0 });
    const [keptRow] = await database.db.select().from(leads).where(eq(leads.id, kept.id));
    expect(keptRow).toMatchObject({ status: 'accepted', ownerId: team.amy.id, reroutes: 0 });
    const next = await offeredTo(lead.id);
    const nextUser = next === team.cai.id ? team.cai : team.amy;
    expect([team.amy.id, team.cai.id]).toContain(next);
    const declined = await declineLead(deps, { kind: 'user', user: nextUser }, lead.id);
    expect(declined.declined && declined.next?.id).toBe(next === team.cai.id ? team.amy.id : team.cai.id);
  });
});

describe('claim pool fallback', () => {
  it('a lead nobody claims in 30 minutes is assigned from the fallback pool, once, and the claim card says so', async () => {
    const lead = await createLead(deps, website, { name: 'Pooled', email: 'pooled@acme.cn' });
    expect(lead).toMatchObject({ channel: 'leads-pool' });
    clock.advance(29 * minute);
    expect(await twoWorkers()).toEqual({ rerouted: 0, escalated: 0, assigned: 0 });
    clock.advance(1 * minute);
    expect(await twoWorkers()).toEqual({ rerouted: 0, escalated: 0, assigned: 1 });
    const [row] = await database.db.select().from(leads).where(eq(leads.id, lead.id));
    expect(row).toMatchObject({ status: 'offered', claimChannel: null, offeredToId: team.amy.id });
    const channel = await cards(database, { destination: 'channel:leads-pool' });
    expect(channel.map((c) => c.op)).toEqual(['post', 'update']);
    expect(channel[1]?.card).toMatchObject({ title: '无人认领，已分配给 Amy：Pooled', actions: [] });
    const offer = await cards(database, { destination: `user:${team.amy.id}` });
    expect(offer[0]?.card.context).toBe(
      'L-000001 · rule Pool, weighted round-robin: you were next · nobody claimed it within 30 min',
    );
  });
});
