// Owns loading ExcelJS when a workbook is first read or written: with its zip and stream dependencies it was the
// largest single cost of loading the app at start (bench/start.bench.ts), and most starts touch no workbook.
import type ExcelJS from 'exceljs';

export async function loadExcelJs(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
