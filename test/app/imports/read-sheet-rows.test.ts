// Reading uploaded sheets as a stream: rows come out while the file is still arriving (10,000-row CSV and XLSX),
// a formula cell reads as the result Excel saved (the lead and the customer import alike), a workbook past the row
// cap or a formula with no saved result is refused naming the limit or the cell, and a broken workbook by name.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readSheetRows, sheetRowsOf } from '../../../src/app/files/read-sheet-rows.ts';
import { tableFromXlsx } from '../../../src/app/leads/read-lead-file.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import { importProblemText } from '../../../src/messages/catalogue/leads/import-texts.ts';
import { chartTabFirst, sheetPartNamed } from '../../helpers/tab-workbooks.ts';

const reading = { maxXlsxRows: 100_000 };

async function allRows(rows: AsyncIterable<unknown>) {
  const out = [];
  for await (const r of rows) out.push(r);
  return out;
}

// What the customer/product import (the sheet's rows) and the lead import (its table) make of one workbook.
async function bothImports(bytes: Buffer, limits = reading) {
  const sheet = await allRows(sheetRowsOf('x.xlsx', bytes, limits)).catch((e: unknown) =>
    e instanceof DomainError ? { code: e.code, vars: e.vars, en: errorText(e, 'en') } : Promise.reject(e),
  );
  const table = await tableFromXlsx(bytes, limits);
  const leads =
    'code' in table
      ? { code: table.code, vars: table.vars, en: importProblemText(table, 'en') }
      : [table.header, ...table.rows];
  return { sheet, leads };
}

// Bytes handed out in small pieces, counting how many the reader has taken.
function trickle(bytes: Buffer, size = 16 * 1024) {
  const state = { taken: 0, total: Math.ceil(bytes.length / size) };
  const stream = Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += size) {
        state.taken++;
        yield bytes.subarray(i, i + size);
      }
    })(),
  );
  return { stream, state };
}

async function streamedWorkbook(count: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new (await import('node:stream')).PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false });
  const sheet = book.addWorksheet('Products');
  sheet.addRow(['sku', 'name', 'price']).commit();
  for (let i = 1; i <= count; i++) sheet.addRow([`SKU-${i}`, `Product ${i}`, i]).commit();
  sheet.commit();
  await book.commit();
  return Buffer.concat(chunks);
}

describe('readSheetRows', () => {
  it('streams a 10,000-row CSV: the first rows come out long before the last piece is read', async () => {
    const csv = Buffer.from(
      ['sku,name,price', ...Array.from({ length: 10_000 }, (_, i) => `SKU-${i},Product ${i},${i}`)].join(
        '\n',
      ),
    );
    const { stream, state } = trickle(csv);
    let takenAtFirst = -1;
    let count = 0;
    for await (const row of readSheetRows('p.csv', stream, reading)) {
      if (count === 1) takenAtFirst = state.taken;
      count++;
      if (count === 10_001)
        expect(row).toEqual({ line: 10_001, cells: ['SKU-9999', 'Product 9999', '9999'] });
    }
    expect(count).toBe(10_001);
    expect(takenAtFirst).toBeLessThan(state.total / 2);
  });

  // exceljs's streaming reader parses the sheet as it unzips, or (when the sheet precedes its shared strings in the
  // zip, as Excel writes it) spools it to a temporary file first: either way the rows never sit in memory together.
  it('reads a 10,000-row XLSX row by row from a trickling stream', async () => {
    const bytes = await streamedWorkbook(10_000);
    const { stream, state } = trickle(bytes, 1024);
    let count = 0;
    let last: unknown;
    for await (const row of readSheetRows('p.xlsx', stream, reading)) {
      count++;
      last = row;
    }
    expect(count).toBe(10_001);
    expect(last).toEqual({ line: 10_001, cells: ['SKU-10000', 'Product 10000', '10000'] });
    expect(state.taken).toBe(state.total);
  });

  it('reads a formula cell as the result Excel saved, in both imports, and the first sheet only', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Data');
    sheet.addRow(['name', 'payment_terms', 'phone', 'email']);
    sheet.addRow([
      'Evil Co',
      { formula: "cmd|' /C calc'!A0", result: 'Net 30' },
      { formula: '13800000000+1', result: 13_800_000_001 },
      { formula: 'LOWER("A@B.CN")', result: 'a@b.cn' },
    ]);
    sheet.addRow(['Shared Co', { sharedFormula: 'B2', result: 'Net 60' }, 1, 'x@y.cn']);
    book.addWorksheet('Notes').addRow(['ignored']);
    const expected = [
      { line: 1, cells: ['name', 'payment_terms', 'phone', 'email'] },
      { line: 2, cells: ['Evil Co', 'Net 30', '13800000001', 'a@b.cn'] },
      { line: 3, cells: ['Shared Co', 'Net 60', '1', 'x@y.cn'] },
    ];
    expect(await bothImports(Buffer.from(await book.xlsx.writeBuffer()))).toEqual({
      sheet: expected,
      leads: expected,
    });
  });

  it.each([
    [
      'whose part another writer named List.xml, found through the relationships',
      (rows: unknown[][]) => sheetPartNamed(rows, 'List.xml'),
    ],
    ['behind a chart tab (a chart holds no rows)', chartTabFirst],
  ])('reads the first worksheet tab %s, in both imports', async (_, build) => {
    const expected = [
      { line: 1, cells: ['name', 'email'] },
      { line: 2, cells: ['Li Lei', 'li@x.cn'] },
    ];
    const bytes = await build(expected.map((row) => row.cells));
    expect(await bothImports(bytes)).toEqual({ sheet: expected, leads: expected });
  });

  it("reads Excel's _xHHHH_ escapes as the characters they stand for, dropping NUL, in both imports", async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Data').addRows([
      ['name', 'note'],
      ['Nul_x0000_Person', 'typed _x005F_x0041_ literally'],
    ]);
    const expected = [
      { line: 1, cells: ['name', 'note'] },
      { line: 2, cells: ['NulPerson', 'typed _x0041_ literally'] },
    ];
    expect(await bothImports(Buffer.from(await book.xlsx.writeBuffer()))).toEqual({
      sheet: expected,
      leads: expected,
    });
  });

  it('refuses a formula with no saved result naming its cell, in both imports', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Data');
    sheet.addRow(['name', 'email']);
    sheet.addRow(['Li Lei', 'li@x.cn']);
    sheet.addRow(['Han Mei', { formula: 'CONCAT("han","@x.cn")' }]);
    const both = await bothImports(Buffer.from(await book.xlsx.writeBuffer()));
    expect(both.sheet).toMatchObject({ code: 'sheet_formula_without_value', vars: { cell: 'B3' } });
    expect(both.leads).toMatchObject({ code: 'import_formula_without_value', vars: { cell: 'B3' } });
    for (const said of [both.sheet, both.leads])
      expect(JSON.stringify(said)).toContain('cell B3 holds a formula');
  });

  it('refuses a workbook past the configured row cap, naming the limit and the way out; at the cap it reads', async () => {
    const bytes = await streamedWorkbook(6);
    const refused = await bothImports(bytes, { maxXlsxRows: 5 });
    expect(refused.sheet).toMatchObject({ code: 'sheet_xlsx_too_many_rows', vars: { limit: 5 } });
    expect(refused.leads).toMatchObject({ code: 'import_xlsx_too_many_rows', vars: { limit: '5' } });
    for (const said of [refused.sheet, refused.leads])
      expect(JSON.stringify(said)).toContain('more than 5 rows below the header; split it');
    const atCap = await bothImports(bytes, { maxXlsxRows: 6 });
    expect(atCap.sheet).toHaveLength(7);
    expect(atCap.leads).toHaveLength(7);
  });

  it('refuses bytes that are not a workbook, and a quote that never closes, naming the problem', async () => {
    const read = async (name: string, bytes: string) => {
      try {
        for await (const _ of sheetRowsOf(name, Buffer.from(bytes), reading)) void _;
        return null;
      } catch (e) {
        return e instanceof DomainError ? [e.code, e.vars.line ?? null] : e;
      }
    };
    expect(await read('x.xlsx', 'name\nnot a zip')).toEqual(['sheet_unreadable_xlsx', null]);
    expect(await read('x.csv', 'name\n"open')).toEqual(['sheet_unterminated_quote', 2]);
  });

  it.each([
    ['a sheet that is not XML', () => '<<<not xml'],
    ['a row with a repeated attribute', (xml: string) => xml.replace('<row r="2"', '<row r="2" r="2"')],
  ])('refuses a zip holding %s as unreadable in both imports, never a raw error', async (_, garble) => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Products');
    sheet.addRow(['sku', 'name']);
    for (let i = 1; i <= 20; i++) sheet.addRow([`SKU-${i}`, `Product ${i}`]);
    const zip = await JSZip.loadAsync(await book.xlsx.writeBuffer());
    const part = 'xl/worksheets/sheet1.xml';
    zip.file(part, garble((await zip.file(part)?.async('string')) ?? ''));
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const read = await bothImports(bytes);
    expect(read.sheet).toMatchObject({ code: 'sheet_unreadable_xlsx' });
    expect(read.leads).toMatchObject({ code: 'import_unreadable_xlsx' });
  });

  it("says which whole it refuses in the reader's language when it has no file name to quote", async () => {
    const refusal = await allRows(
      readSheetRows('x.csv', Readable.from([Buffer.from([0x61, 0x0a, 0xba, 0xbc])]), reading),
    ).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(errorText(refusal as DomainError, 'zh-CN')).toMatch(/^文件 ?不是 UTF-8 文本（第 2 行不是）/);
    expect(errorText(refusal as DomainError, 'en')).toMatch(/^The file is not UTF-8 text \(line 2 is not\)/);
  });

  it('refuses a CSV that is not UTF-8 (GBK from Excel), naming its line, even when the bad byte comes pieces later', async () => {
    const gbkName = Buffer.from([0xba, 0xbc, 0xd6, 0xdd]);
    const rows = Array.from({ length: 3000 }, (_, i) => Buffer.from(`SKU-${i},Product ${i}\n`));
    const csv = Buffer.concat([
      Buffer.from('sku,name\n'),
      ...rows,
      Buffer.from('SKU-X,'),
      gbkName,
      Buffer.from('\n'),
    ]);
    const codeOf = async (input: Readable) => {
      try {
        for await (const _ of readSheetRows('products.csv', input, reading)) void _;
        return null;
      } catch (e) {
        return e instanceof DomainError ? [e.code, e.vars.line] : e;
      }
    };
    expect(await codeOf(trickle(csv, 1000).stream)).toEqual(['file_not_utf8', 3002]);
    expect(await codeOf(Readable.from([csv]))).toEqual(['file_not_utf8', 3002]);
  });
});
