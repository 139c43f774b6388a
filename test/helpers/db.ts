// Gives a test file its own fresh, migrated database on the run's real PostgreSQL.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.ts';

export interface TestDatabase extends Database {
  url: string;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template closeloop_template`);
  await admin.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  return { ...openDatabase(url, 30), url };
}

export async function countRows(database: Database, table: string): Promise<number> {
  const r = await database.pool.query(`select count(*)::int as n from ${table}`);
  return (r.rows[0] as { n: number }).n;
}

// Empties tables between cases. The audit log refuses TRUNCATE by trigger; a test's own superuser session may set
// replica mode, in which ordinary triggers do not fire (the app's role can do neither) — so the report roll-ups,
// kept by triggers, are rebuilt from what is left.
export async function truncateTables(database: Database, tables: string): Promise<void> {
  await database.pool.query(
    `set session_replication_role = replica; truncate ${tables}; set session_replication_role = origin;
     select report_rebuild_all()`,
  );
}

// Table → row count, for "nothing was written" checks over several tables at once.
export async function rowCounts(
  database: Database,
  tables: readonly string[],
): Promise<Record<string, number>> {
  const entries = await Promise.all(tables.map(async (t) => [t, await countRows(database, t)] as const));
  return Object.fromEntries(entries);
}

// The sync feeds hold back changes newer than the oldest transaction still open on the server, which in a full run is
// often another test file's (one PostgreSQL serves every file): waits, as an ERP's next poll would, until every
// transaction that began before this call has ended.
export async function settleSyncHorizon(database: Database): Promise<void> {
  const mark = await database.pool.query<{ id: string }>('select pg_current_xact_id()::text as id');
  const id = mark.rows[0]?.id ?? '0';
  for (let i = 0; i < 600; i++) {
    const r = await database.pool.query<{ past: boolean }>(
      'select pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 as past',
      [id],
    );
    if (r.rows[0]?.past) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('a transaction older than the test stayed open for a minute');
}
