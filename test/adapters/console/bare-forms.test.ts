// The console answers a bare "lead new", "线索 新建", "order new" and "lead log" with their forms (as README says), and a
// mistyped command with "did you mean …" and one usage line instead of the whole help.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { acceptLead } from '../../../src/app/leads/accept-lead.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { customers, leads, orderLines, orders, products, users } from '../../../src/db/schema.ts';
import type { Form } from '../../../src/messages/model.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { consoleServer, seedRoster } from './fixture.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let people: Record<string, UserRow>;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  people = await seedRoster(deps);
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

async function formOf(as: UserRow, text: string): Promise<Form> {
  const { status, body } = await command(as, text);
  expect({ text, status }).toEqual({ text, status: 200 });
  expect(body.form).toBeDefined();
  return body.form as Form;
}

describe('bare commands open their forms on the console', () => {
  it('"lead new" and "线索 新建" open the new-lead form in the reader\'s language; submitting it creates the lead', async () => {
    const en = await formOf(person('han'), 'lead new');
    expect(en.title).toBe('New lead');
    expect(en.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['name', 'company', 'phone', 'email']),
    );
    const zh = await formOf(person('li'), '线索 新建');
    expect(zh.title).toBe('新建线索');
    expect(zh.fields.find((f) => f.name === 'name')?.label).toBe('姓名');

    const missing = await submit(person('li'), zh, { name: '', company: '星河贸易' });
    expect(missing.status).toBe(400);
    expect(missing.body.field).toBe('name');
    expect(await database.db.select().from(leads)).toHaveLength(0);

    const created = await submit(person('li'), zh, {
      name: '周杰',
      company: '星河贸易',
      phone: '13800138001',
      region: 'east',
    });
    expect(created.status).toBe(200);
    expect(created.body.tone).toBe('success');
    const [row] = await database.db.select().from(leads).where(eq(leads.name, '周杰'));
    expect(row?.company).toBe('星河贸易');
  });

  it('"lead log" alone asks which of the rep\'s open leads; the follow-up is logged on the one picked', async () => {
    const refused = await command(person('wang'), 'lead log');
    expect(refused.status).toBe(200);
    expect(refused.body.form).toBeUndefined();
    expect(refused.body.text).toBe('你目前没有可记录跟进的线索。');

    const lead = await createLead(deps, { kind: 'api', keyName: 'website' } as const, {
      name: '孙丽',
      phone: '13800138002',
      company: '东方机械',
      region: 'east',
      industry: 'manufacturing',
    });
    if (lead.duplicate) throw new Error('duplicate');
    const [row] = await database.db.select().from(leads).where(eq(leads.id, lead.id));
    const owner = [person('li'), person('han')].find((u) => u.id === row?.offeredToId);
    if (!owner) throw new Error('not offered to an east rep');
    expect((await acceptLead(deps, { kind: 'user', user: owner }, lead.id)).accepted).toBe(true);

    const form = await formOf(owner, 'lead log');
    const pick = form.fields.find((f) => f.name === 'lead');
    expect(pick?.kind).toBe('select');
    expect(pick?.options?.map((o) => o.value)).toContain(lead.id);
    const logged = await submit(owner, form, {
      lead: lead.id,
      kind: 'call',
      note: 'asked for a quote',
      next: '',
    });
    expect(logged.status).toBe(200);
    expect(logged.body.tone).toBe('success');
    expect(String(logged.body.text)).toContain(lead.number);
  });

  it('"order new" alone asks who it is for; an unknown customer is shown on that input, a known one makes the order', async () => {
    await database.db
      .insert(customers)
      .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: person('han').id });
    const form = await formOf(person('han'), 'order new');
    expect(form.fields[0]?.name).toBe('for');
    const plan = form.fields.find((f) => f.name === 'plan')?.value ?? '';

    const unknown = await submit(person('han'), form, { for: 'Nobody Ltd', lines: '"Setup"*1@500', plan });
    expect(unknown.status).toBe(400);
    expect(unknown.body.field).toBe('for');
    expect(await database.db.select().from(orders)).toHaveLength(0);

    const made = await submit(person('han'), form, {
      for: 'ACME',
      lines: '"Setup"*1@500',
      plan,
      termsKind: 'standard',
    });
    expect(made.status).toBe(200);
    expect(made.body.tone).not.toBe('danger');
    expect(await database.db.select().from(orders)).toHaveLength(1);
  });

  it('the "for" input suggests customers as the person types, found by any CN/EN form of the name', async () => {
    await database.db
      .insert(customers)
      .values({ name: 'Zenith Optics Co., Ltd.', normalizedName: 'zenithoptics', currency: 'CNY' })
      .onConflictDoNothing();
    const form = await formOf(person('han'), 'order new');
    expect(form.fields.find((f) => f.name === 'for')?.suggest).toBe('customers');
    const suggest = async (as: string, q: string) =>
      (
        await app.inject({
          method: 'GET',
          url: `/console/api/suggest/customers?as=${encodeURIComponent(as)}&q=${encodeURIComponent(q)}`,
        })
      ).json<{ options: { value: string }[] }>().options;
    expect((await suggest(person('han').id, 'zenith optics 有限公司')).map((o) => o.value)).toEqual([
      'Zenith Optics Co., Ltd.',
    ]);
    // Punctuation alone, a prototype key and someone not on the roster: nothing offered, nothing broken.
    expect(await suggest(person('han').id, '%%')).toEqual([]);
    expect(await suggest(person('han').id, '__proto__')).toEqual([]);
    expect(await suggest('00000000-0000-4000-8000-000000000000', 'zenith')).toEqual([]);
  });

  it('the order form suggests active products as the person types (product.read decides) and a picked row becomes a line', async () => {
    await database.db.insert(products).values([
      {
        sku: 'P-100',
        name: '压力传感器',
        nameEn: 'Pressure sensor',
        unit: 'pcs',
        unitPriceMinor: 12_000,
        currency: 'CNY',
      },
      { sku: 'P-199', name: 'Pressure sensor (old)', unitPriceMinor: 9_000, currency: 'CNY', active: false },
    ]);
    const [guest] = await database.db
      .insert(users)
      .values({ email: 'guest@example.cn', name: 'Guest', roles: ['guest'] })
      .returning();
    const form = await formOf(person('han'), 'order new');
    expect(form.fields.find((f) => f.name === 'product_1')?.suggest).toBe('products');
    const suggest = async (as: string, q: string) =>
      (
        await app.inject({
          method: 'GET',
          url: `/console/api/suggest/products?as=${encodeURIComponent(as)}&q=${encodeURIComponent(q)}&for=new`,
        })
      ).json<{ options: { value: string; label: string }[] }>().options;
    const found = await suggest(person('han').id, 'pressure');
    expect(found.map((o) => o.value)).toEqual(['P-100']);
    expect(found[0]?.label).toMatch(/^P-100 — (Pressure sensor|压力传感器) \(.*120\.00, pcs\)$/);
    expect((await suggest(person('han').id, '传感器')).map((o) => o.value)).toEqual(['P-100']);
    // No product.read, not on the roster: nothing offered.
    expect(await suggest(guest?.id ?? '', 'pressure')).toEqual([]);
    expect(await suggest('00000000-0000-4000-8000-000000000000', 'pressure')).toEqual([]);

    const plan = form.fields.find((f) => f.name === 'plan')?.value ?? '';
    const before = (await database.db.select().from(orders)).length;
    const halfway = await submit(person('han'), form, {
      for: 'ACME',
      qty_2: '3',
      plan,
      termsKind: 'standard',
    });
    expect(halfway.status).toBe(400);
    expect(halfway.body.field).toBe('product_2');
    const made = await submit(person('han'), form, {
      for: 'ACME',
      product_1: 'P-100',
      qty_1: '3',
      plan,
      termsKind: 'standard',
    });
    expect(made.status).toBe(200);
    const lines = await database.db.select().from(orderLines);
    expect(lines.filter((l) => l.description === '压力传感器').map((l) => l.amountMinor)).toEqual([36_000]);
    expect(await database.db.select().from(orders)).toHaveLength(before + 1);
  });

  it('"lead new" with arguments still runs at once, and "order new ACME" still opens the prefilled form', async () => {
    const typed = await command(person('han'), 'lead new name:"Tom Li" phone:13800138003 region:north');
    expect(typed.body.form).toBeUndefined();
    expect(typed.body.tone).toBe('success');
    const prefilled = await formOf(person('han'), 'order new ACME');
    expect(prefilled.fields.map((f) => f.name)).not.toContain('for');
  });
});

describe('an unknown command', () => {
  it('answers with the nearest commands and one usage line, not the whole help', async () => {
    const { status, body } = await command(person('han'), 'lead nwe name:Tom');
    expect(status).toBe(200);
    const text = String(body.text);
    expect(text).toContain('Did you mean `lead new`');
    expect(text).toContain('Usage: `lead new name:');
    expect(text).not.toContain('order status');
    expect(text.split('\n').length).toBeLessThanOrEqual(4);

    const zh = await command(person('li'), '线索 新键');
    expect(String(zh.body.text)).toContain('你是不是想输入 `线索 新建`');
    expect(String(zh.body.text)).toContain('用法：`线索 新建');
  });
});
