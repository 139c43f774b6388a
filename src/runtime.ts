// Owns opening the database a command needs: DATABASE_URL, or the embedded server in the data directory (started or
// found); migrations run as the owner, the app then runs as a restricted role that can only append to the audit log.

import { verifyDataKeys } from './app/crypto/verify-data-keys.ts';
import type { Env } from './config/env.ts';
import type { Keyring } from './crypto/keyring.ts';
import { loadKeys } from './crypto/load-keys.ts';
import { canBypassAppendOnly, prepareAppRole, urlAs } from './db/app-role.ts';
import { type Database, migrateDatabase, openDatabase } from './db/client.ts';
import { appCredentials, type EmbeddedServer, startEmbeddedPostgres } from './db/embedded.ts';
import { type MarkPhase, unmarked } from './logging/start-phases.ts';

export interface Runtime {
  database: Database;
  // What the app connects as (the restricted role where there is one).
  url: string;
  // The schema owner: migrations, and `closeloop audit archive`.
  ownerUrl: string;
  embedded: boolean;
  // True when the app's own role could change audit rows (a superuser or owner: no restricted role configured).
  appendOnlyByTriggerOnly: boolean;
  // Seals and opens personal data; built once here and handed to every use case in AppDeps.
  keyring: Keyring;
  // The key file this start made in the data directory (tell the person to back it up), else null.
  createdKeyFile: string | null;
  close(): Promise<void>;
}

export async function openRuntime(
  env: Env,
  options: {
    poolSize?: number;
    mark?: MarkPhase;
    // The embedded server (or null with DATABASE_URL) when the caller started it early; from here on this owns it.
    server?: Promise<EmbeddedServer | null>;
  } = {},
): Promise<Runtime> {
  const mark = options.mark ?? unmarked;
  const server = await (options.server ??
    (env.DATABASE_URL ? null : startEmbeddedPostgres(env.CLOSELOOP_DATA_DIR)));
  mark('database server up');
  const ownerUrl = env.DATABASE_URL ?? server?.url;
  if (!ownerUrl) throw new Error('no database URL');
  let url = ownerUrl;
  const owner = openDatabase(ownerUrl, 2);
  let keys: ReturnType<typeof loadKeys>;
  try {
    await migrateDatabase(owner);
    mark('migrations applied');
    // A database that has sealed values never gets a fresh key file: that key could not read them.
    const sealedBefore = (await owner.pool.query('select 1 from data_keys limit 1')).rowCount !== 0;
    keys = loadKeys(env, { mayCreate: !sealedBefore });
    await verifyDataKeys(owner.db, keys.keyring, keys.file ?? 'CLOSELOOP_DATA_KEYS / CLOSELOOP_DATA_KEY');
    mark('data keys checked');
    if (env.DATABASE_APP_URL) {
      url = env.DATABASE_APP_URL;
      await prepareAppRole(owner.pool, decodeURIComponent(new URL(url).username), null);
    } else if (server) {
      const app = appCredentials(env.CLOSELOOP_DATA_DIR);
      await prepareAppRole(owner.pool, app.user, app);
      url = urlAs(ownerUrl, app);
    }
  } catch (e) {
    await owner.close();
    await server?.stop();
    throw e;
  }
  await owner.close();
  mark('app role granted');
  const database = openDatabase(url, options.poolSize ?? 10);
  const appendOnlyByTriggerOnly = await canBypassAppendOnly(database.pool).catch(() => true);
  mark('app pool connected');
  return {
    database,
    url,
    ownerUrl,
    embedded: server !== null,
    appendOnlyByTriggerOnly,
    keyring: keys.keyring,
    createdKeyFile: keys.created ? keys.file : null,
    close: async () => {
      await database.close();
      await server?.stop();
    },
  };
}
