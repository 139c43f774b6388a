// A re-sent REST write with the same Idempotency-Key gets the first answer and creates nothing twice.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { customers, products, users } from '../../src/db/schema.ts';
import { ordersApi } from '../../src/http/api/orders.ts';
import { buildServer } from '../../src/http/server.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

let database: TestDatabase;
let app: FastifyInstance;
let key: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const deps = testDeps(database);
  const [manager] = await database.db
    .insert(users)
    .values({ email: 'boss@demo.test', name: 'Boss', roles: ['manager'] })
    .returning();
  await database.db
    .insert(users)
    .values({ email: 'rep@demo.test', name: 'Rep', roles: ['rep'], managerId: manager!.id });
  await database.db.insert(customers).values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY' });
  await database.db
    .insert(products)
    .values({ sku: 'B200', name: 'Die set B200', unitPriceMinor: 99_999, currency: 'CNY' });
  app = await buildServer({ deps, api: [ordersApi], adapters: [], health: {} });
  key = (await createApiKey(deps, 'erp')).key;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const order = {
  customerName: 'ACME',
  ownerEmail: 'rep@demo.test',
  lines: [{ sku: 'B200', quantity: 2 }],
  paymentPlan: 'net-30',
};
const post = (payload: unknown, idempotencyKey?: string) =>
  app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: {
      authorization: `Bearer ${key}`,
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    payload: payload as Record<string, unknown>,
  });

describe('Idempotency-Key on REST writes', () => {
  it('an ERP re-sending the same order gets the same answer and one order', async () => {
    const first = await post(order, 'erp-po-4711');
    const again = await post(order, 'erp-po-4711');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await countRows(database, 'orders')).toBe(1);
    // Without a key, a second POST is a second order — the key is what makes the retry safe.
    expect((await post(order)).statusCode).toBe(201);
    expect(await countRows(database, 'orders')).toBe(2);
  });

  it('the same key with a different body is refused, naming the header, and changes nothing', async () => {
    const res = await post({ ...order, lines: [{ sku: 'B200', quantity: 3 }] }, 'erp-po-4711');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: 'idempotency_key_reused', field: 'Idempotency-Key' });
    expect(await countRows(database, 'orders')).toBe(2);
  });

  it('a request refused for bad input does not burn its key', async () => {
    const bad = await post({ ...order, paymentPlan: 'net-999' }, 'erp-po-4712');
    expect(bad.statusCode).toBe(400);
    const good = await post(order, 'erp-po-4712');
    expect(good.statusCode).toBe(201);
    expect(await countRows(database, 'orders')).toBe(3);
  });

  it('concurrent re-sends of one key create one order', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => post(order, 'erp-po-4713')));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 201).length).toBeGreaterThanOrEqual(1);
    expect(codes.every((c) => c === 201 || c === 409)).toBe(true);
    expect(await countRows(database, 'orders')).toBe(4);
  });

  it('a malformed key is refused with the fix', async () => {
    const res = await post(order, 'has spaces in it');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'Idempotency-Key' });
  });
});
