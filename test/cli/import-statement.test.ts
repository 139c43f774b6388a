// `closeloop import statement <file>` against a test database: the per-file report, a re-import, a bad file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppDeps } from '../../src/app/deps.ts';
import { registerImportStatement } from '../../src/cli/import-statement.ts';
import { insertOrder, insertTeam, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';
import { hostileCamt } from '../reconcile/fixtures/hostile-camt.ts';

let database: TestDatabase;
let deps: AppDeps;
let team: Team;
const dir = mkdtempSync(join(tmpdir(), 'closeloop-statement-'));

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-11-04T02:00:00Z') });
  team = await insertTeam(database);
  await insertOrder(database, {
    number: 'SO-2026-00012',
    ownerId: team.rep.id,
    customerId: team.customer.id,
    parts: [
      { dueOn: '2026-11-01', amountMinor: 60_000 },
      { dueOn: '2026-12-01', amountMinor: 60_000 },
    ],
  });
});

afterAll(async () => {
  await database?.close();
});

// Runs the command as `closeloop …` would; process.exit becomes a throw so the test sees the exit code.
async function run(args: string[]) {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`exit ${code}`);
  });
  let commanderErr = '';
  const program = new Command('closeloop')
    .exitOverride()
    .configureOutput({ writeErr: (text) => (commanderErr += text) });
  registerImportStatement(program, async () => ({ deps, close: async () => {} }));
  let code = 0;
  try {
    await program.parseAsync(['import', 'statement', ...args], { from: 'user' });
  } catch (e) {
    code =
      typeof (e as { exitCode?: unknown }).exitCode === 'number'
        ? (e as { exitCode: number }).exitCode
        : Number(/exit (\d+)/.exec(String(e))?.[1] ?? 99);
  }
  const out = log.mock.calls.map((c) => String(c[0])).join('\n');
  const err = error.mock.calls.map((c) => String(c[0])).join('\n') + commanderErr;
  log.mockRestore();
  error.mockRestore();
  exit.mockRestore();
  return { code, out, err };
}

const paid = async () =>
  (await database.pool.query('select paid_minor from installments order by position')).rows.map((r) =>
    Number(r.paid_minor),
  );

describe('closeloop import statement', () => {
  it('a malformed CSV exits 1 naming each bad line, and nothing is written', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      'date,amount,currency,payer,memo,bank_txn_id\n2026-11-02,12.3.4,CNY,X,SO-2026-00012,B-1\n2026-11-31,1,CNY,,,B-2\n',
    );
    const { code, out, err } = await run([file]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('Line 2: amount "12.3.4" is not an amount');
    expect(err).toContain('Line 3: date');
    expect(err).toContain(`${file}: 2 bad line(s); nothing was imported`);
    expect(await countRows(database, 'statement_imports')).toBe(0);
    expect(await countRows(database, 'bank_transactions')).toBe(0);
  });

  it('a CSV that is not UTF-8 (a GBK export) exits 1 naming the line, and nothing is written', async () => {
    const file = join(dir, 'gbk.csv');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('date,amount,currency,payer,memo,bank_txn_id\n2026-11-02,10.00,CNY,'),
        Buffer.from([0xba, 0xbc, 0xd6, 0xdd]),
        Buffer.from(',x,G-1\n'),
      ]),
    );
    const { code, err } = await run([file]);
    expect(code).toBe(1);
    expect(err).toContain(`${file} is not UTF-8 text (line 2 is not)`);
    expect(await countRows(database, 'bank_transactions')).toBe(0);
  });

  it('a line with two problems: both named, counted as one bad line', async () => {
    const file = join(dir, 'two-problems.csv');
    writeFileSync(file, 'date,amount,currency,payer,memo,bank_txn_id\n2026-13-01,abc,CNY,X,y,B-9\n');
    const { code, err } = await run([file]);
    expect(code).toBe(1);
    expect(err).toContain('Line 2: date "2026-13-01" is not a date');
    expect(err).toContain('Line 2: amount "abc" is not an amount');
    expect(err).toContain(`${file}: 1 bad line(s); nothing was imported`);
    expect(await countRows(database, 'bank_transactions')).toBe(0);
  });

  it('a camt.053 with a bad amount exits 1 naming the element, and nothing is written', async () => {
    const fixture = fileURLToPath(new URL('../reconcile/fixtures/camt053-icbc.xml', import.meta.url));
    const file = join(dir, 'bad.xml');
    writeFileSync(
      file,
      readFileSync(fixture, 'utf8').replace('<Amt Ccy="CNY">600.00</Amt>', '<Amt Ccy="CNY">6OO</Amt>'),
    );
    const { code, err } = await run([file, '--format', 'camt053']);
    expect(code).toBe(1);
    expect(err).toMatch(/bad\.xml: Element \S*Ntry\S*Amt: "6OO" is not a positive amount/);
    expect(await countRows(database, 'bank_transactions')).toBe(0);
  });

  it('a camt.053 with a DOCTYPE or 100,000 nested tags exits 1 naming the problem, and nothing is written', async () => {
    for (const [name, expected] of [
      ['externalEntity', /xxe\.xml: The camt\.053 file carries a DOCTYPE declaration at line 2/],
      ['deepNesting', /xxe\.xml: The camt\.053 file nests elements 100005 deep/],
    ] as const) {
      const file = join(dir, 'xxe.xml');
      writeFileSync(file, hostileCamt[name]);
      const { code, err } = await run([file]);
      expect(code).toBe(1);
      expect(err).toMatch(expected);
      // Refused as a whole: said once, no "0 bad line(s)" after it.
      expect(err.match(/nothing was imported/gi)).toHaveLength(1);
      expect(err).not.toMatch(/bad line/);
    }
    expect(await countRows(database, 'statement_imports')).toBe(0);
    expect(await countRows(database, 'bank_transactions')).toBe(0);
  });

  it('a bank layout by --preset: the report counts new lines, matches and exceptions; a re-import adds nothing', async () => {
    const file = join(dir, 'cmb.csv');
    writeFileSync(
      file,
      [
        '交易时间,收入金额,币种,对方户名,交易附言,银行流水',
        '2026-11-02,600.00,人民币,Acme Tools,货款 SO-2026-00012,CMB-1',
        '2026-11-02,88.00,人民币,Someone,rent,CMB-2',
        '2026-11-03,-5.00,人民币,Bank,fee,CMB-3',
      ].join('\n'),
    );
    const first = await run([file, '--preset', 'cmb', '--account', '6225880212345678']);
    expect(first.code).toBe(0);
    expect(first.out).toBe(
      [
        `${file}: 3 line(s) — 3 new, 0 skipped as already imported`,
        '  matched and posted: 1',
        '  exceptions for finance: 1 (0 with suggestions to confirm, 1 with none)',
        // The bank's fee: the third new line, accounted for.
        '  money going out (fees, refunds, payments), kept for the record and not matched: 1',
      ].join('\n'),
    );
    expect(await paid()).toEqual([60_000, 0]);

    const again = await run([file, '--preset', 'cmb']);
    expect(again.code).toBe(0);
    expect(again.out).toBe(`${file}: every line was imported before (3 skipped); nothing new was written`);
    expect(await countRows(database, 'bank_transactions')).toBe(3);
    expect(await paid()).toEqual([60_000, 0]);
  });

  it('the camt.053 fixture imports through the same use case as the API', async () => {
    const file = fileURLToPath(new URL('../reconcile/fixtures/camt053-icbc.xml', import.meta.url));
    const { code, out } = await run([file]);
    expect(code).toBe(0);
    expect(out).toMatch(/camt053-icbc\.xml: \d+ line\(s\) — \d+ new, 0 skipped as already imported/);
    const imports = await database.pool.query(
      `select file_name, lines_new from statement_imports where file_name like '%camt053-icbc.xml'`,
    );
    expect(imports.rows).toHaveLength(1);
    expect(imports.rows[0].lines_new).toBeGreaterThan(0);
  });

  it('an unknown preset or a bad --map is refused before anything is read', async () => {
    const file = join(dir, 'cmb.csv');
    const preset = await run([file, '--preset', 'hsbc']);
    expect(preset.code).toBe(1);
    expect(preset.err).toContain("argument 'hsbc' is invalid. Allowed choices are cmb, icbc, ccb, iso");
    const map = await run([file, '--map', 'when=Value date']);
    expect(map.code).toBe(1);
    expect(map.err).toContain('--map "when=Value date" needs the form "column=Your header"');
  });

  it('a line the file repeats is skipped and reported; the rest imports', async () => {
    const file = join(dir, 'repeats.csv');
    writeFileSync(
      file,
      'date,amount,currency,payer,memo,bank_txn_id\n2026-11-02,77.00,CNY,X,misc,R-1\n2026-11-02,77.00,CNY,X,misc,R-1\n',
    );
    const { code, out } = await run([file]);
    expect(code).toBe(0);
    expect(out).toContain(`${file}: 2 line(s) — 1 new, 0 skipped as already imported`);
    expect(out).toContain('  repeated in the file and skipped: 1 — line 3 repeats line 2 (R-1)');
  });
});
