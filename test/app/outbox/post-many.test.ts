// uow.postMany and uow.auditMany write exactly the rows that one post / audit call per item would, in bulk.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CardPost, inTransaction } from '../../../src/app/unit-of-work.ts';
import { OUTBOX_CHANNEL } from '../../../src/db/outbox-wake.ts';
import type { Card, Locale } from '../../../src/messages/model.ts';
import { createTestDatabase, type TestDatabase, truncateTables } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addUser } from '../leads/fixtures.ts';

const system = { kind: 'system', name: 'test' } as const;
const card = (title: string, locale: Locale): Card => ({
  title: `${title} (${locale})`,
  fields: [],
  actions: [],
  tone: 'info',
});

let database: TestDatabase;
let posts: CardPost[];

beforeAll(async () => {
  database = await createTestDatabase();
  const amy = await addUser(database, {
    name: 'Amy',
    locale: 'en',
    slackUserId: 'UAMY',
    larkOpenId: 'ou_amy',
  });
  const wang = await addUser(database, { name: '王伟', locale: 'zh-CN', slackUserId: 'UWANG' });
  const bo = await addUser(database, { name: 'Bo' });
  posts = [
    { target: { kind: 'user', userId: amy.id }, refKey: 'lead:1:offer', build: (l) => card('offer 1', l) },
    { target: { kind: 'user', userId: wang.id }, refKey: 'lead:2:offer', build: (l) => card('offer 2', l) },
    { target: { kind: 'user', userId: bo.id }, refKey: 'lead:3:offer', build: (l) => card('offer 3', l) },
    {
      target: { kind: 'channel', name: 'leads-east' },
      refKey: 'lead:4:claim',
      build: (l) => card('claim 4', l),
    },
    {
      target: { kind: 'channel', name: 'no-such' },
      refKey: 'lead:5:claim',
      build: (l) => card('claim 5', l),
    },
    // Nobody: like post, no rows.
    {
      target: { kind: 'user', userId: randomUUID() },
      refKey: 'lead:6:offer',
      build: (l) => card('offer 6', l),
    },
    // The same card twice in one batch: one row, as two posts would leave.
    { target: { kind: 'user', userId: amy.id }, refKey: 'lead:1:offer', build: (l) => card('offer 1', l) },
  ];
});

afterAll(async () => {
  await database?.close();
});

beforeEach(async () => {
  await truncateTables(database, 'outbox, audit_log restart identity');
});

async function outboxRows() {
  const { rows } = await database.pool.query(
    `select id, idempotency_key, platform, destination, op, ref_key, locale, card, status, next_attempt_at, created_at
     from outbox order by id`,
  );
  return rows;
}

async function auditRows() {
  const { rows } = await database.pool.query(
    'select id, created_at, actor_id, actor_label, action, entity_type, entity_id, before, after from audit_log order by id',
  );
  return rows;
}

describe('uow.postMany', () => {
  it('enqueues the same outbox rows as one post per card, on every platform, in every locale', async () => {
    const deps = testDeps(database, { platforms: ['console', 'slack', 'lark'] });
    await inTransaction(deps, system, async (uow) => {
      for (const p of posts) await uow.post(p.target, p.refKey, p.build);
    });
    const single = await outboxRows();
    await database.pool.query('truncate outbox restart identity');
    await inTransaction(deps, system, (uow) => uow.postMany(posts));
    const bulk = await outboxRows();
    expect(bulk).toEqual(single);
    expect(bulk.map((r) => r.idempotency_key)).toEqual([
      expect.stringMatching(/^lead:1:offer\|console\|user:[0-9a-f-]+\|post$/),
      'lead:1:offer|slack|UAMY|post',
      'lead:1:offer|lark|ou_amy|post',
      expect.stringMatching(/^lead:2:offer\|console\|user:/),
      'lead:2:offer|slack|UWANG|post',
      expect.stringMatching(/^lead:3:offer\|console\|user:/),
      'lead:4:claim|console|channel:leads-east|post',
      'lead:4:claim|slack|C0LEADSEAST|post',
      'lead:4:claim|lark|oc_leads_east|post',
      'lead:5:claim|console|channel:no-such|post',
    ]);
    expect(bulk.filter((r) => r.platform === 'slack').map((r) => r.card.title)).toEqual([
      'offer 1 (en)',
      'offer 2 (zh-CN)',
      'claim 4 (zh-CN)',
    ]);
  });

  it('a second postMany of the same cards (a retried chunk) adds nothing', async () => {
    const deps = testDeps(database, { platforms: ['console', 'slack'] });
    await inTransaction(deps, system, (uow) => uow.postMany(posts));
    const first = await outboxRows();
    await inTransaction(deps, system, (uow) => uow.postMany(posts));
    expect(await outboxRows()).toEqual(first);
  });

  it('writes more cards than one statement holds and wakes the workers once, after commit', async () => {
    const deps = testDeps(database);
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    await listener.query(`listen ${OUTBOX_CHANNEL}`);
    const many: CardPost[] = Array.from({ length: 2_500 }, (_, i) => ({
      target: { kind: 'channel', name: 'leads-pool' },
      refKey: `lead:${i}:claim`,
      build: (l) => card(`claim ${i}`, l),
    }));
    await inTransaction(deps, system, (uow) => uow.postMany(many));
    await listener.query('select 1');
    await new Promise((r) => setTimeout(r, 50));
    await listener.end();
    expect(heard).toEqual([OUTBOX_CHANNEL]);
    const { rows } = await database.pool.query('select count(distinct ref_key)::int n from outbox');
    expect(rows[0].n).toBe(2_500);
  });

  it('an empty list writes nothing and wakes nobody', async () => {
    const deps = testDeps(database);
    await inTransaction(deps, system, (uow) => uow.postMany([]));
    expect(await outboxRows()).toEqual([]);
  });
});

describe('uow.auditMany', () => {
  it('writes the same audit rows, in order, as one audit call each', async () => {
    const deps = testDeps(database);
    const entries = Array.from({ length: 1_200 }, (_, i) => ({
      action: 'lead.create',
      entityType: 'lead',
      entityId: `e${i}`,
      ...(i % 2 === 0 ? { before: { status: 'new' } } : {}),
      after: { n: i },
    }));
    await inTransaction(deps, system, async (uow) => {
      for (const e of entries) await uow.audit(e);
    });
    const single = await auditRows();
    await truncateTables(database, 'audit_log restart identity');
    await inTransaction(deps, system, (uow) => uow.auditMany(entries));
    expect(await auditRows()).toEqual(single);
    expect(single).toHaveLength(1_200);
  });
});
