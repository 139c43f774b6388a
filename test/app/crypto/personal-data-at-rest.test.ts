// Personal data at rest: after the demo seed, an intake and a bank statement went through the use cases, no table
// row (every column, jsonb included) nor audit row holds a phone, e-mail, tax ID or payer account in the clear;
// readers still see them; rotation re-seals under a new key; a wrong or missing key is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalDataKeyStatus, resealPersonalData } from '../../../src/app/crypto/reseal-personal-data.ts';
import { verifyDataKeys } from '../../../src/app/crypto/verify-data-keys.ts';
import { findCustomers } from '../../../src/app/customers/find-customers.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { getLead } from '../../../src/app/leads/get-lead.ts';
import { importStatement } from '../../../src/app/reconcile/import-statement.ts';
import { seedDemo } from '../../../src/app/seed/seed-demo.ts';
import { createKeyring, KeyError } from '../../../src/crypto/keyring.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps, testKeyring } from '../../helpers/deps.ts';

let database: TestDatabase;
let deps: AppDeps;
let leadId = '';

const tables = [
  'leads',
  'lead_activities',
  'customers',
  'customer_contacts',
  'bank_transactions',
  'payer_mappings',
  'customer_emails',
  'audit_log',
];
// What went in, typed and normalised: none of it may be found in any column of any row.
const secrets = [
  'li.lei@acme-secret.cn',
  '13800138000',
  '+8613800138000',
  'zhou@hengda.example.cn',
  '139 1234 0001',
  '13912340001',
  '91320500MA1MHD0001',
  'finance1@customer1.example.cn',
  '6222 0210 0101 5678',
  '6222021001015678',
];

async function leaks(): Promise<string[]> {
  const found: string[] = [];
  for (const t of tables) {
    // The whole row as text: every text and jsonb column at once.
    const { rows } = await database.pool.query<{ row: string }>(`select t::text as row from ${t} t`);
    for (const { row } of rows) for (const s of secrets) if (row.includes(s)) found.push(`${t}: ${s}`);
  }
  return found;
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  await verifyDataKeys(deps.db, deps.keyring, 'test');
  await seedDemo(deps);
  const lead = await createLead(
    deps,
    { kind: 'api', keyName: 'web' },
    {
      name: 'Li Lei',
      company: 'Secret Acme',
      email: 'Li.Lei@acme-secret.cn',
      phone: '138 0013 8000',
    },
  );
  leadId = lead.id;
  // The same person again: a duplicate, found through the blind index.
  const again = await createLead(
    deps,
    { kind: 'api', keyName: 'web' },
    { name: 'L. Lei', phone: '+86 13800138000' },
  );
  expect(again).toMatchObject({ duplicate: true, id: leadId, matchedOn: 'phone' });
  await importStatement(
    deps,
    { kind: 'api', keyName: 'bank' },
    {
      csv: [
        'date,amount,currency,payer,payer_account,memo,bank_txn_id',
        '2026-11-02,100.00,CNY,Secret Payer Ltd,6222 0210 0101 5678,hello,SEC-1',
      ].join('\n'),
    },
  );
});
afterAll(async () => {
  await database?.close();
});

describe('personal data at rest', () => {
  it('no table row or audit row holds a phone, e-mail, tax ID or payer account in the clear', async () => {
    // The values did arrive (sealed), so the scan looks at real rows.
    const sealed = await database.pool.query(
      `select count(*)::int as n from leads where email like 'v1:test1:%'`,
    );
    expect(sealed.rows[0].n).toBeGreaterThan(0);
    const account = await database.pool.query(
      `select payer_account from bank_transactions where bank_txn_id = 'SEC-1'`,
    );
    expect(account.rows[0].payer_account).toMatch(/^v1:test1:/);
    expect(await leaks()).toEqual([]);
  });

  it('the audit log keeps the contact masked', async () => {
    const { rows } = await database.pool.query(
      `select after from audit_log where action = 'lead.create' and entity_id = $1`,
      [leadId],
    );
    expect(rows[0].after).toMatchObject({ email: 'l***@acme-secret.cn', phone: '+86 138****8000' });
  });

  it('readers see the values in the clear', async () => {
    expect(await getLead(deps, leadId)).toMatchObject({
      email: 'Li.Lei@acme-secret.cn',
      phone: '138 0013 8000',
    });
  });

  it('a value stored in the clear before encryption is sealed by the backfill and still read meanwhile', async () => {
    const { rows } = await database.pool.query(
      `insert into customers (name, normalized_name, currency, tax_id) values ('Old Co', 'oldco', 'CNY', '91110000OLD0000001') returning id`,
    );
    const old = await database.pool.query(
      `insert into leads (name, email, email_norm, phone, phone_norm) values ('Old Lead', 'Old@Lead.cn', 'old@lead.cn', '13700137000', '+8613700137000') returning id`,
    );
    await database.pool.query(
      `insert into customer_contacts (customer_id, name, email, phone) values ($1, 'Old Contact', 'Old.Contact@Old.cn', '137 0013 7001')`,
      [rows[0].id],
    );
    const status = await personalDataKeyStatus(deps);
    expect(status).toContainEqual({ column: 'customers.tax_id', kid: 'plain', n: 1 });
    expect(deps.keyring.decrypt('91110000OLD0000001')).toBe('91110000OLD0000001');
    await resealPersonalData(deps);
    const after = await database.pool.query('select tax_id from customers where id = $1', [rows[0].id]);
    expect(after.rows[0].tax_id).toMatch(/^v1:test1:/);
    expect(deps.keyring.decrypt(after.rows[0].tax_id)).toBe('91110000OLD0000001');
    const lead = await database.pool.query(
      'select email, email_norm, phone_norm, email_bidx from leads where id = $1',
      [old.rows[0].id],
    );
    expect(lead.rows[0]).toMatchObject({
      email_norm: null,
      phone_norm: null,
      email: expect.stringMatching(/^v1:test1:/),
    });
    // The plain tax ID and contact details got the blind indexes search goes through.
    const admin = { kind: 'system', name: 'test' } as const;
    for (const q of ['91110000old0000001', 'old.contact@old.cn', '+86 137 0013 7001'])
      expect((await findCustomers(deps, admin, { text: q })).items.map((c) => c.name)).toEqual(['Old Co']);
    const afterwards = await createLead(
      deps,
      { kind: 'api', keyName: 'web' },
      { name: 'Old', phone: '137 0013 7000' },
    );
    expect(afterwards).toMatchObject({ duplicate: true, id: old.rows[0].id, matchedOn: 'phone' });
  });

  it('rotation re-seals every value under the new key, in batches, and the old key is then no longer needed', async () => {
    const rotated = { ...deps, keyring: testKeyring(['test2', 'test1']) };
    await verifyDataKeys(rotated.db, rotated.keyring, 'test');
    const batches: number[] = [];
    const total = await resealPersonalData(rotated, { batch: 7, onProgress: (p) => batches.push(p.done) });
    expect(total).toBeGreaterThan(7);
    const kids = new Set((await personalDataKeyStatus(rotated)).map((r) => r.kid));
    expect(kids).toEqual(new Set(['test2']));
    // Resumable and idempotent: a second run has nothing to do.
    expect(await resealPersonalData(rotated)).toBe(0);
    const onlyNew = { ...deps, keyring: testKeyring(['test2']) };
    expect(await getLead(onlyNew, leadId)).toMatchObject({ email: 'Li.Lei@acme-secret.cn' });
    // Blind indexes did not change: dedupe still finds the lead.
    const again = await createLead(
      onlyNew,
      { kind: 'api', keyName: 'web' },
      { name: 'Lei', email: 'li.lei@ACME-secret.cn' },
    );
    expect(again).toMatchObject({ duplicate: true, id: leadId, matchedOn: 'email' });
    expect(await leaks()).toEqual([]);
  });

  it('a wrong key, a wrong index key or a missing key that still seals values is refused at start', async () => {
    const wrong = createKeyring(
      [{ kid: 'test2', key: Buffer.alloc(32, 'x') }],
      Buffer.alloc(32, 'test-index'),
    );
    await expect(verifyDataKeys(deps.db, wrong, 'the key file')).rejects.toThrow(
      /data key "test2" \(the key file\) is not the key this database was encrypted with/,
    );
    const wrongIndex = createKeyring(
      [{ kid: 'test2', key: Buffer.alloc(32, 'test2') }],
      Buffer.alloc(32, 'y'),
    );
    await expect(verifyDataKeys(deps.db, wrongIndex, 'env')).rejects.toThrow(/blind-index key/);
    const missing = createKeyring(
      [{ kid: 'test3', key: Buffer.alloc(32, 'z') }],
      Buffer.alloc(32, 'test-index'),
    );
    await expect(verifyDataKeys(deps.db, missing, 'env')).rejects.toThrow(KeyError);
    await expect(verifyDataKeys(deps.db, missing, 'env')).rejects.toThrow(
      /encrypted with data key "test2", which env does not have/,
    );
  });
});
