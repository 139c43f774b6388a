// Owns opening the database a command needs: DATABASE_URL, or the embedded server in the data directory (started or found).

import type { Env } from './config/env.ts';
import { type Database, migrateDatabase, openDatabase } from './db/client.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';

export interface Runtime {
  database: Database;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openRuntime(env: Env, options: { poolSize?: number } = {}): Promise<Runtime> {
  const server = env.DATABASE_URL ? null : await startEmbeddedPostgres(env.CLOSELOOP_DATA_DIR);
  const url = env.DATABASE_URL ?? server?.url;
  if (!url) throw new Error('no database URL');
  const database = openDatabase(url, options.poolSize ?? 10);
  try {
    await migrateDatabase(database.db);
  } catch (e) {
    await database.close();
    await server?.stop();
    throw e;
  }
  return {
    database,
    url,
    embedded: server !== null,
    close: async () => {
      await database.close();
      await server?.stop();
    },
  };
}
