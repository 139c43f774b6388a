import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../src/app/commands/dispatch-action.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { leadActivities, leads, messageRefs } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { type TestClock, testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam, addUser, cards, type Team } from './fixtures.ts';

const website = { kind: 'api', keyName: 'website' } as const;
const as = (user: UserRow): UserActor => ({ kind: 'user', user });
let database: TestDatabase;
let deps: AppDeps;
let team: Team;
let clock: TestClock;

beforeEach(async () => {
  database = await createTestDatabase();
  clock = testClock();
  deps = testDeps(database, { clock, platforms: ['console', 'slack', 'lark'] });
  team = await addTeam(database);
});

afterEach(async () => {
  await database?.close();
});

const pooledLead = () => createLead(deps, website, { name: 'Li Lei', email: 'li@acme.cn', region: 'east' });
const offeredLead = () =>
  createLead(deps, website, { name: 'Han', email: 'han@acme.cn', region: 'east', industry: 'manufacturing' });

describe('lead.claim', () => {
  it('20 concurrent claims: exactly one owner, 19 "already claimed by X", the card edited everywhere', async () => {
    const lead = await pooledLead();
    // The console and Slack copies were already delivered; the Lark one still sits in the outbox.
    await database.db.insert(messageRefs).values([
      {
        refKey: `lead:${lead.id}:claim`,
        platform: 'console',
        destination: 'channel:leads-east',
        messageId: 'c1',
        locale: 'zh-CN',
      },
      {
        refKey: `lead:${lead.id}:claim`,
        platform: 'slack',
        destination: 'C0LEADSEAST',
        messageId: '1700.1',
        locale: 'zh-CN',
      },
    ]);
    const reps = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        addUser(database, { name: `Rep ${String(i).padStart(2, '0')}`, region: 'east', locale: 'en' }),
      ),
    );
    const replies = await Promise.all(
      reps.map((r) => dispatchAction(deps, as(r), { action: 'lead.claim', entityId: lead.id })),
    );

    const [row] = await database.db.select().from(leads).where(eq(leads.id, lead.id));
    const winner = reps.find((r) => r.id === row?.ownerId);
    expect(row?.status).toBe('accepted');
    expect(winner).toBeDefined();
    const won = replies.filter((r) => r.tone === 'success');
    expect(won).toEqual([{ text: `You claimed ${lead.number} Li Lei. It is yours now.`, tone: 'success' }]);
    const lost = replies.filter((r) => r.tone !== 'success');
    expect(lost).toHaveLength(19);
    for (const r of lost) expect(r).toEqual({ text: `Already claimed by ${winner?.name}.`, tone: 'warning' });

    const updates = (await cards(database)).filter((c) => c.op === 'update');
    expect(updates.map((u) => [u.platform, u.destination]).sort()).toEqual([
      ['console', 'channel:leads-east'],
      ['lark', 'oc_leads_east'],
      ['slack', 'C0LEADSEAST'],
    ]);
    for (const u of updates) {
      expect(u.refKey).toBe(`lead:${lead.id}:claim`);
      expect(u.card.title).toBe(`${winner?.name} 已认领：Li Lei`);
      expect(u.card.actions).toEqual([]);
    }
    const claims = await database.db.select().from(leadActivities).where(eq(leadActivities.kind, 'claimed'));
    expect(claims.map((c) => c.actorId)).toEqual([winner?.id]);
    const audit = await database.pool.query(`select actor_id from audit_log where action = 'lead.claim'`);
    expect(audit.rows).toEqual([{ actor_id: winner?.id }]);
  });

  it('the winner clicking again is told it is already theirs; a lead offered to one rep cannot be claimed', async () => {
    const pooled = await pooledLead();
    await dispatchAction(deps, as(team.bo), { action: 'lead.claim', entityId: pooled.id });
    expect(await dispatchAction(deps, as(team.bo), { action: 'lead.claim', entityId: pooled.id })).toEqual({
      text: `You already claimed ${pooled.number}; it is yours.`,
      tone: 'info',
    });
    const offered = await offeredLead();
    expect(await dispatchAction(deps, as(team.bo), { action: 'lead.claim', entityId: offered.id })).toEqual({
      text: `${offered.number} is not open for claiming.`,
      tone: 'warning',
    });
    const [row] = await database.db.select().from(leads).where(eq(leads.id, offered.id));
    expect(row).toMatchObject({ status: 'offered', ownerId: null, offeredToId: team.amy.id });
  });

  it('an unknown lead id is a not-found error', async () => {
    for (const entityId of ['00000000-0000-4000-8000-000000000000', 'nonsense']) {
      const error = await dispatchAction(deps, as(team.bo), { action: 'lead.claim', entityId }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'not_found', code: 'lead_not_found' });
    }
  });
});

describe('lead.accept', () => {
  it('only the offered rep accepts; the offer card turns into "accepted by"', async () => {
    const lead = await offeredLead();
    expect(await dispatchAction(deps, as(team.bo), { action: 'lead.accept', entityId: lead.id })).toEqual({
      text: 'This lead is not offered to you.',
      tone: 'warning',
    });
    expect(await dispatchAction(deps, as(team.amy), { action: 'lead.accept', entityId: lead.id })).toEqual({
      text: `Accepted: ${lead.number} Han is yours now.`,
      tone: 'success',
    });
    expect(await dispatchAction(deps, as(team.amy), { action: 'lead.accept', entityId: lead.id })).toEqual({
      text: `You already accepted ${lead.number}.`,
      tone: 'info',
    });
    const [row] = await database.db.select().from(leads).where(eq(leads.id, lead.id));
    expect(row).toMatchObject({ status: 'accepted', ownerId: team.amy.id });
    const toAmy = await cards(database, { destination: `user:${team.amy.id}` });
    expect(toAmy.map((c) => [c.op, c.card.title, c.card.actions.length])).toEqual([
      ['post', 'New lead for you: Han', 2],
      ['update', 'Accepted by Amy: Han', 4],
    ]);
  });
});

describe('lead.decline', () => {
  it('re-offers to the next rep of the same rule, then the manager once everyone declined', async () => {
    const lead = await offeredLead();
    expect(await dispatchAction(deps, as(team.bo), { action: 'lead.decline', entityId: lead.id })).toEqual({
      text: 'This lead is not offered to you.',
      tone: 'warning',
    });
    expect(await dispatchAction(deps, as(team.amy), { action: 'lead.decline', entityId: lead.id })).toEqual({
      text: `Declined. ${lead.number} was offered to Bo.`,
      tone: 'info',
    });
    const toAmy = await cards(database, { destination: `user:${team.amy.id}` });
    expect(toAmy.map((c) => [c.op, c.card.title, c.card.actions.length])).toEqual([
      ['post', 'New lead for you: Han', 2],
      ['update', 'Declined by Amy: Han', 0],
    ]);
    const [toBo] = await cards(database, { destination: `user:${team.bo.id}` });
    expect(toBo?.card.context).toBe(
      `${lead.number} · rule East manufacturing, round-robin: you were next after Amy · declined by Amy`,
    );

    clock.advance(60_000);
    await dispatchAction(deps, as(team.bo), { action: 'lead.decline', entityId: lead.id });
    clock.advance(60_000);
    expect(await dispatchAction(deps, as(team.cai), { action: 'lead.decline', entityId: lead.id })).toEqual({
      text: `Declined. ${lead.number} was offered to Meng.`,
      tone: 'info',
    });
    const [toManager] = await cards(database, { destination: `user:${team.manager.id}` });
    expect(toManager?.card.context).toBe(
      `${lead.number} · no rep available, manager fallback: you manage the pool · nobody available under East manufacturing · declined by Amy, Bo, Cai`,
    );
    const declined = await database.db
      .select({ actorId: leadActivities.actorId })
      .from(leadActivities)
      .where(eq(leadActivities.kind, 'declined'))
      .orderBy(leadActivities.at);
    expect(declined.map((d) => d.actorId)).toEqual([team.amy.id, team.bo.id, team.cai.id]);

    expect(
      await dispatchAction(deps, as(team.manager), { action: 'lead.accept', entityId: lead.id }),
    ).toMatchObject({
      tone: 'success',
    });
    const [row] = await database.db.select().from(leads).where(eq(leads.id, lead.id));
    expect(row).toMatchObject({ status: 'accepted', ownerId: team.manager.id });
  });
});
