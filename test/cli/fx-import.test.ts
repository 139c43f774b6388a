// `closeloop fx import <file>` against a test database: good lines recorded, bad ones listed, a re-import changes nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppDeps } from '../../src/app/deps.ts';
import { registerFx } from '../../src/cli/fx.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

let database: TestDatabase;
let deps: AppDeps;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
});

afterAll(async () => {
  await database?.close();
});

async function run(file: string): Promise<{ out: string; err: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const program = new Command('closeloop').exitOverride();
  registerFx(program, async () => ({ deps, close: async () => {} }));
  await program.parseAsync(['fx', 'import', file], { from: 'user' });
  const out = log.mock.calls.map((c) => String(c[0])).join('\n');
  const err = error.mock.calls.map((c) => String(c[0])).join('\n');
  log.mockRestore();
  error.mockRestore();
  return { out, err };
}

describe('closeloop fx import', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'closeloop-fx-')), 'rates.csv');
  writeFileSync(
    file,
    '汇率,日期,基准币种,报价币种\n7.1234,2026-12-04,USD,CNY\n0.0483,2026-12-04,JPY,CNY\n-1,2026-12-04,EUR,CNY\n7.8,2026-12-04,__proto__,CNY\n',
  );

  it('records the good lines and lists each bad one by line and column', async () => {
    const { out, err } = await run(file);
    expect(out).toContain('4 lines, 2 new, 0 changed, 0 unchanged, 2 bad');
    expect(err).toContain('line 4: The rate "-1" is not a positive decimal number');
    expect(err).toContain('line 5: base: "__PROTO__" is not a currency code');
    expect(await countRows(database, 'fx_rates')).toBe(2);
    const { rows } = await database.pool.query(
      'select base, rate::text as rate, source from fx_rates order by base',
    );
    expect(rows).toEqual([
      { base: 'JPY', rate: '0.0483000000', source: 'import' },
      { base: 'USD', rate: '7.1234000000', source: 'import' },
    ]);
  });

  it('importing the same file again changes nothing and writes no audit row', async () => {
    const audits = await countRows(database, 'audit_log');
    const { out } = await run(file);
    expect(out).toContain('4 lines, 0 new, 0 changed, 2 unchanged, 2 bad');
    expect(await countRows(database, 'fx_rates')).toBe(2);
    expect(await countRows(database, 'audit_log')).toBe(audits);
  });
});
