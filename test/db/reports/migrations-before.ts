// A copy of the migrations folder as it was before migration `idx` (the journal cut there), for upgrade tests that
// write data under the old schema and then migrate it.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationsFolder } from '../../../src/db/client.ts';

export function migrationsBefore(idx: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'closeloop-migrations-'));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx < idx);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}
