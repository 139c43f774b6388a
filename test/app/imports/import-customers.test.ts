// Customer and product import on a real database: per-row outcomes, refusals naming the column, re-import changing
// nothing (no audit rows, no webhook events), credit limits refused per row without finance's right, hostile cells.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContacts } from '../../../src/app/customers/customer-record.ts';
import { importCustomers } from '../../../src/app/customers/import-customers.ts';
import type { Actor, AppDeps, UserRow } from '../../../src/app/deps.ts';
import { sheetRowsOf } from '../../../src/app/files/read-sheet-rows.ts';
import type { SheetImportReport } from '../../../src/app/imports/import-sheet-rows.ts';
import { importProducts } from '../../../src/app/products/import-products.ts';
import { customerContacts, customers, productPrices, products } from '../../../src/db/schema.ts';
import { webhookEndpoints } from '../../../src/db/schema-webhooks.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import { refusedRowText } from '../../../src/messages/catalogue/master-import.ts';
import { createTestDatabase, rowCounts, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';
import { insertPerson } from '../orders/people.ts';

let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};
const as = (key: string): Actor => ({ kind: 'user', user: people[key] as UserRow });

const counted = ['customers', 'customer_contacts', 'products', 'product_prices', 'audit_log', 'outbox'];

beforeAll(async () => {
  database = await createTestDatabase();
  const policy = examplePolicy();
  // One configured price list, for the price:<list> column.
  policy.orders.priceLists = {
    'key-account-usd': { currency: 'USD', tiers: ['key-account'], prices: {} },
  } as typeof policy.orders.priceLists;
  deps = testDeps(database, { policy });
  await insertPerson(database, people, 'admin', { name: 'Ada Admin', roles: ['admin'] });
  const boss = await insertPerson(database, people, 'boss', { name: 'Wang Boss', roles: ['manager'] });
  await insertPerson(database, people, 'rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  // An ERP listening for customer changes: every created / updated customer is an outbox row for it.
  await database.db.insert(webhookEndpoints).values({
    url: 'https://erp.example.com/hook',
    events: ['customer.created', 'customer.updated'],
    secret: 's3cret-s3cret-s3cret',
    createdBy: 'test',
  });
});

afterAll(async () => {
  await database?.close();
});

const outcomes = (r: SheetImportReport) => r.lines.map((l) => [l.line, l.outcome, l.column ?? null]);
const webhookEvents = async () =>
  (await database.pool.query(`select count(*)::int as n from outbox where platform = 'webhook'`)).rows[0].n;

const customersCsv = [
  '客户名称,aliases,客户等级,credit_limit,payment_plan,负责人邮箱,erp,payment_terms,联系人,contact_email',
  '上海星辰贸易有限公司,Xingchen;星辰,,500000,net-30,rep@demo.test,C-1,Net 30,张三,zhang@xc.cn',
  'Northwind,,,,,,C-2,"=cmd|\' /C calc\'!A0",,',
  '__proto__,,,,,,,,,',
  'Bad Plan Co,,,,net-999,,,,,',
  'Ghost Owner Co,,,,,ghost@demo.test,,,,',
].join('\n');

describe('importCustomers', () => {
  it('creates each good row (with its contact), refuses each bad one naming its column, and publishes created events', async () => {
    const report = await importCustomers(
      deps,
      as('admin'),
      sheetRowsOf('c.csv', customersCsv, deps.policy.imports),
    );
    expect(outcomes(report)).toEqual([
      [2, 'created', null],
      [3, 'created', null],
      [4, 'refused', '客户名称'],
      [5, 'refused', 'payment_plan'],
      [6, 'refused', '负责人邮箱'],
    ]);
    expect(report).toMatchObject({ rows: 5, created: 2, updated: 0, unchanged: 0, refused: 3 });
    const plan = report.lines[3];
    expect(plan && refusedRowText(plan, 'en')).toMatch(
      // The plans as the reader types them: net-30 by its label.
      /^line 5 · column "payment_plan": .*"net-999".*Net 30/,
    );

    const [xc] = await database.db.select().from(customers).where(eq(customers.name, '上海星辰贸易有限公司'));
    expect(xc).toMatchObject({
      aliases: ['Xingchen', '星辰'],
      creditLimitMinor: 50_000_000,
      defaultPaymentPlan: 'net-30',
      ownerId: people.rep?.id,
      externalIds: { erp: 'C-1' },
    });
    // Read as the app reads them: the email is sealed at rest.
    const contacts = await loadContacts(database.db, deps.keyring, xc?.id as string);
    expect(contacts.map((c) => [c.name, c.email, c.isPrimary])).toEqual([['张三', 'zhang@xc.cn', true]]);
    // A formula is data like any other text: kept as written, never evaluated or dropped.
    const [nw] = await database.db.select().from(customers).where(eq(customers.name, 'Northwind'));
    expect(nw?.paymentTerms).toBe("=cmd|' /C calc'!A0");
    expect(await webhookEvents()).toBe(2);
  });

  it('re-importing the same file changes nothing: 0 created, 0 updated, no audit row, no webhook event', async () => {
    const before = await rowCounts(database, counted);
    const stamps = await database.pool.query(
      'select id, updated_at, sync_txid::text from customers order by id',
    );
    const report = await importCustomers(
      deps,
      as('admin'),
      sheetRowsOf('c.csv', customersCsv, deps.policy.imports),
    );
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 2, refused: 3 });
    expect(await rowCounts(database, counted)).toEqual(before);
    expect(
      (await database.pool.query('select id, updated_at, sync_txid::text from customers order by id')).rows,
    ).toEqual(stamps.rows);
  });

  it('upserts by erp id (a new name renames the customer), else by the folded name, and says updated', async () => {
    const csv =
      'name,erp,region,contact_name,contact_role\nNorthwind Traders,C-2,east,,\n上海星辰贸易有限公司,,,张三,采购经理\n';
    const report = await importCustomers(deps, as('admin'), sheetRowsOf('u.csv', csv, deps.policy.imports));
    expect(outcomes(report)).toEqual([
      [2, 'updated', null],
      [3, 'updated', null],
    ]);
    const [nw] = await database.db
      .select()
      .from(customers)
      .where(eq(customers.externalIds, { erp: 'C-2' }));
    expect(nw).toMatchObject({ name: 'Northwind Traders', region: 'east' });
    const roles = await database.db.select({ role: customerContacts.role }).from(customerContacts);
    expect(roles).toEqual([{ role: '采购经理' }]);
    expect(await webhookEvents()).toBe(3);
  });

  it('a rep may import customers but a row setting a credit limit is refused for want of finance; the others go in', async () => {
    const before = await rowCounts(database, ['customers', 'audit_log']);
    const csv = 'name,credit_limit,region\nRep Limit Co,100000,east\nRep Plain Co,,east\n';
    const report = await importCustomers(deps, as('rep'), sheetRowsOf('r.csv', csv, deps.policy.imports));
    expect(outcomes(report)).toEqual([
      [2, 'refused', 'credit_limit'],
      [3, 'created', null],
    ]);
    expect(report.lines[0]?.error?.code).toBe('customer_credit_forbidden');
    expect(await rowCounts(database, ['customers', 'audit_log'])).toEqual({
      customers: (before.customers ?? 0) + 1,
      audit_log: (before.audit_log ?? 0) + 1,
    });
  });

  it('refuses the whole file for a wrong header, naming each column and the one it probably meant', async () => {
    const before = await rowCounts(database, counted);
    const csv = 'name,credit_limt,__proto__,region,region\nX Co,1,2,east,west\n';
    const refusal = await importCustomers(
      deps,
      as('admin'),
      sheetRowsOf('h.csv', csv, deps.policy.imports),
    ).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    // As a reader sees it: the zero-width spaces that keep the file's "__proto__" from turning bold are invisible.
    const text = errorText(refusal as DomainError, 'en').replaceAll('\u200B', '');
    expect(text).toContain('column "credit_limt" is not one we import; did you mean "credit_limit"?');
    expect(text).toContain('column "__proto__" is not one we import; the columns are: name, legal_name');
    expect(text).toContain('column "region" repeats column "region"');
    const missing = await importCustomers(
      deps,
      as('admin'),
      sheetRowsOf('m.csv', 'region\neast\n', deps.policy.imports),
    ).catch((e: unknown) => e);
    expect(errorText(missing as DomainError, 'zh-CN')).toBe(
      '首行缺少「name / 客户名称」列；请补上（首行为列名）。',
    );
    expect(await rowCounts(database, counted)).toEqual(before);
  });
});

describe('importProducts', () => {
  const csv = [
    'sku,name_zh,name_en,unit,tax_rate,active,price,price:dealer',
    'CL-PRO,专业版,Pro,seat,13%,是,1200,1000',
    'CL-SEAT,席位,Seat,seat,6,true,45.5,',
    'CL-BAD,坏税率,Bad,,130,,1,',
    'CL-NOLIST,无价目表,No list,,,,1,',
  ].join('\n');

  it('adds products with their list prices, refusing a bad rate or an unknown list by its column', async () => {
    const first = await importProducts(deps, as('admin'), sheetRowsOf('p.csv', csv, deps.policy.imports));
    expect(outcomes(first)).toEqual([
      [2, 'refused', 'price:dealer'],
      [3, 'created', null],
      [4, 'refused', 'tax_rate'],
      [5, 'created', null],
    ]);
    const [seat] = await database.db.select().from(products).where(eq(products.sku, 'CL-SEAT'));
    expect(seat).toMatchObject({
      name: '席位',
      nameEn: 'Seat',
      unitPriceMinor: 4550,
      currency: 'CNY',
      taxRateBp: 600,
    });
  });

  it('a price on a configured list is stored in its currency; re-importing changes nothing', async () => {
    const file = 'sku,name,price,price:key-account-usd\nCL-KEY,Key,10,12.5\n';
    const created = await importProducts(deps, as('admin'), sheetRowsOf('k.csv', file, deps.policy.imports));
    expect(outcomes(created)).toEqual([[2, 'created', null]]);
    const prices = await database.db.select().from(productPrices);
    expect(prices.map((p) => [p.priceList, p.unitPriceMinor])).toEqual([['key-account-usd', 1250]]);
    const before = await rowCounts(database, counted);
    const stamps = await database.pool.query('select id, sync_txid::text from products order by id');
    const again = await importProducts(deps, as('admin'), sheetRowsOf('k.csv', file, deps.policy.imports));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(await rowCounts(database, counted)).toEqual(before);
    expect((await database.pool.query('select id, sync_txid::text from products order by id')).rows).toEqual(
      stamps.rows,
    );
  });

  it('a rep may not change the catalogue: every row is refused, nothing is written', async () => {
    const before = await rowCounts(database, counted);
    const report = await importProducts(
      deps,
      as('rep'),
      sheetRowsOf('p.csv', 'sku,name,price\nCL-REP,Rep,1\n', deps.policy.imports),
    );
    expect(outcomes(report)).toEqual([[2, 'refused', null]]);
    expect(report.lines[0]?.error?.code).toBe('product_edit_forbidden');
    expect(await rowCounts(database, counted)).toEqual(before);
  });
});
