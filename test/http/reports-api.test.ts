import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { safeCell } from '../../src/domain/exports/cells.ts';
import { reportsApi } from '../../src/http/api/reports.ts';
import { buildServer } from '../../src/http/server.ts';
import { type Dataset, insertDataset } from '../app/reports/dataset.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

let database: TestDatabase;
let app: FastifyInstance;
let auth: Record<string, string>;
let ds: Dataset;

beforeAll(async () => {
  database = await createTestDatabase();
  ds = await insertDataset(database);
  const deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  auth = { authorization: `Bearer ${(await createApiKey(deps, 'bi')).key}` };
  app = await buildServer({ deps, api: [reportsApi], adapters: [], health: {} });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const get = (url: string, headers = auth) => app.inject({ method: 'GET', url, headers });

describe('/api/reports', () => {
  it('funnel as JSON for the whole org', async () => {
    const res = await get('/api/reports/funnel?from=2026-10-01&to=2026-10-31');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total[0]).toMatchObject({ stage: 'new', entered: 6, movedOn: 5 });
  });

  it('kpi as CSV: one row per person of the org tree, amounts in major units per currency', async () => {
    const res = await get('/api/reports/kpi?from=2026-10-01&to=2026-10-31&format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = parse(res.body, { columns: true, bom: true }) as Record<string, string>[];
    // org, Dana, Mia, Rita, Ravi, Max, Ravi (former), Rosa, Fay.
    expect(rows).toHaveLength(9);
    expect(rows.find((r) => r.name === 'Dana Director')).toMatchObject({
      approved_CNY: '1500',
      approved_USD: '200',
    });
  });

  it('receivables as XLSX opens in exceljs with the ranking rows, and the DSO trend as a second sheet', async () => {
    const res = await get('/api/reports/receivables?format=xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    // Header + by rep (Rosa CNY, Ravi USD) + by region (west CNY, east USD).
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getRow(1).getCell(1).value).toBe('ranking');
    const trend = wb.getWorksheet('DSO trend')!;
    // Header + CNY and USD at six month-ends and today.
    expect(trend.rowCount).toBe(1 + 2 * 7);
    const october = trend
      .getRows(2, 14)!
      .find((r) => r.getCell(1).value === '2026-10-31' && r.getCell(2).value === 'CNY');
    // SO-T-2's CNY 500.00 open at the month-end, 17 days; October sold SO-T-1 and SO-T-2: CNY 1,500.00.
    expect([3, 5, 6].map((c) => october?.getCell(c).value)).toEqual([17, 500, 1500]);
  });

  it('receivables CSV: ?table=dsoTrend gives the trend, an unknown table is refused naming the valid ones', async () => {
    const res = await get('/api/reports/receivables?format=csv&table=dsoTrend');
    expect(res.statusCode).toBe(200);
    const rows = parse(res.body, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(14);
    expect(rows.find((r) => r.month_end === '2026-11-02' && r.currency === 'USD')).toEqual({
      month_end: '2026-11-02',
      currency: 'USD',
      dso_days: '16',
      dso_capped: 'no',
      open_balance: '200',
      sales: '0',
    });
    const ranking = parse((await get('/api/reports/receivables?format=csv')).body, {
      columns: true,
      bom: true,
    });
    expect(ranking).toHaveLength(4);
    const unknown = await get('/api/reports/receivables?format=csv&table=aging');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toBe('table is one of ranking, dsoTrend');
    expect((await get('/api/reports/process?format=csv&table=dsoTrend')).json().message).toBe(
      'table is one of approvalCycles',
    );
  });

  it('team narrows to a tree; a reversed period and an unknown rep are clear errors; no key is 401', async () => {
    const team = await get(`/api/reports/process?team=${ds.emails.m1}&from=2026-10-01&to=2026-10-31`);
    expect(team.statusCode).toBe(200);
    expect(team.json().approvalCycles).toHaveLength(1);
    const reversed = await get('/api/reports/kpi?from=2026-10-31&to=2026-10-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().message).toContain('swap');
    const unknown = await get('/api/reports/kpi?rep=nobody@example.com');
    expect(unknown.statusCode).toBe(404);
    expect((await get('/api/reports/kpi', {})).statusCode).toBe(401);
  });

  it('source= and rule= narrow funnel and kpi to those leads; unknown names list the valid ones', async () => {
    const funnel = await get('/api/reports/funnel?from=2026-10-01&to=2026-10-31&source=expo');
    expect(funnel.statusCode).toBe(200);
    expect(funnel.json().total[0]).toMatchObject({ stage: 'new', entered: 1, movedOn: 1 });
    expect(funnel.json().scope).toEqual({ kind: 'org', leads: { kind: 'source', value: 'expo' } });
    // Only SO-T-1 came from a (web) lead: CNY 1,000.00, no USD.
    const kpi = await get('/api/reports/kpi?from=2026-10-01&to=2026-10-31&source=web&format=csv');
    const rows = parse(kpi.body, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.find((r) => r.name === 'Dana Director')).toMatchObject({
      new_leads: '5',
      approved_CNY: '1000',
    });
    expect(rows[0]).not.toHaveProperty('approved_USD');
    const unknown = await get('/api/reports/funnel?source=__proto__');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain('expo, web');
    const rule = await get('/api/reports/kpi?rule=nope');
    expect(rule.statusCode).toBe(404);
    expect(rule.json().message).toContain('Everyone else');
  });

  it('source= and rule= narrow receivables and process too; exceptions are left out, and said so', async () => {
    // Only SO-T-1 (paid) came from a lead: nothing open from the web, and SO-T-3 (USD) in no source.
    const ar = await get('/api/reports/receivables?from=2026-10-01&to=2026-10-31&source=web');
    expect(ar.statusCode).toBe(200);
    expect(ar.json()).toMatchObject({
      open: {},
      collection: [{ currency: 'CNY', dueMinor: 100_000, collectedMinor: 100_000 }],
      exceptions: null,
      exceptionsUnscopedOnly: true,
    });
    const p = await get('/api/reports/process?from=2026-10-01&to=2026-10-31&source=expo&format=csv');
    expect(parse(p.body, { columns: true, bom: true })).toHaveLength(0);
    const web = await get('/api/reports/process?from=2026-10-01&to=2026-10-31&source=web');
    expect(web.json()).toMatchObject({ approvalCycles: [{ decided: 1 }], exceptionsUnscopedOnly: true });
    expect((await get('/api/reports/process?rule=__proto__')).statusCode).toBe(404);
  });

  it('receivables JSON carries the DSO trend: each month-end and today', async () => {
    const res = await get('/api/reports/receivables');
    const cny = res.json().dsoTrend.find((t: { currency: string }) => t.currency === 'CNY');
    expect(cny.points.slice(-2)).toEqual([
      { day: '2026-10-31', openMinor: 50_000, days: 17, capped: false, salesMinor: 150_000 },
      { day: '2026-11-02', openMinor: 50_000, days: 19, capped: false, salesMinor: 0 },
    ]);
  });

  it('escapes cells a spreadsheet would run as a formula', () => {
    expect(safeCell('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeCell('-2+3')).toBe("'-2+3");
    expect(safeCell(-5)).toBe(-5);
    expect(safeCell('Acme')).toBe('Acme');
  });
});
