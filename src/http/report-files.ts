// Owns writing a report table as CSV (text cells escaped as src/domain/exports/cells.ts says) or XLSX.
import { loadExcelJs } from '../app/files/load-exceljs.ts';
import type { Table } from '../app/reports/report-tables.ts';
import { csvField } from '../domain/exports/cells.ts';

// RFC 4180 with CRLF and a BOM, so Excel opens UTF-8 (Chinese names) correctly.
export function tableCsv(table: Table): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// One sheet per table, in order (a sheet name is cut to Excel's 31 characters). Text goes in as typed: a workbook's
// text cell never runs (only a formula element does), so a name or "+86 …" needs no apostrophe there.
export async function tableXlsx(sheets: readonly { name: string; table: Table }[]): Promise<Buffer> {
  const workbook = new (await loadExcelJs()).Workbook();
  for (const { name, table } of sheets) {
    const sheet = workbook.addWorksheet(name.slice(0, 31));
    sheet.addRow(table.columns);
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
