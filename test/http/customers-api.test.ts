// /api/customers, contacts and /api/products end to end on a real database with a real key: create, find by any name
// form, upsert by external id, a credit limit that makes the next order's gate fire, merge, scopes, hostile input.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { auditLog, customers, outbox, productPrices, products } from '../../src/db/schema.ts';
import { customerContactsApi } from '../../src/http/api/customer-contacts.ts';
import { customersApi } from '../../src/http/api/customers.ts';
import { ordersApi } from '../../src/http/api/orders.ts';
import { productsApi } from '../../src/http/api/products.ts';
import { rowCounts } from '../helpers/db.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;
const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers = {}) =>
  world.app.inject({
    method,
    url,
    headers: { ...world.auth, ...headers },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

beforeAll(async () => {
  world = await openApiWorld([customersApi, customerContactsApi, productsApi, ordersApi]);
  const p = world.deps.policy;
  // The gate stops an over-limit order outright here, so the test can see it on the order's status.
  world.deps.policy = { ...p, credit: { ...p.credit, flags: { ...p.credit.flags, overLimit: 'hold' } } };
});

afterAll(async () => {
  await world?.close();
});

describe('customers over REST', () => {
  it('creates a customer, finds it by another spelling of its name and reads it by its ERP id', async () => {
    const created = await call('POST', '/api/customers', {
      name: '上海星辰精密制造有限公司',
      aliases: ['Xingchen Precision'],
      ownerEmail: 'rep@demo.test',
      taxId: '91310000MA1XC',
      externalIds: { erp: 'C-1001' },
      paymentTerms: 'Net 30',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: '上海星辰精密制造有限公司',
      owner: { email: 'rep@demo.test' },
      externalIds: { erp: 'C-1001' },
      creditLimit: null,
    });
    for (const q of ['星辰精密制造（上海）有限公司', 'xingchen', '91310000MA1XC', 'C-1001']) {
      const found = await call('GET', `/api/customers?q=${encodeURIComponent(q)}`);
      expect({ q, names: found.json().items.map((c: { name: string }) => c.name) }).toEqual({
        q,
        names: ['上海星辰精密制造有限公司'],
      });
    }
    const byOwner = await call('GET', '/api/customers?owner=rep@demo.test');
    expect(byOwner.json().items.map((c: { name: string }) => c.name)).toEqual([
      'ACME',
      '上海星辰精密制造有限公司',
    ]);
    const byErp = await call('GET', '/api/customers/erp:C-1001');
    expect(byErp.statusCode).toBe(200);
    expect(byErp.json().paymentTerms).toBe('Net 30');
  });

  it('the ERP sending the same customer again updates it, and a third time changes nothing', async () => {
    const body = { name: 'Northwind Traders', externalIds: { erp: 'C-2002' }, region: 'east' };
    expect((await call('POST', '/api/customers', body)).statusCode).toBe(201);
    const again = await call('POST', '/api/customers', { ...body, region: 'west' });
    expect(again.statusCode).toBe(200);
    expect(again.json().region).toBe('west');
    const audits = await rowCounts(world.database, ['audit_log', 'customers']);
    const third = await call('POST', '/api/customers', { ...body, region: 'west' });
    expect(third.statusCode).toBe(200);
    expect(await rowCounts(world.database, ['audit_log', 'customers'])).toEqual(audits);
  });

  it('a credit limit set through the API makes the over-limit gate fire on the next order, and the owner is told', async () => {
    const before = await world.newOrder();
    expect(before.json().status).toBe('pending_approval');
    const limited = await call('PATCH', '/api/customers/ACME', { creditLimit: '500.00' });
    expect(limited.statusCode).toBe(200);
    expect(limited.json()).toMatchObject({ creditLimit: '500.00', creditLimitMinor: 50_000 });
    const [audit] = await world.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'customer.credit'));
    expect(audit).toMatchObject({ before: { creditLimitMinor: null }, after: { creditLimitMinor: 50_000 } });
    const told = await world.database.db
      .select({ card: outbox.card })
      .from(outbox)
      .where(eq(outbox.destination, `user:${world.people.rep?.id}`));
    expect(JSON.stringify(told.map((t) => t.card))).toContain('Credit terms changed: ACME');

    const after = await world.newOrder();
    expect(after.statusCode).toBe(201);
    expect(after.json().status).toBe('on_hold');
  });

  it('contacts: the first is primary, a new primary takes over, removing it promotes the other', async () => {
    const first = await call('POST', '/api/customers/ACME/contacts', {
      name: 'Amy Buyer',
      email: 'amy@acme.test',
    });
    expect(first.statusCode).toBe(201);
    expect(first.json().isPrimary).toBe(true);
    const second = await call('POST', '/api/customers/ACME/contacts', { name: 'Bob Boss', isPrimary: true });
    const list = await call('GET', '/api/customers/ACME/contacts');
    expect(list.json().items.map((c: { name: string; isPrimary: boolean }) => [c.name, c.isPrimary])).toEqual(
      [
        ['Bob Boss', true],
        ['Amy Buyer', false],
      ],
    );
    expect((await call('DELETE', `/api/customers/ACME/contacts/${second.json().id}`)).statusCode).toBe(204);
    const left = await call('GET', '/api/customers/ACME/contacts');
    expect(left.json().items).toEqual([expect.objectContaining({ name: 'Amy Buyer', isPrimary: true })]);
  });

  it('merging a duplicate moves its orders and contacts, keeps its name as an alias and its old name still finds the winner', async () => {
    await call('POST', '/api/customers', { name: 'ACME Shanghai Branch', externalIds: { erp: 'C-3003' } });
    await call('POST', '/api/customers/erp:C-3003/contacts', { name: 'Carl Clerk' });
    const merged = await call('POST', '/api/customers/erp:C-3003/merge', { into: 'ACME' });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().customer).toMatchObject({
      name: 'ACME',
      aliases: ['ACME Shanghai Branch'],
      externalIds: { erp: 'C-3003' },
    });
    expect(merged.json().moved.contacts).toBe(1);
    const found = await call('GET', `/api/customers/${encodeURIComponent('ACME Shanghai Branch')}`);
    expect(found.json().name).toBe('ACME');
    const again = await call('POST', `/api/customers/${merged.json().merged.id}/merge`, { into: 'ACME' });
    expect(again.statusCode).toBe(409);
  });

  it('refuses a prototype name, a huge limit and a limit with too many decimals, naming the field; nothing written', async () => {
    const before = await rowCounts(world.database, ['customers', 'audit_log']);
    const proto = await call('POST', '/api/customers', { name: '__proto__' });
    expect(proto.statusCode).toBe(400);
    expect(proto.json()).toMatchObject({ error: 'customer_name_reserved', field: 'name' });
    const huge = await call('PATCH', '/api/customers/ACME', { creditLimit: '99999999999999999999' });
    expect(huge.statusCode).toBe(400);
    expect(huge.json()).toMatchObject({ error: 'customer_amount', field: 'creditLimit' });
    expect(huge.json().message).toMatch(/^creditLimit: /);
    const decimals = await call('PATCH', '/api/customers/ACME', {
      creditLimit: '1.234',
      priceList: 'constructor',
    });
    expect(decimals.statusCode).toBe(400);
    expect(decimals.json().problems.map((p: { field: string }) => p.field)).toEqual([
      'priceList',
      'creditLimit',
    ]);
    const plan = await call('PATCH', '/api/customers/ACME', { defaultPaymentPlan: 'toString' });
    expect(plan.json()).toMatchObject({ error: 'customer_unknown_name', field: 'defaultPaymentPlan' });
    expect(await rowCounts(world.database, ['customers', 'audit_log'])).toEqual(before);
  });

  it('a key without customers:write may read but not change; without customers:read it may not read', async () => {
    const reader = await issueApiKey(
      world.deps,
      { kind: 'system', name: 'test' },
      { name: 'bi', scopes: 'customers:read' },
    );
    const asReader = { authorization: `Bearer ${reader.key}` };
    expect((await call('GET', '/api/customers/ACME', undefined, asReader)).statusCode).toBe(200);
    const write = await call('PATCH', '/api/customers/ACME', { region: 'north' }, asReader);
    expect(write.statusCode).toBe(403);
    expect(write.json()).toMatchObject({ error: 'missing_scope', scope: 'customers:write' });
    const ordersOnly = await issueApiKey(
      world.deps,
      { kind: 'system', name: 'test' },
      { name: 'shop', scopes: 'orders:read' },
    );
    const res = await call('GET', '/api/customers', undefined, { authorization: `Bearer ${ordersOnly.key}` });
    expect(res.statusCode).toBe(403);
  });

  it('the OpenAPI document describes every customer and product route', async () => {
    const doc = (await world.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/customers',
        '/api/customers/{id}',
        '/api/customers/{id}/merge',
        '/api/customers/{id}/contacts',
        '/api/customers/{id}/contacts/{contactId}',
        '/api/products',
        '/api/products/{sku}',
      ]),
    );
  });
});

describe('products over REST', () => {
  it('adds a product with a price on a list; an order for a customer on that list is priced from the database', async () => {
    const res = await call('POST', '/api/products', {
      sku: 'CL-PRO',
      name: 'Closeloop Pro',
      nameZh: '专业版',
      unit: 'seat',
      currency: 'CNY',
      price: '1200',
      taxRatePercent: 13,
    });
    expect(res.statusCode).toBe(201);
    // A list only the catalogue knows needs a currency first: it is refused until a yaml list names it.
    const unknown = await call('PATCH', '/api/products/CL-PRO', { prices: { vip: '999' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: 'product_price_list', field: 'prices.vip' });
    const [pro] = await world.database.db.select().from(products).where(eq(products.sku, 'CL-PRO'));
    await world.database.db.insert(productPrices).values({
      productId: pro?.id ?? '',
      priceList: 'vip',
      currency: 'CNY',
      unitPriceMinor: 90_000,
    });
    const priced = await call('PATCH', '/api/products/cl-pro', { prices: { vip: '999.00' } });
    expect(priced.statusCode).toBe(200);
    expect(priced.json().prices).toEqual({ vip: { currency: 'CNY', price: '999.00' } });
    await call('POST', '/api/customers', {
      name: 'Vip Buyer',
      priceList: 'vip',
      ownerEmail: 'rep@demo.test',
    });
    const order = await world.newOrder({
      customerName: 'Vip Buyer',
      lines: [{ sku: 'CL-PRO', quantity: 2 }],
    });
    expect(order.statusCode).toBe(201);
    // 2 × 999.00, 13 % tax → 2257.74.
    expect(order.json().total).toBe('2257.74');
    const found = await call('GET', '/api/products?q=%E4%B8%93%E4%B8%9A');
    expect(found.json().items.map((p: { sku: string }) => p.sku)).toEqual(['CL-PRO']);
  });

  it("a product without its currency or price is 400 saying each is required, not the validator's words", async () => {
    const res = await call('POST', '/api/products', { sku: 'NO-CUR', name: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      { field: 'currency', message: 'is required; send it' },
      { field: 'price', message: 'is required; send it' },
    ]);
  });

  it('refuses a prototype SKU and a huge price with the field named', async () => {
    const proto = await call('POST', '/api/products', {
      sku: '__proto__',
      name: 'x',
      currency: 'CNY',
      price: '1',
    });
    expect(proto.statusCode).toBe(400);
    expect(proto.json()).toMatchObject({ field: 'sku' });
    const ctor = await call('POST', '/api/products', {
      sku: 'constructor',
      name: 'x',
      currency: 'CNY',
      price: '1',
    });
    expect(ctor.json()).toMatchObject({ error: 'product_sku_reserved', field: 'sku' });
    const huge = await call('POST', '/api/products', {
      sku: 'BIG',
      name: 'x',
      currency: 'CNY',
      price: '1e30',
    });
    expect(huge.statusCode).toBe(400);
    expect(huge.json()).toMatchObject({ field: 'price' });
    expect(await world.database.db.select().from(customers).where(eq(customers.name, '__proto__'))).toEqual(
      [],
    );
  });
});
