// A fresh database migrated up to just before migration `idx` (from a copy of the migrations folder with the journal
// cut there), for upgrade tests that write data under the old schema and then run the remaining migrations.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { type Database, migrationsFolder, openDatabase } from '../../../src/db/client.ts';

export interface DatabaseBefore {
  database: Database;
  // Runs every migration from `idx` on.
  upgrade(): Promise<void>;
  close(): Promise<void>;
}

export async function databaseBefore(adminUrl: string, idx: number): Promise<DatabaseBefore> {
  const dir = mkdtempSync(join(tmpdir(), 'closeloop-migrations-'));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx < idx);
  writeFileSync(journalPath, JSON.stringify(journal));
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const database = openDatabase(adminUrl.replace(/\/postgres$/, `/${name}`), 4);
  try {
    await migrate(database.db, { migrationsFolder: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    database,
    upgrade: () => migrate(database.db, { migrationsFolder }),
    close: () => database.close(),
  };
}
