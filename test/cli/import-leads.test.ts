// `closeloop import leads <file>` against a test database: the summary and each bad row are printed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppDeps } from '../../src/app/deps.ts';
import { registerImportLeads } from '../../src/cli/import-leads.ts';
import { addTeam } from '../app/leads/fixtures.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

let database: TestDatabase;
let deps: AppDeps;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  await addTeam(database);
});

afterAll(async () => {
  await database?.close();
});

describe('closeloop import leads', () => {
  it('imports the good rows with --source and --campaign, prints the summary and each bad row', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'closeloop-leads-')), 'expo.csv');
    writeFileSync(file, '姓名,公司,手机号,Booth\n李雷,星辰精密,13800138000,A1\n韩梅梅,远航物流,12345,B2\n');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const program = new Command('closeloop').exitOverride();
    registerImportLeads(program, async () => ({ deps, close: async () => {} }));
    await program.parseAsync(['import', 'leads', file, '--source', 'trade-show', '--campaign', 'Expo 2026'], {
      from: 'user',
    });
    const out = log.mock.calls.map((c) => String(c[0])).join('\n');
    const err = error.mock.calls.map((c) => String(c[0])).join('\n');
    log.mockRestore();
    error.mockRestore();
    expect(out).toContain('columns not imported: Booth');
    expect(out).toContain('rows read 2: new leads 1, duplicates of existing leads 0, not imported 1');
    expect(err).toContain('line 3 · phone: phone "12345" is not a phone number');
    expect(await countRows(database, 'leads')).toBe(1);
    const { rows } = await database.pool.query('select source, campaign from leads');
    expect(rows).toEqual([{ source: 'trade-show', campaign: 'Expo 2026' }]);
  });
});
