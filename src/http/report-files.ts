// Owns writing a report table as CSV or XLSX, with every text cell that a spreadsheet would run as a formula
// (starting with = + - @, tab or carriage return) escaped by a leading apostrophe.
import ExcelJS from 'exceljs';
import type { Cell, Table } from '../app/reports/report-tables.ts';

export function safeCell(cell: Cell): Cell {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function csvField(cell: Cell): string {
  const text = cell === null ? '' : String(safeCell(cell));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// RFC 4180 with CRLF and a BOM, so Excel opens UTF-8 (Chinese names) correctly.
export function tableCsv(table: Table): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function tableXlsx(table: Table, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow(table.columns);
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map(safeCell));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
