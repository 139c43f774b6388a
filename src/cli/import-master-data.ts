// Owns `closeloop import customers|products <file.csv|xlsx>`: stream the sheet through the import, print the report.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Command } from 'commander';
import { importCustomers } from '../app/customers/import-customers.ts';
import type { AppDeps } from '../app/deps.ts';
import { readSheetRows } from '../app/files/read-sheet-rows.ts';
import type { SheetImportReport } from '../app/imports/import-sheet-rows.ts';
import { importProducts } from '../app/products/import-products.ts';
import { customerSheet } from '../domain/customers/customer-import.ts';
import { DomainError } from '../domain/errors.ts';
import type { SheetRow } from '../domain/imports/csv-records.ts';
import type { ColumnSpec } from '../domain/imports/sheet-columns.ts';
import { productSheet } from '../domain/products/product-import.ts';
import { plainErrorLines } from '../messages/catalogue/errors.ts';
import {
  refusedFileText,
  refusedRowText,
  type SheetKind,
  sheetSummaryText,
} from '../messages/catalogue/master-import.ts';
import { commandGroup, exitWithError, type OpenDeps, runWithDeps } from './command-group.ts';
import { complain, say } from './print.ts';

type Importer = (deps: AppDeps, rows: AsyncIterable<SheetRow>) => Promise<SheetImportReport>;

const columnsHelp = (spec: ColumnSpec<string>) =>
  spec.columns.map((c) => `  ${c.names.slice(0, 2).join(' / ')}`).join('\n');

const kinds: Record<SheetKind, { description: string; importer: Importer; help: string }> = {
  customers: {
    description:
      'Import customers (CSV/XLSX): each row creates the customer or brings it up to date (by erp, else by name)',
    importer: (deps, rows) => importCustomers(deps, { kind: 'system', name: 'cli' }, rows),
    help: `Columns (English or Chinese; only name is required, an empty cell leaves the field as it is):
${columnsHelp(customerSheet)}
aliases are separated by ";". A credit limit or tier is a credit decision, audited and told to the owner.

Example:
  closeloop import customers customers.xlsx`,
  },
  products: {
    description: 'Import products (CSV/XLSX): each row adds the product or brings it up to date (by SKU)',
    importer: (deps, rows) => importProducts(deps, { kind: 'system', name: 'cli' }, rows),
    help: `Columns (English or Chinese; only sku is required, an empty cell leaves the field as it is):
${columnsHelp(productSheet)}
  price:<price list>   the price on that list, in the list's currency (e.g. price:key-account-usd)
Without a name column, name_zh (else name_en) is the product's name; a new product without currency is in the org's.

Example:
  closeloop import products catalogue.csv`,
  },
};

export function registerImportMasterData(program: Command, open: OpenDeps): void {
  const group = commandGroup(program, 'import', 'Import data from files');
  for (const kind of ['customers', 'products'] as const) {
    const { description, importer, help } = kinds[kind];
    group
      .command(kind)
      .description(description)
      .argument('<file>', '.csv (UTF-8, header line) or .xlsx (first visible tab, header row)')
      .addHelpText('after', `\n${help}`)
      .action(async (file: string) => {
        try {
          await access(file);
        } catch (error) {
          complain(`error: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
          exitWithError();
        }
        let failed = false;
        await runWithDeps(open, async (deps) => {
          let report: SheetImportReport;
          try {
            report = await importer(deps, readSheetRows(file, createReadStream(file), deps.policy.imports));
          } catch (error) {
            if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
            for (const line of plainErrorLines(error, 'en')) complain(`  ${file}: ${line}`);
            complain(`error: ${refusedFileText(file, plainErrorLines(error, 'en')[0] ?? '', 'en')}`);
            failed = true;
            return;
          }
          for (const row of report.lines)
            if (row.outcome === 'refused') complain(`  ${file}: ${refusedRowText(row, 'en')}`);
          say(sheetSummaryText(report, file, kind, 'en'));
        });
        if (failed) exitWithError();
      });
  }
}
