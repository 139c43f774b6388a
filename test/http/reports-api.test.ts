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

async function workbookOf(payload: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  return wb;
}

// A sheet's rows below the header, as objects keyed by the header's names.
function sheetRows(wb: ExcelJS.Workbook, name: string): Record<string, unknown>[] {
  const sheet = wb.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    out.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return out;
}

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

  it('receivables as XLSX is the dashboard: a sheet per table named by content, each agreeing with the JSON', async () => {
    const json = (await get('/api/reports/receivables')).json();
    const res = await get('/api/reports/receivables?format=xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('receivables-2026-11-01-2026-11-02.xlsx');
    const wb = await workbookOf(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Summary',
      'Aging',
      'Expected cash',
      'Top overdue',
      'Ranking',
      'DSO trend',
    ]);
    const rows = (name: string) => sheetRows(wb, name);
    // CNY and USD: open, overdue, due and collected in the period, collection rate, DSO, capped; promises kept,
    // broken, open, kept %; open exceptions and the oldest.
    const summary = rows('Summary');
    expect(summary).toHaveLength(2 * 7 + 4 + 2);
    const figure = (name: string, currency = '') =>
      summary.find((r) => r.figure === name && r.currency === currency)?.value;
    expect(figure('open', 'CNY')).toBe(json.open.CNY / 100);
    expect(figure('dso_days', 'USD')).toBe(
      json.dso.find((d: { currency: string }) => d.currency === 'USD').days,
    );
    expect(figure('promises_broken')).toBe(json.promises.broken);
    expect(figure('open_exceptions')).toBe(1);
    expect(figure('oldest_exception_hours')).toBe(json.exceptions[0].oldestHours);
    const aging = rows('Aging');
    expect(aging.map((r) => r.days_overdue)).toEqual(['0-30', '31-60', '61-90', '90+']);
    expect(aging.find((r) => r.days_overdue === '0-30')?.CNY).toBe(json.aging['0-30'].CNY / 100);
    const cash = rows('Expected cash');
    expect(cash).toHaveLength(8);
    expect(cash[0]).toMatchObject({
      week_from: json.expectedCash[0].from,
      USD: json.expectedCash[0].expected.USD / 100,
    });
    const top = rows('Top overdue');
    expect(top).toHaveLength(json.topOverdueCustomers.length);
    expect(top[0]).toEqual({
      customer: json.topOverdueCustomers[0].name,
      currency: 'CNY',
      overdue: json.topOverdueCustomers[0].overdue / 100,
      overdue_installments: 1,
      oldest_days_overdue: json.topOverdueCustomers[0].oldestDays,
    });
    // By rep (Rosa CNY, Ravi USD) + by region (west CNY, east USD).
    const ranking = rows('Ranking');
    expect(ranking).toHaveLength(4);
    expect(ranking[0]).toMatchObject({ ranking: 'rep', name: json.byRep[0].label });
    // CNY and USD at six month-ends and today.
    const trend = rows('DSO trend');
    expect(trend).toHaveLength(2 * 7);
    const october = trend.find((r) => r.month_end === '2026-10-31' && r.currency === 'CNY');
    // SO-T-2's CNY 500.00 open at the month-end, 17 days; October sold SO-T-1 and SO-T-2: CNY 1,500.00.
    expect(october).toMatchObject({ dso_days: 17, open_balance: 500, sales: 1500 });
  });

  it('process as XLSX: summary, SLA breaches by rep, approval cycles and stuck approvals', async () => {
    const url = '/api/reports/process?from=2026-10-01&to=2026-10-31';
    const json = (await get(url)).json();
    const wb = await workbookOf((await get(`${url}&format=xlsx`)).rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Summary',
      'SLA breaches by rep',
      'Approval cycles',
      'Stuck approvals',
    ]);
    const summary = sheetRows(wb, 'Summary');
    expect(summary.find((r) => r.figure === 'accept_sla_breaches')?.value).toBe(json.breaches.accept);
    expect(summary.find((r) => r.figure === 'reroutes')?.value).toBe(json.reroutes);
    expect(sheetRows(wb, 'SLA breaches by rep')[0]).toMatchObject({
      rep: json.byRep[0].name,
      accept_sla_breaches: json.byRep[0].acceptBreaches,
    });
    expect(sheetRows(wb, 'Approval cycles')).toHaveLength(json.approvalCycles.length);
    const stuck = sheetRows(wb, 'Stuck approvals');
    expect(stuck).toHaveLength(json.stuckApprovals.oldest.length);
    expect(stuck.length).toBeGreaterThan(0);
    expect(stuck[0]?.order).toBe(json.stuckApprovals.oldest[0].orderNumber);
  });

  it('funnel and KPI sheets are named by content, never a period cut at 31 characters', async () => {
    for (const [kind, sheet] of [
      ['funnel', 'Funnel'],
      ['kpi', 'KPI'],
    ]) {
      const wb = await workbookOf(
        (await get(`/api/reports/${kind}?from=2026-12-01&to=2026-12-31&format=xlsx`)).rawPayload,
      );
      expect(wb.worksheets.map((w) => w.name)).toEqual([sheet]);
    }
  });

  it('CSV gives each table by ?table=, one figure agreeing with the JSON', async () => {
    const json = (await get('/api/reports/receivables')).json();
    const csv = async (url: string) => {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      return parse(res.body, { columns: true, bom: true, cast: true }) as Record<string, string | number>[];
    };
    const summary = await csv('/api/reports/receivables?format=csv&table=summary');
    expect(summary.find((r) => r.figure === 'overdue' && r.currency === 'CNY')?.value).toBe(
      json.overdue.CNY / 100,
    );
    expect(await csv('/api/reports/receivables?format=csv&table=aging')).toHaveLength(4);
    expect(await csv('/api/reports/receivables?format=csv&table=expectedCash')).toHaveLength(8);
    expect((await csv('/api/reports/receivables?format=csv&table=topOverdue'))[0]?.customer).toBe(
      json.topOverdueCustomers[0].name,
    );
    const p = (await get('/api/reports/process?from=2026-10-01&to=2026-10-31')).json();
    const stuck = await csv(
      '/api/reports/process?from=2026-10-01&to=2026-10-31&format=csv&table=stuckApprovals',
    );
    expect(stuck.map((r) => r.order)).toEqual(
      p.stuckApprovals.oldest.map((s: { orderNumber: string }) => s.orderNumber),
    );
    const breaches = await csv(
      '/api/reports/process?from=2026-10-01&to=2026-10-31&format=csv&table=breachesByRep',
    );
    expect(breaches).toHaveLength(p.byRep.length);
    const psum = await csv('/api/reports/process?from=2026-10-01&to=2026-10-31&format=csv&table=summary');
    expect(psum.find((r) => r.figure === 'escalated_to_manager')?.value).toBe(p.escalated);
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
    const unknown = await get('/api/reports/receivables?format=csv&table=nope');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toBe(
      'table is one of summary, aging, expectedCash, topOverdue, ranking, dsoTrend',
    );
    expect((await get('/api/reports/process?format=csv&table=dsoTrend')).json().message).toBe(
      'table is one of summary, breachesByRep, approvalCycles, stuckApprovals',
    );
    expect((await get('/api/reports/kpi?format=csv&table=ranking')).json().message).toBe(
      'table is one of kpi',
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
    // As the reader types them: web by its label.
    expect(unknown.json().message).toContain('expo, Website');
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
    // The same CSV unscoped has rows: the expo file is empty because expo's leads made no approved order.
    const all = await get('/api/reports/process?from=2026-10-01&to=2026-10-31&format=csv');
    expect(parse(all.body, { columns: true, bom: true }).length).toBeGreaterThan(0);
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
