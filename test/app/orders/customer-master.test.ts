import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/apikeys/create-api-key.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import { openCard } from '../../../src/app/crypto/seal-card.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { decideApproval } from '../../../src/app/orders/decide-approval.ts';
import { editOrder } from '../../../src/app/orders/edit-order.ts';
import {
  approvals,
  customerContacts,
  customers,
  installments,
  leads,
  orderLines,
  orders,
  outbox,
  products,
} from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { foldCompanyName } from '../../../src/domain/leads/normalise.ts';
import { ordersApi } from '../../../src/http/api/orders.ts';
import { buildServer } from '../../../src/http/server.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps, testKeyring } from '../../helpers/deps.ts';
import { insertPerson } from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
let plain: AppDeps;
const people: Record<string, UserRow> = {};
const as = (user: UserRow | undefined): UserActor => {
  if (!user) throw new Error('no such test user');
  return { kind: 'user', user };
};

const addUser = (key: string, values: Parameters<typeof insertPerson>[3]) =>
  insertPerson(database, people, key, values);

// The latest card each approver of the order was posted, by their user id.
async function approvalCardOf(orderId: string, userKey: string): Promise<Card> {
  const rows = await database.db
    .select({ card: outbox.card, refKey: outbox.refKey })
    .from(outbox)
    .where(eq(outbox.destination, `user:${people[userKey]?.id}`))
    .orderBy(asc(outbox.id));
  const mine = rows.filter((r) => r.refKey.startsWith(`order:${orderId}:`));
  const last = mine.at(-1);
  if (!last) throw new Error(`no card for ${userKey}`);
  // Opened as the delivery worker sends it: the row keeps the contact's phone sealed.
  return openCard(testKeyring(), last.card) as Card;
}

const fieldsOf = (card: Card) => Object.fromEntries((card.fields ?? []).map((f) => [f.label, f.value]));

async function caught(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

beforeAll(async () => {
  database = await createTestDatabase();
  const clock = testClock('2026-11-02T02:00:00Z');
  const base = examplePolicy();
  plain = testDeps(database, { clock });
  deps = testDeps(database, {
    clock,
    policy: {
      ...base,
      orders: {
        defaultTaxRateBp: 1300,
        priceLists: {
          'key-usd': { currency: 'USD', tiers: ['key'], prices: { 'PRO-1': 100.5 } },
          'vip-cny': { currency: 'CNY', tiers: [], prices: { 'SEAT-1': 40 } },
        },
      },
    },
  });
  const boss = await addUser('boss', { name: 'Wang Boss', roles: ['manager'] });
  await addUser('bossZh', { name: '赵经理', roles: ['manager'], locale: 'zh-CN' });
  await addUser('rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  await addUser('repZh', { name: '钱销售', roles: ['rep'], managerId: people.bossZh?.id });
  await database.db.insert(products).values([
    { sku: 'PRO-1', name: 'Pro licence', unitPriceMinor: 100_000, currency: 'CNY' },
    { sku: 'SEAT-1', name: 'Seat', unitPriceMinor: 5_000, currency: 'CNY', taxRateBp: 600 },
  ]);
  const [key] = await database.db
    .insert(customers)
    .values({
      name: 'Keystone Ltd',
      normalizedName: foldCompanyName('Keystone Ltd'),
      currency: 'CNY',
      ownerId: people.rep?.id,
      tier: 'key',
      defaultPaymentPlan: '30-60-10',
      legalName: 'Keystone Trading Limited',
      taxId: '91310000MA1K',
      creditLimitMinor: 100_000_000,
    })
    .returning();
  if (!key) throw new Error('customer insert failed');
  await database.db.insert(customerContacts).values([
    { customerId: key.id, name: 'Amy Buyer', role: 'procurement', phone: '+86 138 0000 0000' },
    { customerId: key.id, name: 'Bob Boss', role: 'CEO', phone: '+86 139 1111 1111', isPrimary: true },
  ]);
  await database.db.insert(customers).values([
    {
      name: 'Plain Co',
      normalizedName: foldCompanyName('Plain Co'),
      currency: 'CNY',
      ownerId: people.rep?.id,
    },
    {
      name: 'Vip Co',
      normalizedName: foldCompanyName('Vip Co'),
      currency: 'CNY',
      ownerId: people.rep?.id,
      priceList: 'vip-cny',
    },
  ]);
});

afterAll(async () => {
  await database?.close();
});

describe('an order from a known customer starts from what we know', () => {
  it("takes the customer's plan, price list currency and prices, and each product's tax", async () => {
    const created = await createOrder(deps, as(people.rep), {
      source: { customerName: 'Keystone Ltd' },
      lines: [{ sku: 'PRO-1', quantity: 2 }],
      submit: true,
    });
    // 2 × 100.50 USD = 201.00; 13 % tax = 26.13; total 227.13.
    expect(created).toMatchObject({ currency: 'USD', totalMinor: 22_713 });
    const [order] = await database.db.select().from(orders).where(eq(orders.id, created.id));
    expect(order).toMatchObject({ paymentPlan: '30-60-10', currency: 'USD', taxMinor: 2_613 });
    const lines = await database.db.select().from(orderLines).where(eq(orderLines.orderId, created.id));
    expect(lines).toEqual([
      expect.objectContaining({
        unitPriceMinor: 10_050,
        amountMinor: 20_100,
        taxRateBp: 1300,
        taxMinor: 2_613,
      }),
    ]);

    const card = await approvalCardOf(created.id, 'boss');
    expect(fieldsOf(card)).toMatchObject({
      Subtotal: 'USD 201.00',
      Tax: 'USD 26.13',
      'Total incl. tax': 'USD 227.13',
      Contact: 'Bob Boss (+86 139 1111 1111)',
      'Bill to': 'Keystone Trading Limited, tax ID 91310000MA1K',
    });

    const [approval] = await database.db.select().from(approvals).where(eq(approvals.orderId, created.id));
    if (!approval) throw new Error('no approval');
    await decideApproval(deps, as(people.boss), { approvalId: approval.id, decision: 'approve' });
    const plan = await database.db
      .select()
      .from(installments)
      .where(eq(installments.orderId, created.id))
      .orderBy(asc(installments.position));
    expect(plan.map((i) => i.amountMinor)).toEqual([6_813, 13_627, 2_273]);
    expect(plan.reduce((s, i) => s + i.amountMinor, 0)).toBe(22_713);
  });

  it('an explicit plan wins over the default; a product on no list keeps its own rate and list price', async () => {
    const created = await createOrder(deps, as(people.rep), {
      source: { customerName: 'Plain Co' },
      paymentPlan: 'net-30',
      lines: [
        { sku: 'SEAT-1', quantity: 3 },
        { description: 'Installation', quantity: 1, unitPriceMinor: 10_000 },
      ],
    });
    const [order] = await database.db.select().from(orders).where(eq(orders.id, created.id));
    // Seats 150.00 at 6 % = 9.00; installation 100.00 at the default 13 % = 13.00.
    expect(order).toMatchObject({
      paymentPlan: 'net-30',
      currency: 'CNY',
      taxMinor: 2_200,
      totalMinor: 27_200,
    });
  });

  it('an explicitly named price list beats the tier; no default plan falls back to the first plan', async () => {
    const created = await createOrder(deps, as(people.rep), {
      source: { customerName: 'Vip Co' },
      lines: [{ sku: 'SEAT-1', quantity: 1 }],
    });
    const [order] = await database.db.select().from(orders).where(eq(orders.id, created.id));
    expect(order).toMatchObject({ paymentPlan: 'net-30', currency: 'CNY', totalMinor: 4_240 });
  });

  it('a product priced only in another currency than the price list is refused, nothing written', async () => {
    const before = await countRows(database, 'orders');
    const error = await caught(
      createOrder(deps, as(people.rep), {
        source: { customerName: 'Keystone Ltd' },
        lines: [{ sku: 'SEAT-1', quantity: 1 }],
      }),
    );
    expect(error).toMatchObject({ code: 'order_line_currency', field: 'lines.0.unitPrice' });
    expect(await countRows(database, 'orders')).toBe(before);
  });

  it('an edited discount recomputes the tax and the total incl. tax', async () => {
    const created = await createOrder(deps, as(people.rep), {
      source: { customerName: 'Plain Co' },
      paymentPlan: 'net-30',
      lines: [{ sku: 'SEAT-1', quantity: 2 }],
    });
    const number = created.number;
    await editOrder(deps, as(people.rep), number, { discountBp: 1_000 });
    const [order] = await database.db.select().from(orders).where(eq(orders.id, created.id));
    // 100.00 less 10 % = 90.00; 6 % tax = 5.40.
    expect(order).toMatchObject({ taxMinor: 540, totalMinor: 9_540 });
  });

  it('without tax configured an order shows the total alone and is priced exactly as before', async () => {
    const created = await createOrder(plain, as(people.rep), {
      source: { customerName: 'Plain Co' },
      paymentPlan: 'net-30',
      lines: [{ sku: 'PRO-1', quantity: 1 }],
      submit: true,
    });
    expect(created).toMatchObject({ currency: 'CNY', totalMinor: 100_000 });
    const card = await approvalCardOf(created.id, 'boss');
    const labels = (card.fields ?? []).map((f) => f.label);
    expect(labels).toContain('Total');
    expect(labels).not.toContain('Tax');
    expect(labels).not.toContain('Contact');
  });
});

describe('a customer made from a lead', () => {
  it("keeps the lead's contact as its primary contact and the company as the billing name, shown in Chinese", async () => {
    const [lead] = await database.db
      .insert(leads)
      .values({
        name: '孙采购',
        company: '华东机械有限公司',
        phone: '+86 137 2222 3333',
        email: 'sun@huadong.test',
        status: 'contacted',
        ownerId: people.repZh?.id,
      })
      .returning();
    if (!lead) throw new Error('lead insert failed');
    const created = await createOrder(deps, as(people.repZh), {
      source: { lead: lead.id },
      paymentPlan: 'net-30',
      lines: [{ sku: 'PRO-1', quantity: 1 }],
      submit: true,
    });
    const [customer] = await database.db
      .select()
      .from(customers)
      .where(
        eq(
          customers.id,
          (await database.db.select().from(orders).where(eq(orders.id, created.id)))[0]?.customerId ?? '',
        ),
      );
    // Sealed at rest: the stored value opens to the lead's address.
    expect(customer?.invoiceEmail).toMatch(/^v1:/);
    expect({ ...customer, invoiceEmail: deps.keyring.decrypt(customer?.invoiceEmail ?? null) }).toMatchObject(
      {
        legalName: '华东机械有限公司',
        invoiceEmail: 'sun@huadong.test',
      },
    );
    const contacts = (
      await database.db
        .select()
        .from(customerContacts)
        .where(eq(customerContacts.customerId, customer?.id ?? ''))
    ).map((c) => ({ ...c, phone: deps.keyring.decrypt(c.phone) }));
    expect(contacts).toEqual([
      expect.objectContaining({ name: '孙采购', phone: '+86 137 2222 3333', isPrimary: true }),
    ]);
    const card = await approvalCardOf(created.id, 'bossZh');
    expect(fieldsOf(card)).toMatchObject({
      小计: '¥1,000.00',
      税额: '¥130.00',
      含税总额: '¥1,130.00',
      联系人: '孙采购 (+86 137 2222 3333, sun@huadong.test)',
      开票抬头: '华东机械有限公司',
    });
  });
});

describe('POST /api/orders', () => {
  it("without a paymentPlan takes the customer's default, and GET shows the tax", async () => {
    const app = await buildServer({ deps, api: [ordersApi], adapters: [], health: {} });
    try {
      const { key } = await createApiKey(deps, 'erp');
      const headers = { authorization: `Bearer ${key}` };
      const res = await app.inject({
        method: 'POST',
        url: '/api/orders',
        headers,
        payload: {
          customerName: 'Keystone Ltd',
          ownerEmail: 'rep@demo.test',
          lines: [{ sku: 'PRO-1', quantity: 1 }],
          submit: false,
        },
      });
      expect(res.statusCode).toBe(201);
      const body = res.json() as { number: string; currency: string; totalMinor: number };
      expect(body).toMatchObject({ currency: 'USD', totalMinor: 11_357 });
      const got = await app.inject({ method: 'GET', url: `/api/orders/${body.number}`, headers });
      expect(got.json()).toMatchObject({
        paymentPlan: '30-60-10',
        total: '113.57',
        tax: '13.07',
        taxMinor: 1_307,
      });
    } finally {
      await app.close();
    }
  });
});
