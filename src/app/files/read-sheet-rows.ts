// Owns streaming an uploaded sheet (UTF-8 CSV, or an XLSX workbook's first tab) as rows, one at a time, for every
// import (leads, customers, products): a 50,000-row file's rows are read one by one, never held whole as a workbook.
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { DomainError, invalid } from '../../domain/errors.ts';
import { CsvRecords, type SheetRow } from '../../domain/imports/csv-records.ts';
import { firstNonUtf8Line } from '../../domain/imports/utf8-text.ts';
import { firstTabOf, firstTabZip } from './first-tab.ts';
import { loadExcelJs } from './load-exceljs.ts';
import { measureWorkbook, workbookUnpackedLimit } from './measure-workbook.ts';
import { sheetPartWhole } from './sheet-part-whole.ts';

export interface SheetReading {
  // Data rows below the header an .xlsx may hold (closeloop.yaml imports.maxXlsxRows); CSV has no cap.
  maxXlsxRows: number;
}

export function isXlsxName(fileName: string): boolean {
  return /\.xlsx$/i.test(fileName);
}

// A cell as the person saw it in Excel: dates as ISO days, rich text and hyperlinks as their text, a formula as the
// result Excel saved with it (an import never evaluates), and no NUL characters (a workbook can spell one `_x0000_`),
// which no text column can store. A formula saved without a result (written by a program, never opened in Excel)
// shows nothing anyone checked, so it is refused naming its cell rather than imported as its formula or as blank.
export function shownCellText(value: ExcelJS.CellValue, address: string): string {
  return rawCellText(value, address).replaceAll('\u0000', '');
}

// Excel writes a character XML cannot hold as `_xHHHH_` (and a typed "_x0041_" as `_x005F_x0041_`); the streaming
// reader hands strings over undecoded, where loading a whole workbook decoded them.
const unescapeXlsx = (text: string) =>
  text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

function rawCellText(value: ExcelJS.CellValue, address: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: ExcelJS.CellValue }).result;
      if (result === undefined || result === null)
        throw invalid('sheet_formula_without_value', '(file)', { cell: address });
      return rawCellText(result, address);
    }
    if ('richText' in value) return unescapeXlsx(value.richText.map((r) => r.text).join(''));
    if ('text' in value)
      return typeof value.text === 'string' ? unescapeXlsx(value.text) : rawCellText(value.text, address);
    if ('error' in value) return '';
  }
  return typeof value === 'string' ? unescapeXlsx(value) : String(value);
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

const notUtf8 = (line: number) => invalid('file_not_utf8', '(file)', { whole: 'file', line });

async function* xlsxRows(input: Readable, reading: SheetReading): AsyncGenerator<SheetRow> {
  const reader = new (await loadExcelJs()).stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  // The header is not counted: the cap is the rows a person would call the list.
  let rows = -1;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const cells: string[] = [];
        for (let c = 1; c <= row.cellCount; c++) {
          const cell = row.getCell(c);
          cells.push(shownCellText(cell.value, cell.address));
        }
        if (!cells.some((v) => v.trim() !== '')) continue;
        rows += 1;
        if (rows > reading.maxXlsxRows)
          throw invalid('sheet_xlsx_too_many_rows', '(file)', { limit: reading.maxXlsxRows });
        yield { line: row.number, cells };
      }
      // The reader is handed the first tab alone (first-tab.ts); later tabs (notes, lookups) are never read.
      break;
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // The workbook was measured and is a zip; whatever else the reader trips on (broken sheet XML, a duplicate
    // attribute, a part cut short) is a file the sender must save again, never a 500.
    throw invalid('sheet_unreadable_xlsx', '(file)', {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

// The rows of a sheet, header first; by the file name's extension, .xlsx is a workbook and anything else UTF-8 CSV.
// A workbook names its tabs in a directory at the end of the zip, so one arriving as a stream is gathered first (its
// packed bytes: a 100,000-row list is a few MB); its rows are still read one by one.
export function readSheetRows(
  fileName: string,
  input: Readable,
  reading: SheetReading,
): AsyncGenerator<SheetRow> {
  return isXlsxName(fileName) ? gatheredXlsxRows(input, reading) : csvRows(input);
}

async function* gatheredXlsxRows(input: Readable, reading: SheetReading): AsyncGenerator<SheetRow> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  yield* measuredXlsxRows(Buffer.concat(chunks), reading);
}

export function sheetRowsOf(
  fileName: string,
  bytes: Uint8Array | string,
  reading: SheetReading,
): AsyncGenerator<SheetRow> {
  if (typeof bytes !== 'string' && isXlsxName(fileName)) return measuredXlsxRows(bytes, reading);
  return readSheetRows(
    fileName,
    Readable.from([typeof bytes === 'string' ? bytes : Buffer.from(bytes)]),
    reading,
  );
}

// A workbook is measured first: ExcelJS keeps every shared string in memory, so a bomb is refused unopened. Then the
// reader gets the first tab alone, once it is known to be whole: a tab cut short is refused before a row is read.
async function* measuredXlsxRows(upload: Uint8Array, reading: SheetReading): AsyncGenerator<SheetRow> {
  const measured = await measureWorkbook(upload);
  if (measured.kind === 'not_zip') throw invalid('sheet_unreadable_xlsx', '(file)');
  if (measured.kind === 'too_large')
    throw invalid('sheet_xlsx_too_large', '(file)', { limit: workbookUnpackedLimit / 1024 / 1024 });
  const bytes = Buffer.from(upload.buffer, upload.byteOffset, upload.byteLength);
  const tab = await firstTabOf(bytes, measured.directory);
  if (!tab) throw invalid('sheet_unreadable_xlsx', '(file)', { detail: 'no first tab' });
  if (!(await sheetPartWhole(bytes, tab)))
    throw invalid('sheet_unreadable_xlsx', '(file)', { detail: `${tab.name} ends before its last row` });
  yield* xlsxRows(Readable.from(firstTabZip(bytes, measured.directory, tab)), reading);
}
