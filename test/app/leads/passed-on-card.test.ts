// A rep who declined a lead does not keep a card that reads as theirs: once another rep accepts it, their card is
// edited in place to say who has it now.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { leads } from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam, cards } from './fixtures.ts';

const as = (user: UserRow): UserActor => ({ kind: 'user', user });
let database: TestDatabase;
let deps: AppDeps;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
});
afterAll(async () => {
  await database?.close();
});

describe('a declined offer once someone else accepts', () => {
  it("edits the decliner's card to say the lead went to the rep who accepted it", async () => {
    const team = await addTeam(database);
    const reps = [team.amy, team.bo, team.cai];
    const lead = await createLead(deps, { kind: 'api', keyName: 'website' } as const, {
      name: 'Grace Hopper',
      email: 'grace@navy.example',
      region: 'east',
      industry: 'manufacturing',
    });
    if (lead.duplicate) throw new Error('duplicate');
    const offeredTo = async () => {
      const [row] = await database.db.select().from(leads).where(eq(leads.id, lead.id));
      const rep = reps.find((u) => u.id === row?.offeredToId);
      if (!rep) throw new Error('not offered to a rep');
      return rep;
    };
    const decliner = await offeredTo();
    await dispatchAction(deps, as(decliner), { action: 'lead.decline', entityId: lead.id });
    const taker = await offeredTo();
    expect(taker.id).not.toBe(decliner.id);
    await dispatchAction(deps, as(taker), { action: 'lead.accept', entityId: lead.id });

    const theirs = (await cards(database, { destination: `user:${decliner.id}` })).filter(
      (c) => c.refKey === `lead:${lead.id}:offer:${decliner.id}`,
    );
    const last = theirs.at(-1);
    expect(last?.op).toBe('update');
    expect(last?.card.title).toBe(`Grace Hopper went to ${taker.name}`);
    expect(last?.card.body).toContain('no longer yours');
    expect(last?.card.actions).toEqual([]);
  });
});
