// Owns how a bench opens closeloop: its own embedded PostgreSQL in a temporary data dir, the example policy, and
// the dependencies the use cases take; `close` stops the database and removes the data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AppDeps, systemClock } from '../../src/app/deps.ts';
import { parseEnv } from '../../src/config/env.ts';
import { loadPolicy } from '../../src/config/load-policy.ts';
import { openRuntime } from '../../src/runtime.ts';

export async function openBenchApp(poolSize: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-bench-'));
  const runtime = await openRuntime(parseEnv({ CLOSELOOP_DATA_DIR: dataDir, PORT: '0' }), { poolSize });
  const deps: AppDeps = {
    db: runtime.database.db,
    policy: loadPolicy(fileURLToPath(new URL('../../closeloop.yaml', import.meta.url))),
    clock: systemClock,
    platforms: ['console'],
    keyring: runtime.keyring,
  };
  return {
    runtime,
    deps,
    close: async () => {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
