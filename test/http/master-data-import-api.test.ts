// POST /api/customers/import and /api/products/import with a real key on a real database: CSV and XLSX bodies, the
// per-row report, a wrong header as 400 naming the column, a workbook bomb refused unopened, re-import changing
// nothing, the scope each route needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { customersApi } from '../../src/http/api/customers.ts';
import { masterDataImportApi } from '../../src/http/api/master-data-import.ts';
import { productsApi } from '../../src/http/api/products.ts';
import { rowCounts } from '../helpers/db.ts';
import { hostileWorkbook } from '../helpers/hostile-workbooks.ts';
import { partsOutOfOrder, sheetCutShort } from '../helpers/tab-workbooks.ts';
import { workbook } from '../helpers/workbook.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const send = (url: string, payload: string | Buffer, type: string, auth = world.auth) =>
  world.app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': type }, payload });

beforeAll(async () => {
  world = await openApiWorld([customersApi, productsApi, masterDataImportApi]);
});

afterAll(async () => {
  await world?.close();
});

describe('POST /api/customers/import', () => {
  const csv = 'name,region,owner_email,erp\nACME,east,rep@demo.test,\nGlobex,west,,G-1\n"",east,,\n';

  it('answers every row: ACME (already there) updated, Globex created, a row without a name refused by its column', async () => {
    const res = await send('/api/customers/import', csv, 'text/csv');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rows: 3, created: 1, updated: 1, unchanged: 0, refused: 1 });
    expect(res.json().lines).toEqual([
      { line: 2, outcome: 'updated', key: 'ACME' },
      { line: 3, outcome: 'created', key: 'Globex' },
      {
        line: 4,
        outcome: 'refused',
        key: '',
        column: 'name',
        error: 'customer_name_missing',
        message: 'line 4 · column "name": name: give the customer a name, e.g. ACME Trading Co.',
      },
    ]);
    const globex = await world.app.inject({
      method: 'GET',
      url: '/api/customers/erp:G-1',
      headers: world.auth,
    });
    expect(globex.json()).toMatchObject({ name: 'Globex', region: 'west' });
  });

  it('the same file again changes nothing', async () => {
    const before = await rowCounts(world.database, ['customers', 'audit_log', 'outbox']);
    const res = await send('/api/customers/import', csv, 'text/csv');
    expect(res.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2, refused: 1 });
    expect(await rowCounts(world.database, ['customers', 'audit_log', 'outbox'])).toEqual(before);
  });

  it('takes an XLSX workbook as the body', async () => {
    const body = await workbook([
      ['客户名称', '地区'],
      ['Initech', 'north'],
    ]);
    const res = await send('/api/customers/import', body, xlsx);
    expect(res.json()).toMatchObject({
      rows: 1,
      created: 1,
      lines: [{ line: 2, outcome: 'created', key: 'Initech' }],
    });
  });

  it('refuses a workbook bomb (one 20 MB string packed a thousand to one) unopened, writing nothing', async () => {
    const before = await rowCounts(world.database, ['customers', 'audit_log']);
    const res = await send(
      '/api/customers/import',
      hostileWorkbook({ sharedString: 'a'.repeat(20 << 20) }),
      xlsx,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'sheet_xlsx_too_large' });
    expect(res.json().message).toContain('unpacks to more than 128 MB');
    expect(await rowCounts(world.database, ['customers', 'audit_log'])).toEqual(before);
  });

  it('refuses a wrong header with 400 naming each column, and writes nothing', async () => {
    const before = await rowCounts(world.database, ['customers', 'audit_log']);
    const res = await send('/api/customers/import', 'nam,regoin\nX,east\n', 'text/csv');
    expect(res.statusCode).toBe(400);
    expect(res.json().problems.map((p: { field: string; message: string }) => [p.field, p.message])).toEqual([
      ['nam', 'column "nam" is not one we import; did you mean "name"?'],
      ['regoin', 'column "regoin" is not one we import; did you mean "region"?'],
      ['name', 'the header has no name / 客户名称 column; add it (the first row names the columns).'],
    ]);
    expect(await rowCounts(world.database, ['customers', 'audit_log'])).toEqual(before);
    const empty = await send('/api/customers/import', '', 'text/csv');
    expect(empty.statusCode).toBe(400);
  });

  it('needs customers:write; products import needs products:write', async () => {
    const { key } = await issueApiKey(
      world.deps,
      { kind: 'system', name: 'test' },
      {
        name: 'reader',
        scopes: ['customers:read', 'products:read'],
      },
    );
    const auth = { authorization: `Bearer ${key}` };
    const c = await send('/api/customers/import', 'name\nNope Co\n', 'text/csv', auth);
    expect([c.statusCode, c.json().scope]).toEqual([403, 'customers:write']);
    const p = await send('/api/products/import', 'sku,name,price\nNOPE,Nope,1\n', 'text/csv', auth);
    expect([p.statusCode, p.json().scope]).toEqual([403, 'products:write']);
  });
});

describe('POST /api/products/import', () => {
  it('adds and updates products by SKU, then the same file changes nothing', async () => {
    const csv =
      'sku,name,price,active\nB200,Die set B200,1200,yes\nC300,Press C300,99.9,no\nD400,Bad,1,maybe\n';
    const res = await send('/api/products/import', csv, 'text/csv');
    expect(res.statusCode).toBe(200);
    expect(
      res.json().lines.map((l: { outcome: string; column?: string }) => [l.outcome, l.column ?? null]),
    ).toEqual([
      ['updated', null],
      ['created', null],
      ['refused', 'active'],
    ]);
    const before = await rowCounts(world.database, ['products', 'audit_log']);
    const again = await send('/api/products/import', csv, 'text/csv');
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2, refused: 1 });
    expect(await rowCounts(world.database, ['products', 'audit_log'])).toEqual(before);
  });
});

describe('which tab of a workbook a customer or product import reads', () => {
  it('the first tab, though the zip stores the notes tab before it: its products are created, the notes are not', async () => {
    const body = await partsOutOfOrder([
      ['sku', 'name', 'price'],
      ['TAB-1', 'First tab press', 500],
    ]);
    const res = await send('/api/products/import', body, xlsx);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      rows: 1,
      created: 1,
      lines: [{ line: 2, outcome: 'created', key: 'TAB-1' }],
    });
    const { rows } = await world.database.pool.query("select name from products where sku = 'TAB-1'");
    expect(rows).toEqual([{ name: 'First tab press' }]);
  });

  it('refuses a customer sheet cut short mid-row, naming the fix and writing none of the rows before the cut', async () => {
    const before = await rowCounts(world.database, ['customers', 'audit_log']);
    const body = await sheetCutShort([
      ['name', 'region'],
      ['Umbrella', 'east'],
      ['Cut Co', 'west'],
    ]);
    const res = await send('/api/customers/import', body, xlsx);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'sheet_unreadable_xlsx' });
    expect(res.json().message).toContain('save it again as .xlsx or export it as CSV');
    expect(await rowCounts(world.database, ['customers', 'audit_log'])).toEqual(before);
  });
});
