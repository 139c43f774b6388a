// Console: "order new <customer>" answers with the new-order form prefilled; a refused field is a 400 naming it with
// nothing written, a good one creates and submits the order and the manager's console gets the approval card.
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { customers, orders, outbox, products } from '../../../src/db/schema.ts';
import type { Card, Form, PrivateReply } from '../../../src/messages/model.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { consoleServer, seedRoster } from './fixture.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let people: Record<string, UserRow>;

const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  people = await seedRoster(deps);
  app = await consoleServer(deps);
  await deps.db
    .insert(products)
    .values({ sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' });
  await deps.db.insert(customers).values({
    name: 'ACME',
    normalizedName: 'acme',
    currency: 'CNY',
    ownerId: people.han?.id,
    defaultPaymentPlan: '30-60-10',
  });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('the console new-order form', () => {
  it('"order new ACME" answers with the form; a bad line is a 400 on lines; a good one is submitted', async () => {
    const opened = await post('/console/api/command', { as: people.han?.id, text: 'order new ACME' });
    expect(opened.statusCode).toBe(200);
    const { form } = opened.json<{ form: Form }>();
    expect(form).toMatchObject({ id: 'order.new', title: 'New order', submit: 'Create and submit' });
    expect(form.intro).toContain('**ACME**');
    expect(form.fields.find((f) => f.name === 'plan')?.value).toBe('30-60-10');

    const bad = await post('/console/api/form', {
      as: people.han?.id,
      form: 'order.new',
      entityId: form.entityId,
      state: form.state,
      values: { lines: 'ZZ9*1', plan: '30-60-10', termsKind: 'standard' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'order_unknown_sku', field: 'lines' });
    expect(await countRows(database, 'orders')).toBe(0);

    const res = await post('/console/api/form', {
      as: people.han?.id,
      form: 'order.new',
      entityId: form.entityId,
      state: form.state,
      values: { lines: 'B200*2', plan: '30-60-10', termsKind: 'standard', terms: '' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<PrivateReply>().text).toContain('was created and sent for approval');
    const [order] = await deps.db.select().from(orders);
    expect(order).toMatchObject({ status: 'pending_approval', totalMinor: 200_000, paymentPlan: '30-60-10' });
    const cards = await deps.db
      .select({ card: outbox.card })
      .from(outbox)
      .where(and(eq(outbox.destination, `user:${people.manager?.id}`), eq(outbox.platform, 'console')))
      .orderBy(asc(outbox.id));
    const approval = cards.map((c) => c.card as Card).find((c) => c.title.includes(order?.number ?? '?'));
    expect(approval?.actions.map((a) => a.id)).toEqual(['order.approve', 'order.reject']);
  });
});
