// A file or body in another encoding than UTF-8 — a GBK CSV as Excel on a Chinese Windows saves it, UTF-16 — is a 400
// naming the line and the fix, on every door that takes text; before, its bytes became replacement characters ("���")
// and were stored as the lead's, customer's or payer's name.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankStatementsApi } from '../../src/http/api/bank-statements.ts';
import { customersApi } from '../../src/http/api/customers.ts';
import { leadsApi } from '../../src/http/api/leads.ts';
import { masterDataImportApi } from '../../src/http/api/master-data-import.ts';
import { rowCounts } from '../helpers/db.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;
let app: FastifyInstance;
const tables = ['leads', 'customers', 'bank_transactions', 'audit_log', 'outbox'];

// 王小明 and 杭州 as GBK bytes.
const gbk = { 王小明: [0xcd, 0xf5, 0xd0, 0xa1, 0xc3, 0xf7], 杭州: [0xba, 0xbc, 0xd6, 0xdd] };
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

beforeAll(async () => {
  world = await openApiWorld([leadsApi, customersApi, masterDataImportApi, bankStatementsApi]);
  app = world.app;
});

afterAll(async () => {
  await world?.close();
});

describe('a body that is not UTF-8', () => {
  it.each([
    ['/api/leads/import', 'text/csv', bytes('name,email\n', gbk.王小明, ',w@gbk.cn\n'), 2],
    [
      '/api/customers/import',
      'text/csv',
      bytes('name,email\nACME Two,a@two.cn\n', gbk.杭州, ',h@gbk.cn\n'),
      3,
    ],
    [
      '/api/bank-statements',
      'text/csv',
      bytes('date,amount,currency,payer,memo,bank_txn_id\n2026-11-01,10.00,CNY,', gbk.杭州, ',x,GBK-1\n'),
      2,
    ],
    [
      '/api/bank-statements',
      'application/xml',
      bytes('<?xml version="1.0"?>\n<Document><Nm>', gbk.杭州, '</Nm></Document>'),
      2,
    ],
    [
      '/api/leads/import',
      'text/csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\n', 'utf16le')]),
      1,
    ],
  ])('POST %s (%s) is a 400 naming the line; nothing written', async (url, type, payload, line) => {
    const before = await rowCounts(world.database, tables);
    const res = await app.inject({
      method: 'POST',
      url,
      headers: { ...world.auth, 'content-type': type },
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'file_not_utf8', field: '(body)' });
    expect(res.json().message).toContain(`line ${line}`);
    expect(res.json().message).toContain('UTF-8');
    expect(await rowCounts(world.database, tables)).toEqual(before);
  });

  it.each([
    ['/api/leads', bytes('{"name":"', gbk.王小明, '","email":"w@json.cn"}')],
    ['/api/customers', bytes('{\n"name":\n"', gbk.杭州, '"}')],
  ])('a JSON body to %s that is not UTF-8 is a 400; nothing written', async (url, payload) => {
    const before = await rowCounts(world.database, tables);
    const res = await app.inject({
      method: 'POST',
      url,
      headers: { ...world.auth, 'content-type': 'application/json; charset=utf-8' },
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'body_not_utf8', field: '(body)' });
    expect(await rowCounts(world.database, tables)).toEqual(before);
  });

  it('the same rows in UTF-8 are taken in, names intact', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads/import',
      headers: { ...world.auth, 'content-type': 'text/csv' },
      payload: Buffer.from('\uFEFFname,email\n王小明,w@utf8.cn\n'),
    });
    expect(res.statusCode).toBe(201);
    const { rows } = await world.database.pool.query<{ name: string }>(
      `select name from leads where name = '王小明'`,
    );
    expect(rows).toHaveLength(1);
  });
});
