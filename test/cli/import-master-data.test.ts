// `closeloop import customers|products <file>` against a test database: the summary, each refused row, exit codes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppDeps } from '../../src/app/deps.ts';
import { registerImportMasterData } from '../../src/cli/import-master-data.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';
import { tabsReordered } from '../helpers/tab-workbooks.ts';
import { workbook } from '../helpers/workbook.ts';

let database: TestDatabase;
let deps: AppDeps;
const dir = mkdtempSync(join(tmpdir(), 'closeloop-master-'));

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
});

afterAll(async () => {
  await database?.close();
});

async function run(args: string[]): Promise<{ out: string; err: string; exit: number | null }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    throw new Error(`exit ${code}`);
  }) as never);
  const program = new Command('closeloop').exitOverride();
  registerImportMasterData(program, async () => ({ deps, close: async () => {} }));
  let code: number | null = null;
  await program.parseAsync(['import', ...args], { from: 'user' }).catch((e: Error) => {
    code = Number(/exit (\d+)/.exec(e.message)?.[1] ?? -1);
  });
  const result = {
    out: log.mock.calls.map((c) => String(c[0])).join('\n'),
    err: error.mock.calls.map((c) => String(c[0])).join('\n'),
    exit: code,
  };
  log.mockRestore();
  error.mockRestore();
  exit.mockRestore();
  return result;
}

describe('closeloop import customers|products', () => {
  it('imports a customer CSV, prints the summary and each refused row with its column; again changes nothing', async () => {
    const file = join(dir, 'customers.csv');
    writeFileSync(file, 'name,currency,erp\nACME Trading,CNY,C-9\nBad Currency Co,yuan,\n');
    const first = await run(['customers', file]);
    expect(first.out).toBe(`${file}: customers, 2 rows — created 1, updated 0, unchanged 0, refused 1.`);
    expect(first.err).toContain(
      'line 3 · column "currency": currency: "YUAN" is not a three-letter currency code',
    );
    const audits = await countRows(database, 'audit_log');
    const again = await run(['customers', file]);
    expect(again.out).toBe(`${file}: customers, 2 rows — created 0, updated 0, unchanged 1, refused 1.`);
    expect(await countRows(database, 'audit_log')).toBe(audits);
  });

  it('a file and a cell with * _ ~ ` in them are printed as typed: no invisible mark a copied path would carry', async () => {
    const file = join(dir, '~q4~ *vip*_list_.csv');
    writeFileSync(file, 'name,currency\n*VIP*_Trading_ `co`,CNY\nOdd Co,~y~\n');
    const { out, err } = await run(['customers', file]);
    expect(out).toBe(`${file}: customers, 2 rows — created 1, updated 0, unchanged 0, refused 1.`);
    expect(err).toContain('line 3 · column "currency": currency: "~Y~" is not a three-letter currency code');
    expect(`${out}\n${err}`).not.toContain('\u200B');
  });

  it('imports an XLSX product sheet', async () => {
    const file = join(dir, 'products.xlsx');
    writeFileSync(
      file,
      await workbook([
        ['SKU', '中文名称', '英文名称', '单位', '税率', '目录价'],
        ['CL-PRO', '专业版', 'Pro', '套', 13, 1200],
      ]),
    );
    const { out } = await run(['products', file]);
    expect(out).toBe(`${file}: products, 1 rows — created 1, updated 0, unchanged 0, refused 0.`);
    const { rows } = await database.pool.query(
      'select sku, name, tax_rate_bp, unit_price_minor from products',
    );
    expect(rows).toEqual([{ sku: 'CL-PRO', name: '专业版', tax_rate_bp: 1300, unit_price_minor: '120000' }]);
  });

  it('imports the first tab of a workbook whose tabs were reordered, not the notes tab stored first', async () => {
    const file = join(dir, 'reordered.xlsx');
    writeFileSync(
      file,
      await tabsReordered([
        ['sku', 'name', 'price'],
        ['CL-TAB', 'Tab edition', 10],
      ]),
    );
    const { out } = await run(['products', file]);
    expect(out).toBe(`${file}: products, 1 rows — created 1, updated 0, unchanged 0, refused 0.`);
    const { rows } = await database.pool.query("select name from products where sku = 'CL-TAB'");
    expect(rows).toEqual([{ name: 'Tab edition' }]);
  });

  it('refuses a file with a wrong header, says which column and exits 1 without writing', async () => {
    const file = join(dir, 'typo.csv');
    writeFileSync(file, 'sku,nmae,price\nX-1,X,1\n');
    const before = await countRows(database, 'products');
    const { err, exit } = await run(['products', file]);
    expect(exit).toBe(1);
    expect(err).toContain('column "nmae" is not one we import; did you mean "name"?');
    expect(err).toContain('was not imported (nothing changed)');
    expect(await countRows(database, 'products')).toBe(before);
  });
});
