// Owns the connection pool and the Drizzle handle every use case runs its transaction on.

import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  pool: pg.Pool;
  db: Db;
  close(): Promise<void>;
}

export function openDatabase(url: string, max = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema });
  return { pool, db, close: () => pool.end() };
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

// Processes migrating one database at once (two instances starting together, `closeloop migrate` beside a starting
// server) take turns under a session lock: the later one finds the migrations applied, instead of failing on
// "relation already exists" halfway through.
export async function migrateDatabase(database: Database): Promise<void> {
  const lock = await database.pool.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [migrationLock]);
    try {
      await migrate(database.db, { migrationsFolder });
    } finally {
      await lock.query('select pg_advisory_unlock(hashtext($1))', [migrationLock]);
    }
  } finally {
    lock.release();
  }
}

const migrationLock = 'closeloop.migrations';
