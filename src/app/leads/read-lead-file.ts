// Owns turning an uploaded lead file (CSV text or an XLSX workbook's first visible tab) into the rows the import reads;
// a workbook is read by the one sheet reader every import shares (src/app/files/read-sheet-rows.ts).
import { DomainError } from '../../domain/errors.ts';
import type { SheetRow } from '../../domain/imports/csv-records.ts';
import { utf8TextOf } from '../../domain/imports/utf8-text.ts';
import {
  type ImportTable,
  type LeadImportProblem,
  type LeadImportProblemCode,
  tableFromCsv,
} from '../../domain/leads/lead-import.ts';
import { type SheetReading, sheetRowsOf } from '../files/read-sheet-rows.ts';

// The sheet reader's refusals of a whole workbook, as the lead import's problem codes.
const wholeFileProblems = new Map<string, LeadImportProblemCode>([
  ['sheet_unreadable_xlsx', 'import_unreadable_xlsx'],
  ['sheet_xlsx_too_large', 'import_xlsx_too_large'],
  ['sheet_xlsx_too_many_rows', 'import_xlsx_too_many_rows'],
  ['sheet_formula_without_value', 'import_formula_without_value'],
]);

export async function tableFromXlsx(
  bytes: Uint8Array,
  reading: SheetReading,
): Promise<ImportTable | LeadImportProblem> {
  const rows: SheetRow[] = [];
  try {
    for await (const row of sheetRowsOf('list.xlsx', bytes, reading)) rows.push(row);
  } catch (error) {
    const code = error instanceof DomainError ? wholeFileProblems.get(error.code) : undefined;
    if (!(error instanceof DomainError) || code === undefined) throw error;
    const vars = Object.fromEntries(Object.entries(error.vars).map(([k, v]) => [k, String(v)]));
    return { line: 1, field: '(file)', code, vars };
  }
  const [header, ...body] = rows;
  if (!header) return { line: 1, field: '(file)', code: 'import_empty_file', vars: {} };
  return { header, rows: body };
}

// By the file name's extension: .xlsx is a workbook, anything else is read as UTF-8 CSV.
export async function readLeadFile(
  fileName: string,
  bytes: Uint8Array,
  reading: SheetReading,
): Promise<ImportTable | LeadImportProblem> {
  if (/\.xlsx$/i.test(fileName)) return tableFromXlsx(bytes, reading);
  const text = utf8TextOf(bytes);
  if (!text.ok) return { line: text.line, field: '(file)', code: 'import_not_utf8', vars: {} };
  return tableFromCsv(text.text);
}
