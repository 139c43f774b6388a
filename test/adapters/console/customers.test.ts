// The console door to master data: "customer new" opens the form and creates, "客户 查找" finds by another spelling,
// "customer show" shows the card with the buttons the asker may use, a rep's credit limit is refused, finance's is not.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { auditLog, customers, users } from '../../../src/db/schema.ts';
import type { Card, Form } from '../../../src/messages/model.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { consoleServer, seedRoster } from './fixture.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let people: Record<string, UserRow>;
let finance: UserRow;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  people = await seedRoster(deps);
  const [fin] = await database.db
    .insert(users)
    .values({ email: 'fin@example.com', name: 'Fiona Finance', roles: ['finance'], locale: 'en' })
    .returning();
  if (!fin) throw new Error('finance insert failed');
  finance = fin;
  app = await consoleServer(deps);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const person = (key: string) => {
  const user = people[key];
  if (!user) throw new Error(`no ${key}`);
  return user;
};

async function command(as: UserRow, text: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/console/api/command',
    payload: { as: as.id, text },
  });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

async function submit(as: UserRow, form: Form, values: Record<string, string>) {
  const response = await app.inject({
    method: 'POST',
    url: '/console/api/form',
    payload: { as: as.id, form: form.id, entityId: form.entityId, state: form.state, values },
  });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

describe('customers from the console', () => {
  it('a rep creates a customer through the form; the form has no credit inputs for them', async () => {
    const opened = await command(person('han'), 'customer new');
    const form = opened.body.form as Form;
    expect(form.title).toBe('New customer');
    expect(form.fields.map((f) => f.name)).not.toContain('creditLimit');
    const empty = await submit(person('han'), form, { name: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.field).toBe('name');
    const created = await submit(person('han'), form, {
      name: 'Northwind Traders Co., Ltd.',
      region: 'east',
    });
    expect(created.status).toBe(200);
    expect(created.body.tone).toBe('success');
    const [row] = await database.db
      .select()
      .from(customers)
      .where(eq(customers.name, 'Northwind Traders Co., Ltd.'));
    expect(row?.ownerId).toBe(person('han').id);
  });

  it('"客户 查找" finds it by another spelling; "customer show" shows the card with Edit for the owner', async () => {
    const found = await command(person('li'), '客户 查找 northwind traders');
    expect((found.body.card as Card).body).toContain('Northwind Traders Co., Ltd.');
    const shown = await command(person('han'), 'customer show NORTHWIND TRADERS');
    const card = shown.body.card as Card;
    expect(card.title).toBe('Customer: Northwind Traders Co., Ltd.');
    expect(card.actions.map((a) => a.id)).toEqual(['customer.edit', 'order.new']);
    // Another team's rep sees it but may not edit it.
    const other = await command(person('wang'), 'customer show Northwind Traders');
    expect((other.body.card as Card).actions.map((a) => a.id)).toEqual(['order.new']);
  });

  it('a rep may not set a credit limit; finance may, and the owner gets the card', async () => {
    const refused = await command(person('han'), 'customer edit Northwind Traders creditLimit:100000');
    expect(refused.body.tone).toBe('warning');
    expect(refused.body.text).toContain('is for finance');
    const form = (await command(finance, 'customer edit "Northwind Traders"')).body.form as Form;
    expect(form.fields.map((f) => f.name)).toContain('creditLimit');
    const values = Object.fromEntries(form.fields.map((f) => [f.name, f.value ?? '']));
    const saved = await submit(finance, form, { ...values, creditLimit: '100000' });
    expect(saved.status).toBe(200);
    expect(saved.body.text).toBe('Customer Northwind Traders Co., Ltd. updated: creditLimit.');
    const [row] = await database.db
      .select()
      .from(customers)
      .where(eq(customers.name, 'Northwind Traders Co., Ltd.'));
    expect(row?.creditLimitMinor).toBe(10_000_000);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'customer.credit'));
    expect(audits).toHaveLength(1);
    // The same form sent again changes nothing.
    const again = await submit(finance, form, { ...values, creditLimit: '100000' });
    expect(again.body.text).toBe(
      'Customer Northwind Traders Co., Ltd. already has these details; nothing changed.',
    );
    // The card's timeline tells who created the customer and who changed its credit, once each.
    const shown = (await command(person('han'), 'customer show Northwind Traders')).body.card as {
      fields: { label: string; value: string }[];
    };
    const timeline = shown.fields.find((f) => f.label === 'Timeline')?.value ?? '';
    expect(timeline.match(/Han [^:\n]*: created the customer/g)).toHaveLength(1);
    expect(timeline.match(/: changed the credit limit or tier/g)).toHaveLength(1);
  });

  it('a name copied from a card, with the invisible marks that keep its stars as typed, still finds the customer', async () => {
    const opened = await command(person('han'), 'customer new');
    const created = await submit(person('han'), opened.body.form as Form, {
      name: 'Star*Tools* Ltd_',
      region: 'east',
    });
    expect(created.status).toBe(200);
    const found = await command(person('li'), 'customer find star');
    const copied = /\*\*(.+?)\*\* ·/.exec((found.body.card as Card).body ?? '')?.[1] ?? '';
    expect(copied.replaceAll('\u200B', '')).toBe('Star*Tools* Ltd_');
    const shown = await command(person('han'), `customer show ${copied}`);
    expect((shown.body.card as Card | undefined)?.title.replaceAll('\u200B', '')).toBe(
      'Customer: Star*Tools* Ltd_',
    );
  });

  it('"product find" with nothing to find says so', async () => {
    const none = await command(person('han'), 'product find zzz');
    expect(none.body.text).toBe('No active product matches "zzz". Try part of the SKU or the name.');
  });
});
