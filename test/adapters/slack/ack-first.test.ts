import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryKeyOf, RecentDeliveries } from '../../../adapters/slack/recent-deliveries.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { leads, users } from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { click, send, slackServer, slash, until } from './slack-fixture.ts';

const roster = `name,email,roles,region,manager_email,slack_user_id,locale
Meng Manager,meng@example.cn,manager,east,,U0MENG,en
Amy Rep,amy@example.cn,rep,east,meng@example.cn,U0AMY,en
Bo Rep,bo@example.cn,rep,east,meng@example.cn,U0BO,en
`;

const clock = testClock('2026-11-02T02:00:00Z');
let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
// Two servers on one database: two processes, each with its own memory of the deliveries it answered.
let first: FastifyInstance;
let second: FastifyInstance;
let people: Map<string, UserRow>;

const website = { kind: 'api', keyName: 'website' } as const;
const tables = ['leads', 'lead_activities', 'outbox', 'audit_log', 'inbound_events'];
const counts = async () =>
  Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await countRows(database, t)])));

async function pooledLead(name: string): Promise<string> {
  const lead = await createLead(deps, website, {
    name,
    email: `${name.toLowerCase().replace(/\s/g, '.')}@ack.example`,
    company: `${name} Trading`,
    region: 'east',
    industry: 'retail',
  });
  return lead.id;
}

const ownerOf = async (leadId: string) =>
  (await deps.db.select({ ownerId: leads.ownerId }).from(leads).where(eq(leads.id, leadId)))[0]?.ownerId;

const ephemeralsTo = (user: string) =>
  slack.callsTo('chat.postEphemeral').filter((c) => c.args.user === user);

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock, platforms: ['console', 'slack'] });
  slack = await startFakeSlack();
  await importRoster(deps, { kind: 'system', name: 'test' }, roster);
  people = new Map((await deps.db.select().from(users)).map((u) => [u.slackUserId ?? '', u]));
  first = await slackServer(deps, slack);
  second = await slackServer(deps, slack);
});

afterAll(async () => {
  await first.close();
  await second.close();
  await slack.close();
  await database.close();
});

describe('a click is acknowledged before any database work', () => {
  it('answers 200 while the table of seen deliveries is locked; the claim happens once the lock goes', async () => {
    const leadId = await pooledLead('Locked Lu');
    const locker = await database.pool.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table inbound_events in access exclusive mode');
      // Before, the replay check wrote to inbound_events ahead of the ack: this request would wait for the lock.
      const res = await send(first, deps, click('U0AMY', 'lead.claim|0', leadId, { channel: 'C0LEADSEAST' }));
      expect([res.statusCode, res.body]).toEqual([200, '']);
      expect(await ownerOf(leadId)).toBeNull();
      await locker.query('rollback');
    } finally {
      locker.release();
    }
    await until(() => ephemeralsTo('U0AMY').at(-1), 'the private answer to the claim');
    expect(await ownerOf(leadId)).toBe(people.get('U0AMY')?.id);
  });
});

describe('replays after the ack moved ahead of the durable check', () => {
  it('a click replayed to the same process and to another process is answered 200 and claims nothing more', async () => {
    const leadId = await pooledLead('Replay Ran');
    const claim = click('U0BO', 'lead.claim|0', leadId, { channel: 'C0LEADSEAST' });
    expect((await send(first, deps, claim)).statusCode).toBe(200);
    await until(() => ephemeralsTo('U0BO').at(-1), 'the private answer to the claim');
    expect(await ownerOf(leadId)).toBe(people.get('U0BO')?.id);

    const before = await counts();
    const answersBefore = slack.calls.length;
    const copies = [await send(first, deps, claim), await send(second, deps, claim)];
    expect(copies.map((r) => [r.statusCode, r.body])).toEqual([
      [200, ''],
      [200, ''],
    ]);
    // The copy's work (if any) runs after its answer: give it the time a real claim takes, then see nothing changed.
    await send(second, deps, click('U0BO', 'lead.claim|0', leadId, { channel: 'C0LEADSEAST' }));
    await until(
      () => slack.calls.length > answersBefore && ephemeralsTo('U0BO').length === 2,
      'the fresh click',
    );
    const after = await counts();
    // The fresh click (a double click on an owned lead) remembers its own trigger_id and nothing else.
    expect(after).toEqual({ ...before, inbound_events: before.inbound_events + 1 });
    expect(ephemeralsTo('U0BO')).toHaveLength(2);
  });

  it('a slash command replayed to another process runs once', async () => {
    const command = slash('U0AMY', '/lead', 'mine', slack.responseUrl('mine'));
    expect((await send(first, deps, command)).statusCode).toBe(200);
    await until(() => slack.callsTo('response_url').at(-1), 'the answer to /lead mine');
    const copy = await send(second, deps, command);
    expect([copy.statusCode, copy.body]).toEqual([200, '']);
    // A later command through the same process shows the queue has run everything before it.
    await send(second, deps, slash('U0AMY', '/lead', 'mine', slack.responseUrl('mine-again')));
    await until(() => slack.callsTo('response_url').length >= 2, 'the second answer');
    expect(slack.callsTo('response_url')).toHaveLength(2);
  });
});

describe('RecentDeliveries', () => {
  it('lets each id through once within the window, and again once the window has passed', () => {
    let now = 0;
    const recent = new RecentDeliveries(() => now, 1_000, 10);
    expect([recent.first('a'), recent.first('a'), recent.first('b')]).toEqual([true, false, true]);
    now = 1_001;
    expect(recent.first('a')).toBe(true);
  });

  it('forgets the oldest past its cap, so a flood of ids cannot grow it', () => {
    const recent = new RecentDeliveries(() => 0, 60_000, 3);
    for (const id of ['a', 'b', 'c', 'd']) recent.first(id);
    expect([recent.first('a'), recent.first('d')]).toEqual([true, false]);
  });

  it.each([
    [{ type: 'event_callback', event_id: 'Ev1' }, 'event:Ev1'],
    [{ type: 'block_actions', trigger_id: 't1' }, 'trigger:t1'],
    [{ command: '/lead', trigger_id: 't2' }, 'trigger:t2'],
    [{ type: 'view_submission', trigger_id: 't3' }, 'trigger:t3'],
    [{ type: 'block_suggestion' }, null],
    [{ type: 'block_actions' }, null],
  ])('keys %j as %s', (body, key) => {
    expect(deliveryKeyOf(body)).toBe(key);
  });
});
