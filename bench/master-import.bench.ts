import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { importCustomers } from '../src/app/customers/import-customers.ts';
import { sheetRowsOf } from '../src/app/files/read-sheet-rows.ts';
import { customers } from '../src/db/schema.ts';
import { openBenchApp } from './load/bench-app.ts';

const { values: flags } = parseArgs({ options: { rows: { type: 'string' } }, strict: true });
const rows = Number(flags.rows ?? 2_000);
if (!Number.isInteger(rows) || rows < 10) {
  console.error('--rows must be a whole number ≥ 10');
  process.exit(1);
}

// The same sheet as an .xlsx workbook with shared strings, as Excel saves it, written without holding it whole.
async function workbookOf(lines: string[]): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true });
  const sheet = book.addWorksheet('Customers');
  for (const line of lines) sheet.addRow(line.split(',')).commit();
  sheet.commit();
  await book.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

async function main() {
  const bench = await openBenchApp(4);
  const { deps } = bench;
  const actor = { kind: 'system', name: 'bench' } as const;
  const csv = [
    'name,region,credit_limit,payment_plan,erp,contact_name,contact_email',
    ...Array.from(
      { length: rows },
      (_, i) => `Bench Customer ${i},east,${100_000 + i},net-30,B-${i},Contact ${i},c${i}@bench.test`,
    ),
  ].join('\n');
  const ms = async (work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    return performance.now() - start;
  };
  try {
    // Reading alone, before anything else raises the process's peak: time and how far the peak RSS rose.
    const xlsx = await workbookOf(csv.split('\n'));
    const rssBefore = process.resourceUsage().maxRSS;
    let read = 0;
    const readMs = await ms(async () => {
      for await (const _ of sheetRowsOf('bench.xlsx', xlsx, deps.policy.imports)) read++;
    });
    const rssRise = (process.resourceUsage().maxRSS - rssBefore) / 1024;
    const plainMs = await ms(async () => {
      for (let i = 0; i < rows; i++)
        await deps.db.transaction((tx) =>
          tx.insert(customers).values({ name: `Plain ${i}`, normalizedName: `plain ${i}`, currency: 'CNY' }),
        );
    });
    let report = { created: 0, unchanged: 0, refused: 0 };
    const importMs = await ms(async () => {
      report = await importCustomers(deps, actor, sheetRowsOf('bench.csv', csv, deps.policy.imports));
    });
    let again = { created: 0, unchanged: 0, refused: 0 };
    const reimportMs = await ms(async () => {
      again = await importCustomers(deps, actor, sheetRowsOf('bench.csv', csv, deps.policy.imports));
    });
    const n = (v: number) => v.toLocaleString('en');
    console.log(`rows: ${n(rows)} (created ${n(report.created)}, refused ${n(report.refused)})`);
    console.log(
      `xlsx read (${n(Math.round(xlsx.length / 1024))} KB, ${n(read - 1)} rows, streamed): ${n(Math.round(readMs))} ms, peak RSS +${n(Math.round(rssRise))} MB`,
    );
    console.log(`plain insert, one tx a row:  ${n(Math.round(plainMs))} ms`);
    console.log(
      `import (customer + contact): ${n(Math.round(importMs))} ms (${n(Math.round(rows / (importMs / 1000)))} rows/s)`,
    );
    console.log(`re-import (unchanged ${n(again.unchanged)}): ${n(Math.round(reimportMs))} ms`);
    console.log(
      `ratio import / plain: ${(importMs / plainMs).toFixed(1)}×, re-import / plain: ${(reimportMs / plainMs).toFixed(1)}×`,
    );
  } finally {
    await bench.close();
  }
}

await main();
