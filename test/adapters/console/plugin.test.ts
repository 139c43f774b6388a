import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleFeed } from '../../../src/app/console/read-console-feed.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import type { PrivateReply } from '../../../src/messages/model.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { consoleServer, deliver, seedRoster } from './fixture.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let people: Record<string, UserRow>;
let claimLeadId: string;
let offerLeadId: string;
let offeredTo: UserRow;
let bystander: UserRow;

const website = { kind: 'api', keyName: 'website' } as const;

async function feed(as: string, since?: string): Promise<ConsoleFeed> {
  const query = new URLSearchParams({ as, ...(since ? { since } : {}) });
  const response = await app.inject({ method: 'GET', url: `/console/api/feed?${query}` });
  expect(response.statusCode).toBe(200);
  return response.json<ConsoleFeed>();
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  people = await seedRoster(deps);
  app = await consoleServer(deps);
  const pooled = await createLead(deps, website, {
    name: '周杰',
    email: 'zhou.jie@xinghe.example',
    company: '星河贸易',
    region: 'east',
    industry: 'retail',
  });
  const offered = await createLead(deps, website, {
    name: '孙丽',
    phone: '13800138000',
    company: '东方机械',
    region: 'east',
    industry: 'manufacturing',
  });
  if (pooled.duplicate || offered.duplicate || !offered.owner) throw new Error('unexpected routing');
  claimLeadId = pooled.id;
  offerLeadId = offered.id;
  const owner = [people.li, people.han].find((u) => u?.id === offered.owner?.id);
  const other = [people.li, people.han].find((u) => u?.id !== offered.owner?.id);
  if (!owner || !other) throw new Error('offer went outside the east reps');
  offeredTo = owner;
  bystander = other;
  await deliver(deps);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('console feed', () => {
  it("shows the channel card to everyone and the offer only in its owner's direct messages", async () => {
    const mine = await feed(offeredTo.id);
    const theirs = await feed(bystander.id);
    const channelCard = (f: ConsoleFeed) => f.messages.find((m) => m.destination === 'channel:leads-east');
    expect(channelCard(mine)?.card.actions.map((a) => [a.id, a.value])).toEqual([
      ['lead.claim', claimLeadId],
    ]);
    expect(channelCard(theirs)?.id).toBe(channelCard(mine)?.id);

    const offer = mine.messages.filter((m) => m.destination === `user:${offeredTo.id}`);
    expect(offer.map((m) => m.card.actions.map((a) => a.id))).toEqual([['lead.accept', 'lead.decline']]);
    expect(offer[0]?.card.actions[0]?.value).toBe(offerLeadId);
    expect(
      theirs.messages.some(
        (m) => m.destination.startsWith('user:') && m.destination !== `user:${bystander.id}`,
      ),
    ).toBe(false);
    expect(theirs.messages.filter((m) => m.destination === `user:${bystander.id}`)).toEqual([]);
    expect(mine.conversations.map((c) => c.destination)).toEqual([
      'channel:leads-east',
      'channel:leads-pool',
      'channel:approvals',
      'channel:finance',
      `user:${offeredTo.id}`,
    ]);
    // The sidebar names channels by their closeloop.yaml labels.channels.
    expect(mine.conversations.find((c) => c.name === 'leads-pool')?.labels).toEqual({
      'zh-CN': '线索池',
      en: 'Lead pool',
    });
  });

  it('a claim through the action endpoint edits the channel card in place, seen by a later poll', async () => {
    const before = await feed(people.wang?.id ?? '');
    const response = await app.inject({
      method: 'POST',
      url: '/console/api/action',
      payload: { as: bystander.id, action: 'lead.claim', value: claimLeadId },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<PrivateReply>().tone).toBe('success');
    await deliver(deps);

    const after = await feed(people.wang?.id ?? '', before.cursor);
    const edited = after.messages.find((m) => m.destination === 'channel:leads-east');
    expect(edited?.revision).toBe(2);
    expect(edited?.card.title).toContain(bystander.name);
    expect(edited?.card.actions).toEqual([]);
  });

  it('a second claim gets a private "already claimed" answer with status 200', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/console/api/action',
      payload: { as: offeredTo.id, action: 'lead.claim', value: claimLeadId },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<PrivateReply>()).toMatchObject({ tone: 'warning' });
    expect(response.json<PrivateReply>().text).toContain(bystander.name);
  });

  it('an unknown action id is a 400 naming `action` and changes nothing', async () => {
    const outbox = await countRows(database, 'outbox');
    const audit = await countRows(database, 'audit_log');
    const response = await app.inject({
      method: 'POST',
      url: '/console/api/action',
      payload: { as: people.han?.id, action: 'lead.steal', value: claimLeadId },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'unknown_action', field: 'action' });
    expect(response.json().message).toContain('lead.steal');
    expect(await countRows(database, 'outbox')).toBe(outbox);
    expect(await countRows(database, 'audit_log')).toBe(audit);
  });

  it('a body without `as` is a 400 naming the field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/console/api/action',
      payload: { action: 'lead.claim', value: 'x' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('as');
  });

  it('somebody not on the roster gets a private refusal, in the org language', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      payload: { as: '00000000-0000-0000-0000-000000000000', text: 'help' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<PrivateReply>().text).toContain('花名册');
  });

  it('"help" returns the help card in the user\'s language', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      payload: { as: people.han?.id, text: 'help' },
    });
    expect(response.statusCode).toBe(200);
    const reply = response.json<PrivateReply>();
    expect(reply.card?.title).toBe('closeloop commands');
    expect(reply.card?.body).toContain('lead new');
  });

  it('the feed of somebody not on the roster is a 400 naming `as`', async () => {
    const response = await app.inject({ method: 'GET', url: '/console/api/feed?as=nobody' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ field: 'as' });
  });

  it('serves the page and the roster for the picker', async () => {
    const page = await app.inject({ method: 'GET', url: '/console' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('/console/api/feed');
    const roster = await app.inject({ method: 'GET', url: '/console/api/users' });
    expect(
      roster
        .json()
        .users.map((u: { email: string }) => u.email)
        .sort(),
    ).toEqual([
      'han.meimei@example.com',
      'li.lei@example.com',
      'wang.fang@example.com',
      'zhao.mgr@example.com',
    ]);
    expect(roster.json().texts['zh-CN'].channels).toBe('频道');
  });
});
