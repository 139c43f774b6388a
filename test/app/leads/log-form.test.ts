// The owner's "Log…" button: one form for a call, visit, message or note with a next-step date, on every platform.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import { openForm, submitForm } from '../../../src/app/commands/forms.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { acceptLead } from '../../../src/app/leads/accept-lead.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { leadActivities, leads } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { consoleServer } from '../../adapters/console/fixture.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam, cards, type Team } from './fixtures.ts';

const as = (user: UserRow): UserActor => ({ kind: 'user', user });
let database: TestDatabase;
let deps: AppDeps;
let team: Team;
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  // Monday 10:00 in Shanghai.
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  team = await addTeam(database);
});
afterAll(async () => {
  await database?.close();
});

async function acceptedLead(): Promise<{ id: string; number: string; owner: UserRow }> {
  const lead = await createLead(
    deps,
    { kind: 'api', keyName: 'website' },
    {
      name: `Lead ${++seq}`,
      company: '宁波港联物流有限公司',
      email: `log${seq}@acme.cn`,
      region: 'east',
      industry: 'manufacturing',
    },
  );
  if (lead.duplicate) throw new Error('duplicate');
  const [row] = await database.db.select().from(leads).where(eq(leads.id, lead.id));
  const owner = [team.amy, team.bo, team.cai].find((u) => u.id === row?.offeredToId);
  if (!owner) throw new Error('not offered');
  expect((await acceptLead(deps, as(owner), lead.id)).accepted).toBe(true);
  return { id: lead.id, number: lead.number, owner };
}

const activities = (leadId: string) =>
  database.db.select().from(leadActivities).where(eq(leadActivities.leadId, leadId));

describe('Log… on the owner’s lead card', () => {
  it('the card carries it; the form logs a visit with its next-step date and makes the lead contacted', async () => {
    const lead = await acceptedLead();
    const ownerCard = (await cards(database, { destination: `user:${lead.owner.id}` })).at(-1);
    expect(ownerCard?.card.actions.find((a) => a.id === 'lead.log')).toMatchObject({
      value: lead.id,
      label: 'Log…',
    });

    const form = await openForm(deps, as(lead.owner), 'lead.log', lead.id);
    expect(form).toMatchObject({
      id: 'lead.log',
      entityId: lead.id,
      title: `Log follow-up — ${lead.number}`,
    });
    expect(form.intro).toContain('宁波港联物流有限公司');
    expect(form.fields.map((f) => f.name)).toEqual(['kind', 'note', 'next']);
    expect(form.fields[0]?.options?.map((o) => o.value)).toEqual(['call', 'visit', 'message', 'note']);

    const reply = await submitForm(deps, as(lead.owner), 'lead.log', {
      entityId: lead.id,
      state: '',
      values: { kind: 'visit', note: 'walked the plant with the buyer', next: '2026-11-20' },
    });
    expect(reply.tone).toBe('success');
    expect(reply.text).toContain('2026-11-20');
    const visit = (await activities(lead.id)).find((a) => a.kind === 'visit');
    expect(visit).toMatchObject({
      note: 'walked the plant with the buyer',
      data: { nextStep: '2026-11-20' },
    });
    const [row] = await database.db.select().from(leads).where(eq(leads.id, lead.id));
    expect(row?.stage).toBe('contacted');
  });

  it('a past next-step date is refused on the next field and nothing is logged; another rep cannot open it', async () => {
    const lead = await acceptedLead();
    const before = await countRows(database, 'lead_activities');
    const refused = await submitForm(deps, as(lead.owner), 'lead.log', {
      entityId: lead.id,
      state: '',
      values: { kind: 'call', note: 'no answer', next: '2026-10-01' },
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).field).toBe('next');
    expect(await countRows(database, 'lead_activities')).toBe(before);

    const stranger = [team.amy, team.bo, team.cai].find((u) => u.id !== lead.owner.id);
    if (!stranger) throw new Error('no other rep');
    await expect(openForm(deps, as(stranger), 'lead.log', lead.id)).rejects.toMatchObject({
      code: 'lead_not_yours',
    });
  });

  it('in the console the Log… click answers with the form and its submission logs the call', async () => {
    const lead = await acceptedLead();
    const app = await consoleServer(deps);
    try {
      const click = await app.inject({
        method: 'POST',
        url: '/console/api/action',
        payload: { as: lead.owner.id, action: 'lead.log', value: lead.id },
      });
      expect(click.statusCode).toBe(200);
      expect(click.json()).toMatchObject({ form: { id: 'lead.log', entityId: lead.id } });
      const saved = await app.inject({
        method: 'POST',
        url: '/console/api/form',
        payload: {
          as: lead.owner.id,
          form: 'lead.log',
          entityId: lead.id,
          state: '',
          values: { kind: 'message', note: 'sent the brochure', next: '' },
        },
      });
      expect(saved.statusCode).toBe(200);
      expect((await activities(lead.id)).map((a) => a.kind)).toContain('message');
    } finally {
      await app.close();
    }
  });

  it('a client that cannot show forms is told the command to type for that lead', async () => {
    const lead = await acceptedLead();
    const reply = await dispatchAction(deps, as(lead.owner), { action: 'lead.log', entityId: lead.id });
    expect(reply.text).toContain(`lead log ${lead.number} call`);
  });
});
