// Personal data at rest through the REST paths main added after encryption: customers and contacts, search, sync,
// webhooks and exports. The raw tables (outbox and audit included) hold no phone, e-mail or tax ID in the clear; every
// answer a system or a person gets carries them decrypted; search by tax ID / phone / e-mail goes through blind indexes.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookTransport } from '../../adapters/webhook/transport.ts';
import { deliverDue } from '../../src/app/outbox/deliver-outbox.ts';
import { customerContactsApi } from '../../src/http/api/customer-contacts.ts';
import { customersApi } from '../../src/http/api/customers.ts';
import { exportsApi } from '../../src/http/api/exports.ts';
import { leadsApi } from '../../src/http/api/leads.ts';
import { syncApiExcept } from '../../src/http/api/sync.ts';
import { webhooksApi } from '../../src/http/api/webhooks.ts';
import type { TestClock } from '../helpers/clock.ts';
import { settleSyncHorizon } from '../helpers/db.ts';
import { startTestReceiver, type TestReceiver } from '../webhooks/receiver-fixture.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

const SECRET = 'personal-data-secret-0123456789abcdef';
let world: ApiWorld;
let erp: TestReceiver;
let customerId = '';
const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  world.app.inject({
    method,
    url,
    headers: world.auth,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

const secrets = [
  'buyer@secret-parts.cn',
  'ap@secret-parts.cn',
  '91320500MA1SEC0042',
  '13912345678',
  '+8613912345678',
  'zhao@secret-parts.cn',
  '13698765432',
  '+8613698765432',
  'wen.lead@secret-lead.cn',
  '13511112222',
];
// Webhook deliveries only in the outbox: a chat card shows the owner the lead's details by design (README, limits).
const rawTables = [
  'customers',
  'customer_contacts',
  'leads',
  'lead_activities',
  'audit_log',
  'webhook_attempts',
  "outbox where platform = 'webhook'",
];

async function leaks(): Promise<string[]> {
  const found: string[] = [];
  for (const t of rawTables) {
    const [table, ...where] = t.split(' ');
    const { rows } = await world.database.pool.query<{ row: string }>(
      `select t::text as row from ${table} t ${where.join(' ')}`,
    );
    for (const { row } of rows) for (const s of secrets) if (row.includes(s)) found.push(`${t}: ${s}`);
  }
  return found;
}

beforeAll(async () => {
  world = await openApiWorld([
    customersApi,
    customerContactsApi,
    leadsApi,
    syncApiExcept(['customers', 'products']),
    exportsApi,
    webhooksApi(),
  ]);
  world.deps.policy = {
    ...world.deps.policy,
    webhooks: { ...world.deps.policy.webhooks, allowPrivate: true },
  };
  const clock = world.deps.clock as TestClock;
  erp = await startTestReceiver({ secret: SECRET, now: () => clock.now() });
  const sub = await call('POST', '/api/webhooks', { url: erp.url, events: ['*'], secret: SECRET });
  expect(sub.statusCode).toBe(201);

  const created = await call('POST', '/api/customers', {
    name: 'Secret Parts Co',
    taxId: '91320500MA1SEC0042',
    email: 'buyer@secret-parts.cn',
    invoiceEmail: 'ap@secret-parts.cn',
    phone: '139 1234 5678',
  });
  expect(created.statusCode).toBe(201);
  customerId = created.json().id;
  const contact = await call('POST', `/api/customers/${customerId}/contacts`, {
    name: 'Zhao Buyer',
    email: 'Zhao@Secret-Parts.cn',
    phone: '136 9876 5432',
  });
  expect(contact.statusCode).toBe(201);
  // A changed e-mail: the edit is audited (masked) and published again.
  const edited = await call('PATCH', `/api/customers/${customerId}`, { email: 'buyer@secret-parts.cn ' });
  expect(edited.statusCode).toBe(200);
  const lead = await call('POST', '/api/leads', {
    name: 'Wen Lead',
    email: 'wen.lead@secret-lead.cn',
    phone: '135 1111 2222',
    region: 'east',
  });
  expect(lead.statusCode).toBe(201);
}, 60_000);
afterAll(async () => {
  await erp?.close();
  await world?.close();
});

describe('personal data through customers, sync, webhooks and exports', () => {
  it('the raw tables, queued webhook deliveries and audit rows hold no phone, e-mail or tax ID in the clear', async () => {
    const queued = await world.database.pool.query(
      `select card->'data'->>'taxId' as tax from outbox where platform = 'webhook' and card->>'type' = 'customer.created'`,
    );
    expect(queued.rows[0]?.tax).toMatch(/^v1:test1:/);
    const { rows } = await world.database.pool.query(
      'select tax_id, tax_id_bidx from customers where id = $1',
      [customerId],
    );
    expect(rows[0]?.tax_id).toMatch(/^v1:test1:/);
    expect(rows[0]?.tax_id_bidx).toBeTruthy();
    const contacts = await world.database.pool.query(
      'select email, email_bidx, phone_bidx from customer_contacts where customer_id = $1',
      [customerId],
    );
    expect(contacts.rows[0]).toMatchObject({ email: expect.stringMatching(/^v1:/) });
    expect(contacts.rows[0]?.email_bidx).toBeTruthy();
    expect(contacts.rows[0]?.phone_bidx).toBeTruthy();
    const audit = await world.database.pool.query(
      `select after from audit_log where action = 'customer.create' and entity_id = $1`,
      [customerId],
    );
    expect(audit.rows[0]?.after).toMatchObject({ taxId: '****0042', email: 'b***@secret-parts.cn' });
    expect(await leaks()).toEqual([]);
  });

  it('the customer and its contacts read back decrypted', async () => {
    const got = await call('GET', `/api/customers/${customerId}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      taxId: '91320500MA1SEC0042',
      email: 'buyer@secret-parts.cn',
      invoiceEmail: 'ap@secret-parts.cn',
      phone: '139 1234 5678',
    });
    const contacts = await call('GET', `/api/customers/${customerId}/contacts`);
    expect(contacts.json().items).toEqual([
      expect.objectContaining({ name: 'Zhao Buyer', email: 'Zhao@Secret-Parts.cn', phone: '136 9876 5432' }),
    ]);
  });

  it.each([
    ['tax ID in another spelling', '91320500ma1sec-0042'],
    ['contact e-mail in other case', 'ZHAO@secret-parts.cn'],
    ['contact phone with the country code', '+86 136-9876-5432'],
  ])('finds the customer by its %s through the blind index', async (_what, q) => {
    const found = await call('GET', `/api/customers?q=${encodeURIComponent(q)}`);
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((c: { name: string }) => c.name)).toEqual(['Secret Parts Co']);
  });

  it('a part of a sealed value finds nothing (exact match only)', async () => {
    const found = await call('GET', `/api/customers?q=${encodeURIComponent('buyer@secret')}`);
    expect(found.json().items).toEqual([]);
  });

  it('the sync feeds carry the contact details decrypted', async () => {
    await settleSyncHorizon(world.database);
    const leads = await call('GET', '/api/leads?limit=50&updatedSince=2000-01-01T00:00:00Z');
    expect(leads.statusCode).toBe(200);
    expect(leads.json().items).toContainEqual(
      expect.objectContaining({ name: 'Wen Lead', email: 'wen.lead@secret-lead.cn', phone: '135 1111 2222' }),
    );
    const customers = await call('GET', '/api/customers?limit=50&updatedSince=2000-01-01T00:00:00Z');
    expect(customers.statusCode).toBe(200);
    expect(customers.json().items).toContainEqual(
      expect.objectContaining({
        name: 'Secret Parts Co',
        email: 'buyer@secret-parts.cn',
        invoiceEmail: 'ap@secret-parts.cn',
        phone: '139 1234 5678',
      }),
    );
  });

  it('webhook receivers get the values decrypted; the delivery log still holds none of them', async () => {
    const transports = { webhook: createWebhookTransport(world.deps, { secrets: {} }) };
    for (let i = 0; i < 10; i++) if ((await deliverDue(world.deps, transports)).claimed === 0) break;
    const byType = new Map(erp.receiver.events.map((e) => [e.type, e.data]));
    expect(byType.get('customer.created')).toMatchObject({
      taxId: '91320500MA1SEC0042',
      email: 'buyer@secret-parts.cn',
      invoiceEmail: 'ap@secret-parts.cn',
      phone: '139 1234 5678',
    });
    expect(byType.get('lead.created')).toMatchObject({
      email: 'wen.lead@secret-lead.cn',
      phone: '135 1111 2222',
    });
    expect(await leaks()).toEqual([]);
  });

  it('a lead export carries the contact details decrypted', async () => {
    const res = await call('GET', '/api/exports/leads?format=csv');
    expect(res.statusCode).toBe(200);
    const records = parse(res.body, { bom: true }) as string[][];
    const wen = records.find((r) => r[2] === 'Wen Lead');
    expect(wen?.slice(4, 6)).toEqual(['135 1111 2222', 'wen.lead@secret-lead.cn']);
  });
});
