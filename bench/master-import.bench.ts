import { parseArgs } from 'node:util';
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
