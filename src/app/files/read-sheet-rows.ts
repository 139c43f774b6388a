// Owns streaming an uploaded sheet (UTF-8 CSV, or an XLSX workbook's first sheet) as rows, one at a time: a
// 10,000-row file is read as it arrives, never held whole. Formula cells come through as their formula text.
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { invalid } from '../../domain/errors.ts';
import { CsvRecords, type SheetRow } from '../../domain/imports/csv-records.ts';
import { firstNonUtf8Line } from '../../domain/imports/utf8-text.ts';
import { loadExcelJs } from './load-exceljs.ts';
import { measureWorkbook, workbookUnpackedLimit } from './measure-workbook.ts';

export function isXlsxName(fileName: string): boolean {
  return /\.xlsx$/i.test(fileName);
}

// A cell as a person typed it: dates as ISO days, rich text and hyperlinks as their text, and a formula as "=…"
// (stored literally: an import never evaluates, and never takes a stale cached result for data).
export function typedCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('formula' in value && typeof value.formula === 'string') return `=${value.formula}`;
    if ('sharedFormula' in value && typeof value.sharedFormula === 'string') return `=${value.sharedFormula}`;
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return typeof value.text === 'string' ? value.text : typedCellText(value.text);
    if ('result' in value) return typedCellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

async function* csvRows(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<SheetRow> {
  const records = new CsvRecords();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Lines read so far, to name the one that is not UTF-8.
  let lines = 0;
  for await (const chunk of input) {
    if (typeof chunk === 'string') {
      yield* records.push(chunk);
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw notUtf8(firstNonUtf8Line(chunk, lines + 1, true) ?? lines + 1);
    }
    for (const byte of chunk) if (byte === 0x0a) lines++;
    yield* records.push(text);
  }
  let last: string;
  try {
    last = decoder.decode();
  } catch {
    throw notUtf8(lines + 1);
  }
  const tail = records.push(last);
  yield* tail;
  const end = records.end();
  if (end.unterminatedAt !== undefined)
    throw invalid('sheet_unterminated_quote', '(file)', { line: end.unterminatedAt });
  yield* end.rows;
}

const notUtf8 = (line: number) => invalid('file_not_utf8', '(file)', { file: 'The file', line });

async function* xlsxRows(input: Readable): AsyncGenerator<SheetRow> {
  const reader = new (await loadExcelJs()).stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const cells: string[] = [];
        for (let c = 1; c <= row.cellCount; c++) cells.push(typedCellText(row.getCell(c).value));
        if (cells.some((v) => v.trim() !== '')) yield { line: row.number, cells };
      }
      // The first sheet is the data; later ones (notes, lookups) are not read.
      break;
    }
  } catch (error) {
    if (error instanceof Error && /zip|signature|end of central directory|invalid/i.test(error.message))
      throw invalid('sheet_unreadable_xlsx', '(file)');
    throw error;
  }
}

// The rows of a sheet, header first; by the file name's extension, .xlsx is a workbook and anything else UTF-8 CSV.
export function readSheetRows(fileName: string, input: Readable): AsyncGenerator<SheetRow> {
  return isXlsxName(fileName) ? xlsxRows(input) : csvRows(input);
}

export function sheetRowsOf(fileName: string, bytes: Uint8Array | string): AsyncGenerator<SheetRow> {
  if (typeof bytes !== 'string' && isXlsxName(fileName)) return measuredXlsxRows(bytes);
  return readSheetRows(fileName, Readable.from([typeof bytes === 'string' ? bytes : Buffer.from(bytes)]));
}

// An upload held whole is measured first: ExcelJS keeps every shared string in memory, so a bomb is refused unopened.
async function* measuredXlsxRows(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  if ((await measureWorkbook(bytes)).kind === 'too_large')
    throw invalid('sheet_xlsx_too_large', '(file)', { limit: workbookUnpackedLimit / 1024 / 1024 });
  yield* xlsxRows(Readable.from([Buffer.from(bytes)]));
}
