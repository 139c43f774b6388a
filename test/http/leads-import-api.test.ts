import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
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
import { hiddenFirstTab, sheetCutShort, tabsReordered } from '../helpers/tab-workbooks.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let auth: { authorization: string };

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

const csv = [
  '姓名,公司,邮箱,电话,地区,行业,来源,活动,备注',
  '李雷,上海星辰精密制造有限公司,li@xingchen.cn,138 0013 8000,east,manufacturing,,,要报价',
  '韩梅梅,北京远航物流,han@@yuanhang,,west,logistics,,,',
  'Amy Chen,ACME Co. Ltd.,amy@acme.com,,east,retail,,,',
].join('\n');

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('POST /api/leads/import', () => {
  it("a bad cell is echoed in the problem's message as sent: no invisible mark after its * _ ~ `", async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads/import',
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: 'name,email\nZhao,*zhao*_`x`~@\n',
    });
    expect(res.json().problems).toEqual([
      expect.objectContaining({
        message:
          'line 2 · email: email "*zhao*_`x`~@" is not an email address; write it like li.lei@example.com',
      }),
    ]);
  });

  it('text/csv body: 201 with the report; good rows are leads, the bad row is listed by line and reason', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads/import?source=trade-show&campaign=Expo%202026',
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      rows: 3,
      created: 2,
      duplicates: [],
      ignoredColumns: [],
      ownersNotified: 0,
    });
    expect(body.routed.offered + body.routed.posted + body.routed.unrouted).toBe(2);
    expect(body.problems).toEqual([
      {
        line: 3,
        field: 'email',
        code: 'lead_email_invalid',
        message:
          'line 3 · email: email "han@@yuanhang" is not an email address; write it like li.lei@example.com',
      },
    ]);
    const { rows } = await database.pool.query<{ source: string; campaign: string }>(
      'select distinct source, campaign from leads',
    );
    expect(rows).toEqual([{ source: 'trade-show', campaign: 'Expo 2026' }]);
  });

  it('JSON { csv } with a column mapping: the same people again are duplicates, nothing new', async () => {
    const before = await countRows(database, 'leads');
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads/import',
      headers: auth,
      payload: {
        csv: 'Contact,Mobile No.,E-mail\n李雷,+86-138-0013-8000,\nAmy Chen,,AMY@acme.com\n',
        mapping: { 'Mobile No.': 'phone' },
        source: 'referral',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      created: 0,
      duplicates: [
        { line: 2, matchedOn: 'phone' },
        { line: 3, matchedOn: 'email' },
      ],
      problems: [],
      // Li Lei's lead was offered to a rep, who is told once; Amy Chen's waits in a claim channel, held by nobody.
      ownersNotified: 1,
    });
    expect(await countRows(database, 'leads')).toBe(before);
  });

  it('a file without a name column: 400 naming the fix, nothing written', async () => {
    const before = await countRows(database, 'leads');
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads/import',
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: 'company,email\nACME,new@acme.com\n',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'import_missing_column' });
    expect(res.json().message).toContain('name / 姓名');
    expect(await countRows(database, 'leads')).toBe(before);
  });

  it('an XLSX workbook made in exceljs: 201, its rows become leads as the CLI reads them; OpenAPI says so', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Expo list');
    sheet.addRow(['姓名', '公司', '邮箱', '电话', '地区']);
    sheet.addRow(['王芳', '杭州云帆科技有限公司', 'wang@yunfan.cn', '139 0013 9000', 'east']);
    sheet.addRow(['Tom Li', 'Li Trading', 'tom@litrading.com', '', 'west']);
    sheet.addRow(['', 'Nameless Co', 'x@nameless.com', '', '']);
    const before = await countRows(database, 'leads');
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads/import?source=expo-xlsx',
      headers: { ...auth, 'content-type': xlsxType },
      payload: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ rows: 3, created: 2 });
    expect(res.json().problems).toMatchObject([{ line: 4, field: 'name', code: 'lead_name_required' }]);
    expect(await countRows(database, 'leads')).toBe(before + 2);
    const stored = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from leads where source = 'expo-xlsx'`,
    );
    expect(stored.rows).toEqual([{ n: 2 }]);
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(doc.paths['/api/leads/import'].post.requestBody.content)).toContain(xlsxType);
  });

  it('bytes that are not a workbook: 400 naming the fix, nothing written', async () => {
    const before = await countRows(database, 'leads');
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads/import',
      headers: { ...auth, 'content-type': xlsxType },
      payload: Buffer.from('name,email\nAmy,amy@example.com\n'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'import_unreadable_xlsx' });
    expect(res.json().message).toMatch(
      /the file is not a readable \.xlsx workbook; save it again as \.xlsx or export it as CSV; nothing was imported$/,
    );
    expect(await countRows(database, 'leads')).toBe(before);
  });

  it('a workbook over 8 MB: 413, nothing read or written (a workbook unzips to several times its size)', async () => {
    const before = await countRows(database, 'leads');
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads/import',
      headers: { ...auth, 'content-type': xlsxType },
      payload: Buffer.alloc(8 * 1024 * 1024 + 1, 1),
    });
    expect(res.statusCode).toBe(413);
    expect(await countRows(database, 'leads')).toBe(before);
  });

  it('a NUL spelled _x0000_ in a workbook cell is dropped, as typed commands drop it: the lead goes in', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('List');
    sheet.addRow(['name', 'company', 'email']);
    sheet.addRow(['Nul_x0000_Person', 'Nul Co', 'nul@example.com']);
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads/import?source=nul-xlsx',
      headers: { ...auth, 'content-type': xlsxType },
      payload: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ rows: 1, created: 1 });
    const stored = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from leads where source = 'nul-xlsx' and name = 'NulPerson'`,
    );
    expect(stored.rows).toEqual([{ n: 1 }]);
  });

  it('without an API key: 401', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads/import',
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode).toBe(401);
  });
});

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
    const res = await post(hostileWorkbook({ rows: [['Zed Workbook', '13900139123']] }));
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
    const workbook = hostileWorkbook({ rows: [['Zed Workbook', '13900139123']] });
    expect(await measureWorkbook(Buffer.from('name,phone\nAmy,138\n'))).toEqual({ kind: 'not_zip' });
    expect(await measureWorkbook(workbook.subarray(0, 300))).toEqual({ kind: 'not_zip' });
    const res = await post(workbook.subarray(0, workbook.length - 30));
    expect(res.json()).toMatchObject({ error: 'import_unreadable_xlsx' });
  });
});

// Python's openpyxl, Java streaming writers and LibreOffice write Zip64 records even for a small workbook.
describe('XLSX workbooks written with Zip64', () => {
  it.each([
    ['Zip64 end records', { records: true }, '13900139201'],
    ['sizes and offsets in Zip64 extra fields', { extra: true }, '13900139202'],
    [
      'those and streamed parts with 64-bit data descriptors',
      { records: true, extra: true, descriptors: true },
      '13900139204',
    ],
  ])('%s: 201, its row becomes a lead', async (what, zip64, phone) => {
    const res = await post(hostileWorkbook({ rows: [[`Zip64 ${what}`, phone]], zip64 }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ rows: 1, created: 1 });
  });

  const sharedStrings = 'xl/sharedStrings.xml';
  it.each([
    [
      'a Zip64 size of 3 GB',
      { records: true, extra: true, claim: { part: sharedStrings, unpacked: 3_000_000_000n } },
    ],
    [
      'a Zip64 size past 2^53',
      { records: true, extra: true, claim: { part: sharedStrings, unpacked: 2n ** 60n } },
    ],
  ])('%s: 400 too large, nothing written', async (_what, zip64) => {
    const before = await countRows(database, 'leads');
    const res = await post(hostileWorkbook({ rows: [['Zip Liar', '13900139299']], zip64 }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'import_xlsx_too_large' });
    expect(await countRows(database, 'leads')).toBe(before);
  });

  it('a part inflating past the 1 KB its Zip64 field claims: 400 too large', async () => {
    const res = await post(
      hostileWorkbook({
        sharedString: repeated,
        zip64: { records: true, claim: { part: sharedStrings, unpacked: 1024n } },
      }),
    );
    expect(res.json()).toMatchObject({ error: 'import_xlsx_too_large' });
  });

  it.each([
    [
      'a Zip64 packed size past the upload',
      { extra: true, claim: { part: sharedStrings, packed: 1n << 33n } },
    ],
  ])('%s: 400 unreadable, nothing written', async (_what, zip64) => {
    const before = await countRows(database, 'leads');
    const res = await post(hostileWorkbook({ rows: [['Zip Liar', '13900139298']], zip64 }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'import_unreadable_xlsx' });
    expect(await countRows(database, 'leads')).toBe(before);
  });
});

describe('which tab of a workbook a lead import reads', () => {
  const list = [
    ['姓名', '公司', '邮箱'],
    ['周杰', '苏州恒通机械', 'zhou@hengtong.cn'],
    ['Ada Wu', 'Wu Instruments', 'ada@wu-instruments.com'],
  ];
  const send = (payload: Buffer, source: string) =>
    app.inject({
      method: 'POST',
      url: `/api/leads/import?source=${source}`,
      headers: { ...auth, 'content-type': xlsxType },
      payload,
    });
  const namesFrom = async (source: string) =>
    (
      await database.db.execute<{ name: string }>(
        sql`select name from leads where source = ${source} order by name`,
      )
    ).rows.map((r) => r.name);

  it('the first tab as Excel shows it, though stored as sheet2.xml after the notes tab: its people become leads', async () => {
    const res = await send(await tabsReordered(list), 'tab-order');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ rows: 2, created: 2 });
    expect(await namesFrom('tab-order')).toEqual(['Ada Wu', '周杰']);
  });

  it('a hidden first tab is passed over for the first tab Excel shows', async () => {
    const res = await send(
      await hiddenFirstTab([list[0] ?? [], ['Ben Hu', 'Hu Valves', 'ben@huvalves.com']]),
      'hidden-tab',
    );
    expect(res.statusCode).toBe(201);
    expect(await namesFrom('hidden-tab')).toEqual(['Ben Hu']);
  });

  it('a sheet cut short mid-row inside a valid zip: 400 naming the fix, not the rows before the cut', async () => {
    const before = await countRows(database, 'leads');
    const res = await send(await sheetCutShort([...list, ['Half Row', 'Cut Co', 'cut@cut.co']]), 'cut-short');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'import_unreadable_xlsx' });
    expect(res.json().message).toMatch(/save it again as \.xlsx or export it as CSV; nothing was imported$/);
    expect(await countRows(database, 'leads')).toBe(before);
  });
});
