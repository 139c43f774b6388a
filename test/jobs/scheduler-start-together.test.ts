// Several instances starting at once on a fresh database each start their scheduler (Agenda makes its tables on
// connect; two doing so together raced and one instance's start failed).
import { afterAll, describe, expect, it } from 'vitest';
import { startScheduler } from '../../jobs/scheduler.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const databases: TestDatabase[] = [];

afterAll(async () => {
  for (const database of databases) await database.close();
});

describe('schedulers starting together', () => {
  it('all start on a database none has used before', async () => {
    for (let round = 0; round < 3; round++) {
      const database = await createTestDatabase();
      databases.push(database);
      // No jobs are registered, so nothing reads the dependencies.
      const deps = {} as AppDeps;
      const started = await Promise.allSettled(
        Array.from({ length: 4 }, (_, i) =>
          startScheduler({ deps, pool: database.pool, jobs: [], instanceName: `instance-${i}` }),
        ),
      );
      for (const s of started) if (s.status === 'fulfilled') await s.value.stop();
      const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
      expect(failures).toEqual([]);
    }
  }, 60_000);
});
