// Console: Edit on the owner's order card (and "order edit <no>") answers with the edit form; a refused field comes back
// as a 400 naming it, a good save makes version 2 and the manager's console cards are edited and posted.
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { customers, orders, outbox, products } from '../../../src/db/schema.ts';
import type { Card, Form, PrivateReply } from '../../../src/messages/model.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { consoleServer, deliver, seedRoster } from './fixture.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let people: Record<string, UserRow>;
let orderId: string;

const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  people = await seedRoster(deps);
  app = await consoleServer(deps);
  await deps.db
    .insert(products)
    .values({ sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' });
  await deps.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: people.han?.id });
  const status = await runTextCommand(
    deps,
    { kind: 'user', user: people.han as UserRow },
    'order new customer:ACME sku:B200 qty:1 plan:net-30',
  );
  orderId = status.card?.actions.find((a) => a.id === 'order.edit')?.value ?? '';
  await deliver(deps);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('the console order edit form', () => {
  it("Edit on the owner's card answers with the form, prefilled; a typed 'order edit <no>' too", async () => {
    expect(orderId).not.toBe('');
    const clicked = await post('/console/api/action', {
      as: people.han?.id,
      action: 'order.edit',
      value: orderId,
    });
    expect(clicked.statusCode).toBe(200);
    const { form } = clicked.json<{ form: Form }>();
    expect(form).toMatchObject({
      id: 'order.edit',
      entityId: orderId,
      state: '1',
      title: 'Edit SO-2026-00001',
    });
    expect(form.fields.find((f) => f.name === 'lines')?.value).toBe('B200*1@1000.00');
    const typed = await post('/console/api/command', {
      as: people.han?.id,
      text: 'order edit so-2026-00001',
    });
    expect(typed.json<{ form: Form }>().form.entityId).toBe(orderId);
    const stranger = await post('/console/api/action', {
      as: people.li?.id,
      action: 'order.edit',
      value: orderId,
    });
    expect(stranger.json<PrivateReply>().text).toContain('Han Meimei');
  });

  it('a refused field is a 400 naming it, and nothing is written', async () => {
    const versions = await countRows(database, 'order_versions');
    const res = await post('/console/api/form', {
      as: people.han?.id,
      form: 'order.edit',
      entityId: orderId,
      state: '1',
      values: { lines: 'B200*1', plan: 'net-30', termsKind: 'nonstandard', terms: '' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'order_terms_text', field: 'terms' });
    expect(await countRows(database, 'order_versions')).toBe(versions);
  });

  it("a good save makes version 2; the manager's v1 card is edited and a v2 card posted", async () => {
    const res = await post('/console/api/form', {
      as: people.han?.id,
      form: 'order.edit',
      entityId: orderId,
      state: '1',
      values: { lines: 'B200*2@800', plan: 'net-30', termsKind: 'standard', note: '' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<PrivateReply>().text).toContain('version 2');
    const [order] = await deps.db.select().from(orders).where(eq(orders.id, orderId));
    expect(order).toMatchObject({ version: 2, status: 'pending_approval', totalMinor: 160_000 });
    const cards = await deps.db
      .select({ op: outbox.op, refKey: outbox.refKey, card: outbox.card })
      .from(outbox)
      .where(and(eq(outbox.destination, `user:${people.manager?.id}`), eq(outbox.platform, 'console')))
      .orderBy(asc(outbox.id));
    const edited = cards.find((c) => c.op === 'update' && c.refKey.includes(':v1:'))?.card as
      | Card
      | undefined;
    expect(edited?.actions).toEqual([]);
    const posted = cards.find((c) => c.op === 'post' && c.refKey.includes(':v2:'))?.card as Card | undefined;
    expect(posted?.actions.map((a) => a.id)).toEqual(['order.approve', 'order.reject']);
    expect(posted?.fields.some((f) => f.value.includes('800'))).toBe(true);
  });
});
