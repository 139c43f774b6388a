// Orders over REST (/api/orders: created, read, refused with the field named) and an approval level in mode all.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/apikeys/create-api-key.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { decideApproval } from '../../../src/app/orders/decide-approval.ts';
import { customers, installments, products } from '../../../src/db/schema.ts';
import { ordersApi } from '../../../src/http/api/orders.ts';
import { buildServer } from '../../../src/http/server.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, rowCounts, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import {
  approvalOfPerson,
  cardsAbout,
  insertPerson,
  livingCard,
  orderNumbered,
  orderTables,
} from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};
const as = (user: UserRow | undefined): UserActor => {
  if (!user) throw new Error('no such test user');
  return { kind: 'user', user };
};
const addUser = (key: string, values: Parameters<typeof insertPerson>[3]) =>
  insertPerson(database, people, key, values);

const approvalOf = (orderId: string, userKey: string) =>
  approvalOfPerson(database, orderId, people[userKey]?.id);
const orderByNumber = (number: string) => orderNumbered(database, number);

const snapshotCounts = () => rowCounts(database, [...orderTables, 'customers']);

beforeAll(async () => {
  database = await createTestDatabase();
  // 10:00 in Shanghai on 2026-11-02.
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  const boss = await addUser('boss', { name: 'Wang Boss', roles: ['manager'] });
  await addUser('rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  await addUser('rep2', { name: 'Zhao Rep', roles: ['rep'], managerId: boss.id });
  await addUser('law', { name: 'Legal Lu', roles: ['legal'] });
  await database.db
    .insert(products)
    .values({ sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' });
  await database.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: people.rep?.id });
});

afterAll(async () => {
  await database?.close();
});

describe('REST: /api/orders', () => {
  let app: FastifyInstance;
  let key = '';

  beforeAll(async () => {
    app = await buildServer({ deps, api: [ordersApi], adapters: [], health: {} });
    key = (await createApiKey(deps, 'erp')).key;
  });

  afterAll(async () => {
    await app?.close();
  });

  const post = (payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/orders', headers: { authorization: `Bearer ${key}` }, payload });

  it('201 with id, number, status and total; GET shows approvals', async () => {
    const res = await post({
      customerName: 'ACME',
      ownerEmail: 'rep@demo.test',
      lines: [
        { sku: 'B200', quantity: 2, unitPrice: '999.99' },
        { description: 'Installation', quantity: 1, unitPrice: 500, discountPercent: 10 },
      ],
      paymentPlan: 'net-30',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'pending_approval',
      currency: 'CNY',
      total: '2449.98',
      totalMinor: 244_998,
    });
    expect(body.number).toMatch(/^SO-2026-\d{5}$/);

    const got = await app.inject({
      method: 'GET',
      url: `/api/orders/${body.number}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      number: body.number,
      owner: { email: 'rep@demo.test' },
      lines: [
        { description: 'Die set B200', quantity: 2, unitPrice: '999.99', amount: '1999.98' },
        { description: 'Installation', discountPercent: 10, amount: '450.00' },
      ],
      approvals: [{ level: 1, levelName: 'manager', approver: { name: 'Wang Boss' }, status: 'pending' }],
      installments: [],
    });
  });

  it('a bad line is a 400 naming lines.0.quantity and writes nothing', async () => {
    const before = await snapshotCounts();
    const res = await post({
      customerName: 'ACME',
      ownerEmail: 'rep@demo.test',
      lines: [{ sku: 'B200', quantity: 0 }],
      paymentPlan: 'net-30',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('lines.0.quantity');
    expect(await snapshotCounts()).toEqual(before);
  });

  it.each([
    [{ lines: [{ sku: 'NOPE', quantity: 1 }] }, 'lines.0.sku'],
    [{ lines: [{ sku: 'B200', quantity: 1, unitPrice: '1.234' }] }, 'lines.0.unitPrice'],
    [{ ownerEmail: 'ghost@demo.test' }, 'ownerEmail'],
    [{ paymentPlan: 'net-90' }, 'paymentPlan'],
  ])('%o → 400 naming %s, nothing written', async (patch, field) => {
    const before = await snapshotCounts();
    const res = await post({
      customerName: 'ACME',
      ownerEmail: 'rep@demo.test',
      lines: [{ sku: 'B200', quantity: 1 }],
      paymentPlan: 'net-30',
      ...patch,
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain(field);
    expect(await snapshotCounts()).toEqual(before);
  });

  it('GET of an unknown order is a 404', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/orders/SO-2026-99999',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('a level in mode all', () => {
  it('waits for every approver of the level; the requester’s living card names the level still open', async () => {
    await addUser('law2', { name: 'Legal Ma', roles: ['legal'] });
    const policy = structuredClone(deps.policy);
    policy.approvals.levels = policy.approvals.levels.map((l) =>
      l.name === 'legal' ? { ...l, mode: 'all' } : l,
    );
    const strict = { ...deps, policy };
    const created = await createOrder(strict, as(people.rep2), {
      source: { customerName: 'ACME' },
      lines: [{ sku: 'B200', quantity: 1 }],
      paymentPlan: 'net-30',
      nonStandardTerms: true,
      terms: 'exclusive territory',
      submit: true,
    });
    const approve = (key: string) =>
      approvalOf(created.id, key).then((a) =>
        decideApproval(strict, as(people[key]), { approvalId: a.id, decision: 'approve' }),
      );
    await approve('boss');
    expect(await cardsAbout(database, people.law2?.id, created.number)).toHaveLength(1);
    expect(await approve('law')).toMatchObject({ decided: true, orderApproved: false });
    expect((await orderByNumber(created.number)).status).toBe('pending_approval');
    expect((await approvalOf(created.id, 'law2')).status).toBe('pending');
    const waiting = (await livingCard(database, created.id, people.rep2?.id)).at(-1)?.card;
    expect(waiting?.body).toMatch(/^\*\*Waiting for step 2\/2 legal\*\*: /);
    expect(await approve('law2')).toMatchObject({ decided: true, orderApproved: true });
    expect((await orderByNumber(created.number)).status).toBe('approved');
    const plan = await database.db.select().from(installments).where(eq(installments.orderId, created.id));
    expect(plan.map((i) => [i.dueOn, i.amountMinor])).toEqual([['2026-12-02', 100_000]]);
  });
});
