import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import { RetryableSendError } from '../../../src/app/transport.ts';
import { inTransaction } from '../../../src/app/unit-of-work.ts';
import { openDatabase } from '../../../src/db/client.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase, truncateTables } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { recordingTransport } from '../../helpers/recording-transport.ts';

const card = (title: string): Card => ({ title, fields: [], actions: [], tone: 'info' });
const system = { kind: 'system', name: 'test' } as const;

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await truncateTables(database, 'outbox, message_refs, audit_log restart identity');
});

describe('outbox delivery', () => {
  it('posts a card, then edits the same message in place; the edit reuses the posted message id', async () => {
    const deps = testDeps(database, { platforms: ['console', 'slack'] });
    const slack = recordingTransport('slack');
    const consoleT = recordingTransport('console');
    await inTransaction(deps, system, (uow) =>
      uow.post({ kind: 'channel', name: 'finance' }, 'x:1', () => card('v1')),
    );
    await inTransaction(deps, system, (uow) => uow.update('x:1', () => card('v2')));
    // One run: posts go first, the edits of the same copy wait their turn behind them.
    await deliverDue(deps, { slack, console: consoleT });
    expect(slack.sent.map((s) => [s.op, s.title, s.destination, s.messageId])).toEqual([
      ['post', 'v1', 'C0FINANCE', 'm1'],
      ['update', 'v2', 'C0FINANCE', 'm1'],
    ]);
    expect(consoleT.sent.map((s) => [s.op, s.destination])).toEqual([
      ['post', 'channel:finance'],
      ['update', 'channel:finance'],
    ]);
    const refs = await database.pool.query('select platform, message_id from message_refs order by platform');
    expect(refs.rows).toEqual([
      { platform: 'console', message_id: 'm1' },
      { platform: 'slack', message_id: 'm1' },
    ]);
  });

  it('posting the same card twice (a retried use case) enqueues it once', async () => {
    const deps = testDeps(database);
    for (let i = 0; i < 2; i++) {
      await inTransaction(deps, system, (uow) =>
        uow.post({ kind: 'channel', name: 'finance' }, 'dup:1', () => card('a')),
      );
    }
    const t = recordingTransport('console');
    await deliverDue(deps, { console: t });
    expect(t.sent).toHaveLength(1);
  });

  it('a rate-limited send waits for Retry-After and is then delivered exactly once', async () => {
    const clock = testClock('2026-11-02T02:00:00Z');
    const deps = testDeps(database, { clock });
    const t = recordingTransport('console');
    await inTransaction(deps, system, (uow) =>
      uow.post({ kind: 'channel', name: 'finance' }, 'rl:1', () => card('a')),
    );
    t.failNext(1, 30_000);
    expect((await deliverDue(deps, { console: t })).retried).toBe(1);
    clock.advance(29_000);
    expect((await deliverDue(deps, { console: t })).claimed).toBe(0);
    clock.advance(1_000);
    expect((await deliverDue(deps, { console: t })).sent).toBe(1);
    await deliverDue(deps, { console: t });
    expect(t.sent).toHaveLength(1);
    const row = await database.pool.query('select status, attempts from outbox');
    expect(row.rows).toEqual([{ status: 'sent', attempts: 1 }]);
  });

  it('gives up after the last attempt and keeps the row with its error, never deleting it', async () => {
    const clock = testClock();
    const deps = testDeps(database, { clock });
    const t = recordingTransport('console');
    await inTransaction(deps, system, (uow) =>
      uow.post({ kind: 'channel', name: 'finance' }, 'dead:1', () => card('a')),
    );
    t.failNext(3);
    for (let i = 0; i < 3; i++) {
      await deliverDue(deps, { console: t }, { maxAttempts: 3 });
      clock.advance(60 * 60_000);
    }
    const row = await database.pool.query('select status, attempts, last_error from outbox');
    expect(row.rows).toEqual([{ status: 'dead', attempts: 3, last_error: '429 ratelimited' }]);
  });

  it('a send our own pacing defers does not use up an attempt', async () => {
    const clock = testClock();
    const deps = testDeps(database, { clock });
    const t = recordingTransport('console');
    let deferrals = 5;
    const paced = {
      ...t,
      post: async (r: Parameters<typeof t.post>[0]) => {
        if (deferrals-- > 0) throw new RetryableSendError('paced', 1_000, true);
        return t.post(r);
      },
    };
    await inTransaction(deps, system, (uow) =>
      uow.post({ kind: 'channel', name: 'finance' }, 'pace:1', () => card('a')),
    );
    for (let i = 0; i < 6; i++) {
      await deliverDue(deps, { console: paced }, { maxAttempts: 2 });
      clock.advance(1_000);
    }
    expect(t.sent).toHaveLength(1);
    const row = await database.pool.query('select status, attempts from outbox');
    expect(row.rows).toEqual([{ status: 'sent', attempts: 0 }]);
  });

  it('sends only the newest of several pending edits of one card', async () => {
    const deps = testDeps(database);
    const t = recordingTransport('console');
    await inTransaction(deps, system, (uow) =>
      uow.post({ kind: 'channel', name: 'finance' }, 'e:1', () => card('v1')),
    );
    await deliverDue(deps, { console: t });
    for (const v of ['v2', 'v3', 'v4'])
      await inTransaction(deps, system, (uow) => uow.update('e:1', () => card(v)));
    const report = await deliverDue(deps, { console: t });
    expect(report.superseded).toBe(2);
    expect(t.sent.map((s) => s.title)).toEqual(['v1', 'v4']);
  });

  it('two workers on one database send each of 60 messages exactly once', async () => {
    const deps = testDeps(database);
    await inTransaction(deps, system, async (uow) => {
      for (let i = 0; i < 60; i++)
        await uow.post({ kind: 'channel', name: 'finance' }, `many:${i}`, () => card(`c${i}`));
    });
    const other = openDatabase(database.url, 5);
    const deps2 = { ...deps, db: other.db };
    const t = recordingTransport('console');
    const slow = {
      ...t,
      post: async (r: Parameters<typeof t.post>[0]) => {
        await new Promise((d) => setTimeout(d, 2));
        return t.post(r);
      },
    };
    await Promise.all([
      (async () => {
        while ((await deliverDue(deps, { console: slow }, { batchSize: 7 })).claimed > 0);
      })(),
      (async () => {
        while ((await deliverDue(deps2, { console: slow }, { batchSize: 7 })).claimed > 0);
      })(),
    ]);
    await other.close();
    expect(t.sent).toHaveLength(60);
    expect(new Set(t.sent.map((s) => s.title)).size).toBe(60);
  });

  it('a worker that dies mid-batch leaves its rows to another worker once the lease runs out', async () => {
    const clock = testClock();
    const deps = testDeps(database, { clock });
    await inTransaction(deps, system, (uow) =>
      uow.post({ kind: 'channel', name: 'finance' }, 'lease:1', () => card('a')),
    );
    const crashing = { ...recordingTransport('console'), post: () => new Promise<never>(() => {}) };
    // The claim happens, the send never returns: the process "dies" holding the lease.
    void deliverDue(deps, { console: crashing }, { leaseMs: 60_000 });
    await new Promise((d) => setTimeout(d, 200));
    const t = recordingTransport('console');
    expect((await deliverDue(deps, { console: t })).claimed).toBe(0);
    clock.advance(61_000);
    expect((await deliverDue(deps, { console: t })).sent).toBe(1);
    expect(t.sent).toHaveLength(1);
  });
});
