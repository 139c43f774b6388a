// /metrics tells an operator how many messages wait and for how long, so a stuck delivery is visible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/app/unit-of-work.ts';
import { buildServer } from '../../src/http/server.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('/metrics', () => {
  it('counts outbox messages by state and ages the oldest waiting one', async () => {
    const clock = testClock('2026-11-02T02:00:00Z');
    const deps = testDeps(database, { clock });
    await inTransaction(deps, { kind: 'system', name: 'test' }, (uow) =>
      uow.post({ kind: 'channel', name: 'finance' }, 'm:1', () => ({
        title: 't',
        fields: [],
        actions: [],
        tone: 'info',
      })),
    );
    clock.advance(90_000);
    const app = await buildServer({ deps, api: [], adapters: [], health: {} });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    await app.close();
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('closeloop_outbox_messages{status="pending"} 1');
    expect(res.body).toContain('closeloop_outbox_messages{status="dead"} 0');
    expect(res.body).toContain('closeloop_outbox_oldest_pending_seconds 90');
  });
});
