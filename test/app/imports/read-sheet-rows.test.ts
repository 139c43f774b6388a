// Reading uploaded sheets as a stream: rows come out while the file is still arriving (10,000-row CSV and XLSX),
// formula cells are kept as their formula text, and a broken workbook is refused by name.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readSheetRows, sheetRowsOf } from '../../../src/app/files/read-sheet-rows.ts';
import { DomainError } from '../../../src/domain/errors.ts';

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
    for await (const row of readSheetRows('p.csv', stream)) {
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
    for await (const row of readSheetRows('p.xlsx', stream)) {
      count++;
      last = row;
    }
    expect(count).toBe(10_001);
    expect(last).toEqual({ line: 10_001, cells: ['SKU-10000', 'Product 10000', '10000'] });
    expect(state.taken).toBe(state.total);
  });

  it('keeps a formula cell as its formula text, and reads the first sheet only', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Data');
    sheet.addRow(['name', 'payment_terms']);
    sheet.addRow(['Evil Co', { formula: "cmd|' /C calc'!A0", result: 'Net 30' }]);
    book.addWorksheet('Notes').addRow(['ignored']);
    const rows = [];
    for await (const r of sheetRowsOf('x.xlsx', Buffer.from(await book.xlsx.writeBuffer()))) rows.push(r);
    expect(rows).toEqual([
      { line: 1, cells: ['name', 'payment_terms'] },
      { line: 2, cells: ['Evil Co', "=cmd|' /C calc'!A0"] },
    ]);
  });

  it('refuses bytes that are not a workbook, and a quote that never closes, naming the problem', async () => {
    const read = async (name: string, bytes: string) => {
      try {
        for await (const _ of sheetRowsOf(name, Buffer.from(bytes))) void _;
        return null;
      } catch (e) {
        return e instanceof DomainError ? [e.code, e.vars.line ?? null] : e;
      }
    };
    expect(await read('x.xlsx', 'name\nnot a zip')).toEqual(['sheet_unreadable_xlsx', null]);
    expect(await read('x.csv', 'name\n"open')).toEqual(['sheet_unterminated_quote', 2]);
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
        for await (const _ of readSheetRows('products.csv', input)) void _;
        return null;
      } catch (e) {
        return e instanceof DomainError ? [e.code, e.vars.line] : e;
      }
    };
    expect(await codeOf(trickle(csv, 1000).stream)).toEqual(['file_not_utf8', 3002]);
    expect(await codeOf(Readable.from([csv]))).toEqual(['file_not_utf8', 3002]);
  });
});
