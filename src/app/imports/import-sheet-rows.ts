// Owns the per-row loop of a master-data import (customers, products): the header is checked first (a wrong one
// refuses the file), then each row goes through its use case in a transaction of its own and is reported as
// created, updated, unchanged or refused with the column at fault. Rows are taken one at a time from the stream.
import { DomainError, invalid } from '../../domain/errors.ts';
import type { SheetRow } from '../../domain/imports/csv-records.ts';
import { type ColumnSpec, readSheetColumns, type SheetColumn } from '../../domain/imports/sheet-columns.ts';

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'refused';

export interface ImportedRow {
  line: number;
  outcome: RowOutcome;
  // The customer's name or the product's SKU, as the row (or the record it landed on) has it.
  key: string;
  // For a refused row: the header of the column at fault as the file writes it, when one is.
  column?: string;
  error?: DomainError;
}

export interface SheetImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  lines: ImportedRow[];
}

export interface RowHandler<F extends string> {
  spec: ColumnSpec<F>;
  // What the report calls the row before (or without) a saved record.
  keyOf(columns: readonly SheetColumn<F>[], row: SheetRow): string;
  // Runs the row's use case (its own transaction); a DomainError refuses the row and changes nothing.
  save(
    columns: readonly SheetColumn<F>[],
    row: SheetRow,
  ): Promise<{ outcome: Exclude<RowOutcome, 'refused'>; key: string }>;
  // The column an error is about, with the key of a keyed column (price:<list>).
  columnOf(error: DomainError): { column: F; key?: string } | null;
}

// Throws the header's DomainError (every problem in its details) when the file as a whole cannot be taken.
export async function importSheetRows<F extends string>(
  rows: AsyncIterable<SheetRow>,
  handler: RowHandler<F>,
): Promise<SheetImportReport> {
  const report: SheetImportReport = { rows: 0, created: 0, updated: 0, unchanged: 0, refused: 0, lines: [] };
  let columns: SheetColumn<F>[] | null = null;
  for await (const row of rows) {
    if (columns === null) {
      columns = readSheetColumns(handler.spec, row);
      continue;
    }
    report.rows++;
    try {
      const saved = await handler.save(columns, row);
      report[saved.outcome]++;
      report.lines.push({ line: row.line, outcome: saved.outcome, key: saved.key });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.refused++;
      const at = handler.columnOf(error);
      const column = at
        ? columns.find((c) => c.field === at.column && (at.key === undefined || c.key === at.key))
        : undefined;
      report.lines.push({
        line: row.line,
        outcome: 'refused',
        key: handler.keyOf(columns, row),
        error,
        ...(column ? { column: column.header } : {}),
      });
    }
  }
  if (columns === null) throw invalid('sheet_empty', '(file)');
  return report;
}
