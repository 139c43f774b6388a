// XLSX bombs sent to POST /api/leads/import: a part that unpacks far past the upload (one string repeated), a part
// that inflates past the size it claims, a directory claiming gigabytes. Each is refused naming the fix before a
// spreadsheet library opens it, nothing is written; the same hand-built workbook without the bomb imports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { measureWorkbook } from '../../src/app/files/measure-workbook.ts';
import { leadsApi } from '../../src/http/api/leads.ts';
import { buildServer } from '../../src/http/server.ts';
import { addTeam } from '../app/leads/fixtures.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';
import { hostileWorkbook } from '../helpers/hostile-workbooks.ts';

let database: TestDatabase;
let deps: AppDeps;
let auth: { authorization: string };
let app: Awaited<ReturnType<typeof buildServer>>;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  await addTeam(database);
  app = await buildServer({ deps, api: [leadsApi], adapters: [], health: {} });
  auth = { authorization: `Bearer ${(await createApiKey(deps, 'crm-sync')).key}` };
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const post = (payload: Buffer) =>
  app.inject({
    method: 'POST',
    url: '/api/leads/import?source=expo',
    headers: { ...auth, 'content-type': xlsxType },
    payload,
  });

// 20 MB of one letter packs into ~20 KB: one shared string no person typed.
const repeated = 'a'.repeat(20 * 1024 * 1024);

describe('XLSX bombs on lead import', () => {
  it('the hand-built workbook without a bomb imports its row', async () => {
    const res = await post(hostileWorkbook({ rows: [['Amy Chen', '13800138000']] }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ created: 1 });
  });

  it.each([
    ['one 20 MB string packed a thousand to one', hostileWorkbook({ sharedString: repeated })],
    [
      'a part inflating past the 1 KB it claims',
      hostileWorkbook({ sharedString: repeated, claimSharedStringsUnpacked: 1024 }),
    ],
    ['a directory claiming 3 GB', hostileWorkbook({ claimSharedStringsUnpacked: 3_000_000_000 })],
  ])('%s: 400 naming the fix, nothing written', async (_what, bomb) => {
    const before = await countRows(database, 'leads');
    const res = await post(bomb);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'import_xlsx_too_large' });
    expect(res.json().message).toContain('the workbook unpacks to more than 128 MB');
    expect(res.json().message).toContain('send the list as CSV, or split it');
    expect(await countRows(database, 'leads')).toBe(before);
  });

  it('a CSV renamed .xlsx and a cut-off upload are unreadable, not too large', async () => {
    const workbook = hostileWorkbook({ rows: [['Amy Chen', '13800138000']] });
    expect(await measureWorkbook(Buffer.from('name,phone\nAmy,138\n'))).toEqual({ kind: 'not_zip' });
    expect(await measureWorkbook(workbook.subarray(0, 300))).toEqual({ kind: 'not_zip' });
    const res = await post(workbook.subarray(0, workbook.length - 30));
    expect(res.json()).toMatchObject({ error: 'import_unreadable_xlsx' });
  });
});
