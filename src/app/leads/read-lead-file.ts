// Owns turning an uploaded lead file (CSV text or an XLSX workbook's first sheet) into the rows the import reads.
import type ExcelJS from 'exceljs';
import { utf8TextOf } from '../../domain/imports/utf8-text.ts';
import { type ImportTable, type LeadImportProblem, tableFromCsv } from '../../domain/leads/lead-import.ts';
import { loadExcelJs } from '../files/load-exceljs.ts';
import { measureWorkbook, workbookUnpackedLimit } from '../files/measure-workbook.ts';

// A cell as a person sees it: dates as ISO days, rich text and hyperlinks as their text, formulas as their result;
// without NUL characters (a workbook can spell one `_x0000_`), which no text column can store.
function cellText(value: ExcelJS.CellValue): string {
  return rawCellText(value).replaceAll('\u0000', '');
}

function rawCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return typeof value.text === 'string' ? value.text : rawCellText(value.text);
    if ('result' in value) return rawCellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

export async function tableFromXlsx(bytes: Uint8Array): Promise<ImportTable | LeadImportProblem> {
  const measured = await measureWorkbook(bytes);
  if (measured.kind === 'not_zip')
    return { line: 1, field: '(file)', code: 'import_unreadable_xlsx', vars: {} };
  if (measured.kind === 'too_large')
    return {
      line: 1,
      field: '(file)',
      code: 'import_xlsx_too_large',
      vars: { limit: String(workbookUnpackedLimit / 1024 / 1024) },
    };
  const workbook = new (await loadExcelJs()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    return { line: 1, field: '(file)', code: 'import_unreadable_xlsx', vars: {} };
  }
  const sheet = workbook.worksheets[0];
  const rows: { line: number; cells: string[] }[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    // row.values is 1-based: index 0 is always empty.
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    if (cells.some((v) => v.trim() !== '')) rows.push({ line: number, cells });
  });
  const [header, ...body] = rows;
  if (!header) return { line: 1, field: '(file)', code: 'import_empty_file', vars: {} };
  return { header, rows: body };
}

// By the file name's extension: .xlsx is a workbook, anything else is read as UTF-8 CSV.
export async function readLeadFile(
  fileName: string,
  bytes: Uint8Array,
): Promise<ImportTable | LeadImportProblem> {
  if (/\.xlsx$/i.test(fileName)) return tableFromXlsx(bytes);
  const text = utf8TextOf(bytes);
  if (!text.ok) return { line: text.line, field: '(file)', code: 'import_not_utf8', vars: {} };
  return tableFromCsv(text.text);
}
