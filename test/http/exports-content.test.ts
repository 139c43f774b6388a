// GET /api/exports/orders|installments|receivables over the October report dataset: every column of every row as
// written (CSV read back with csv-parse, XLSX with exceljs), money in major units, dates in the org calendar, and the
// period, status, region and source filters narrowing to the right rows; a filter that cannot narrow a kind, or a source
// nobody has, is refused rather than ignored.

import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareExportWords } from '../../src/app/exports/export-file.ts';
import { users } from '../../src/db/schema.ts';
import { exportsApi } from '../../src/http/api/exports.ts';
import { type Dataset, insertDataset } from '../app/reports/dataset.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;
let ds: Dataset;
beforeAll(async () => {
  world = await openApiWorld([exportsApi]);
  ds = await insertDataset(world.database, 'ex');
});
afterAll(async () => world?.close());

const get = (url: string) => world.app.inject({ method: 'GET', url, headers: world.auth });

async function csv(url: string): Promise<string[][]> {
  const res = await get(url);
  expect(res.statusCode).toBe(200);
  return parse(res.body, { bom: true }) as string[][];
}

describe('export contents', () => {
  it('orders: one row per order with customer, owner, status, money and the local times', async () => {
    expect(await csv('/api/exports/orders?format=csv')).toEqual([
      [
        '订单号',
        '创建时间',
        '客户',
        '负责人',
        '状态',
        '币种',
        '总额',
        '税额',
        '付款计划',
        '提交时间',
        '审批时间',
      ],
      [
        'SO-T-1',
        '2026-10-06 10:00',
        'Acme Tools',
        'Rita Rep',
        'approved',
        'CNY',
        '1000',
        '0',
        'net-30',
        '2026-10-06 10:00',
        '2026-10-07 10:00',
      ],
      [
        'SO-T-2',
        '2026-10-14 10:00',
        'Acme Tools',
        'Rosa Rep',
        'approved',
        'CNY',
        '500',
        '0',
        'net-30',
        '2026-10-14 10:00',
        '2026-10-15 10:00',
      ],
      [
        'SO-T-3',
        '2026-10-17 22:00',
        'Globex',
        'Ravi Rep',
        'approved',
        'USD',
        '200',
        '0',
        'net-30',
        '2026-10-17 22:00',
        '2026-10-18 10:00',
      ],
      [
        'SO-T-4',
        '2026-10-28 10:00',
        'Acme Tools',
        'Rosa Rep',
        'pending_approval',
        'CNY',
        '700',
        '0',
        'net-30',
        '2026-10-28 10:00',
        '',
      ],
    ]);
    // SO-T-3 was made at 14:00 UTC on the 17th: the 17th in Shanghai, so inside 10–17.
    const period = await csv('/api/exports/orders?format=csv&from=2026-10-10&to=2026-10-17');
    expect(period.slice(1).map((r) => r[0])).toEqual(['SO-T-2', 'SO-T-3']);
    const pending = await csv('/api/exports/orders?format=csv&status=pending_approval');
    expect(pending.slice(1).map((r) => r[0])).toEqual(['SO-T-4']);
  });

  it('installments: every installment by due date, paid and owed, a settled one overdue by nothing', async () => {
    expect(await csv('/api/exports/installments?format=csv')).toEqual([
      [
        '订单号',
        '客户',
        '负责人',
        '期数',
        '说明',
        '到期日',
        '币种',
        '金额',
        '已付',
        '未付',
        '逾期天数',
        '发票号',
      ],
      ['SO-T-2', 'Acme Tools', 'Rosa Rep', '1', 'Deposit', '2026-10-15', 'CNY', '300', '0', '300', '18', ''],
      ['SO-T-1', 'Acme Tools', 'Rita Rep', '1', 'Net 30', '2026-10-20', 'CNY', '1000', '1000', '0', '0', ''],
      ['SO-T-3', 'Globex', 'Ravi Rep', '1', 'Net 15', '2026-11-05', 'USD', '200', '0', '200', '0', ''],
      ['SO-T-2', 'Acme Tools', 'Rosa Rep', '2', 'Balance', '2026-11-20', 'CNY', '200', '0', '200', '0', ''],
    ]);
    // The period is on the due date.
    const due = await csv('/api/exports/installments?format=csv&from=2026-11-01&to=2026-11-30');
    expect(due.slice(1).map((r) => `${r[0]}#${r[3]}`)).toEqual(['SO-T-3#1', 'SO-T-2#2']);
  });

  it('receivables: only what approved orders still owe; the region filter is the customer’s', async () => {
    expect(await csv('/api/exports/receivables?format=csv')).toEqual([
      ['订单号', '客户', '负责人', '到期日', '币种', '未付', '逾期天数', '发票号'],
      ['SO-T-2', 'Acme Tools', 'Rosa Rep', '2026-10-15', 'CNY', '300', '18', ''],
      ['SO-T-3', 'Globex', 'Ravi Rep', '2026-11-05', 'USD', '200', '0', ''],
      ['SO-T-2', 'Acme Tools', 'Rosa Rep', '2026-11-20', 'CNY', '200', '0', ''],
    ]);
    const east = await csv('/api/exports/receivables?format=csv&region=EAST');
    expect(east.slice(1).map((r) => r[1])).toEqual(['Globex']);
  });

  it('a region typed as its label narrows like its name, over the API and in chat (区域:华东, region:East)', async () => {
    for (const region of ['East', '华东'])
      expect(
        (await csv(`/api/exports/receivables?format=csv&region=${encodeURIComponent(region)}`)).slice(1),
      ).toEqual([['SO-T-3', 'Globex', 'Ravi Rep', '2026-11-05', 'USD', '200', '0', '']]);
    const [user] = await world.database.db.select().from(users).where(eq(users.id, ds.finance));
    const finance = { kind: 'user' as const, user: user! };
    for (const words of ['receivables region:East', '应收 区域:华东']) {
      const file = new PassThrough();
      const chunks: Buffer[] = [];
      file.on('data', (c: Buffer) => chunks.push(c));
      const prepared = await prepareExportWords(world.deps, finance, words, 'en');
      expect(await prepared.writeTo(file)).toBe(1);
      expect(Buffer.concat(chunks).toString()).toContain('Globex');
    }
  });

  it('the same receivables as XLSX: exceljs reads the rows and the owed amounts', async () => {
    const res = await get('/api/exports/receivables?format=xlsx');
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('receivables');
    expect(sheet?.actualRowCount).toBe(4);
    expect(sheet?.getRow(1).getCell(6).value).toBe('未付');
    expect([2, 3, 4].map((r) => Number(sheet?.getRow(r).getCell(6).value))).toEqual([300, 200, 200]);
  });
});

describe("the source filter on orders, installments and receivables (the source of the order's lead)", () => {
  beforeAll(async () => {
    // SO-T-1 came from lead L1 (from the web); SO-T-3 is now from L4 (expo); the other orders have no lead.
    await world.database.db.execute(sql`update leads set source = 'web' where name = 'L1'`);
    await world.database.db.execute(
      sql`update orders set lead_id = (select id from leads where name = 'L4') where number = 'SO-T-3'`,
    );
  });

  it('narrows each kind to the orders whose lead came from that source', async () => {
    const orders = await csv('/api/exports/orders?format=csv&source=WEB');
    expect(orders.slice(1).map((r) => r[0])).toEqual(['SO-T-1']);
    const parts = await csv('/api/exports/installments?format=csv&source=web');
    expect(parts.slice(1).map((r) => `${r[0]}#${r[3]}`)).toEqual(['SO-T-1#1']);
    const owed = await csv('/api/exports/receivables?format=csv&source=expo');
    expect(owed.slice(1).map((r) => r[0])).toEqual(['SO-T-3']);
  });

  it('the export.create audit row says what was exported: kind, format, period, filters and rows', async () => {
    await csv('/api/exports/orders?format=csv&source=web&from=2026-10-01&to=2026-10-31');
    const { rows } = await world.database.pool.query<{ after: unknown }>(
      `select after from audit_log where action = 'export.create' order by id desc limit 1`,
    );
    expect(rows[0]?.after).toEqual({
      kind: 'orders',
      format: 'csv',
      period: { kind: 'range', from: '2026-10-01', to: '2026-10-31' },
      filters: { source: 'web' },
      rows: 1,
    });
  });

  it('an unknown source is refused listing the known ones, not an empty file', async () => {
    const res = await get('/api/exports/orders?format=csv&source=nosuch');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'report_unknown_source' });
    expect(res.json().message).toContain('Website');
  });

  it('a filter that does not narrow the kind is refused naming it, not silently ignored', async () => {
    const res = await get('/api/exports/receivables?format=csv&status=draft');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'export_filter_not_for_kind', field: 'status' });
  });
});
