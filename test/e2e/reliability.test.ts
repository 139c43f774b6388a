// Crash and scale-out behaviour of the running app: a restart mid-delivery, and two instances on one database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../adapters/console/transport.ts';
import { allJobs } from '../../jobs/all.ts';
import { sendDunningReminders } from '../../src/app/collections/send-dunning-reminders.ts';
import type { RunningApp } from '../../src/main.ts';
import type { Card } from '../../src/messages/model.ts';
import { insertOrder, insertTeam, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { startTestApp } from './app.ts';

let database: TestDatabase;
let team: Team;
const running: RunningApp[] = [];
const clock = testClock('2026-11-02T02:00:00Z');

async function start(options: Parameters<typeof startTestApp>[1] = {}): Promise<RunningApp> {
  const app = await startTestApp(database.url, { clock, ...options });
  running.push(app);
  return app;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

beforeEach(async () => {
  database = await createTestDatabase();
  team = await insertTeam(database);
  // Due today: the 0d step tells the rep and the finance channel.
  await insertOrder(database, {
    number: 'SO-2026-00007',
    ownerId: team.rep.id,
    customerId: team.customer.id,
    parts: [{ dueOn: '2026-11-02', amountMinor: 500_000 }],
  });
});
afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
  await database.close();
});

const consoleCopies = async () =>
  (await database.pool.query(`select destination, card from console_messages order by id`)).rows as {
    destination: string;
    card: Card;
  }[];

describe('reliability', () => {
  it('an app stopped between queuing a reminder and delivering it delivers it exactly once after restart', async () => {
    const first = await start({ delivery: false });
    const result = await sendDunningReminders(first.deps);
    expect(result).toBeTruthy();
    const queued = await database.pool.query(
      `select id, destination, idempotency_key, card from outbox where status = 'pending' order by id`,
    );
    expect(queued.rows.map((r: { destination: string }) => r.destination)).toEqual([
      `user:${team.rep.id}`,
      'channel:finance',
    ]);

    // The worst moment to die: the first message reached the platform, but "sent" was never recorded.
    const [inFlight] = queued.rows as { destination: string; idempotency_key: string; card: Card }[];
    await createConsoleTransport(first.deps).post({
      destination: inFlight!.destination,
      card: inFlight!.card,
      locale: 'en',
      idempotencyKey: inFlight!.idempotency_key,
    });
    await first.stop();
    running.splice(0);

    const second = await start();
    await second.drainOutbox();
    const copies = await consoleCopies();
    expect(copies.map((c) => c.destination)).toEqual([`user:${team.rep.id}`, 'channel:finance']);
    expect(copies.every((c) => c.card.title.includes('SO-2026-00007'))).toBe(true);
    const statuses = await database.pool.query(
      `select status, count(*)::int as n from outbox group by status`,
    );
    expect(statuses.rows).toEqual([{ status: 'sent', n: 2 }]);

    // The job running again after the restart finds the step already done.
    await sendDunningReminders(second.deps);
    await second.drainOutbox();
    expect(await countRows(database, 'outbox')).toBe(2);
    expect(await countRows(database, 'console_messages')).toBe(2);
  });

  it('two instances on one database run each job and send each message exactly once', async () => {
    const [a, b] = [
      await start({ jobs: true, instanceName: 'a' }),
      await start({ jobs: true, instanceName: 'b' }),
    ];
    // Agenda keeps one schedule per job, however many instances registered it.
    const schedules = await database.pool.query(
      `select name, count(*)::int as n from agenda_jobs group by name order by name collate "C"`,
    );
    expect(schedules.rows).toEqual(
      allJobs({})
        .map((job) => ({ name: job.name, n: 1 }))
        .sort((x, y) => (x.name < y.name ? -1 : 1)),
    );
    expect(schedules.rows).toContainEqual({ name: 'daily-digest', n: 1 });
    // Both instances' jobs fire the reminders as soon as they start; and both are also poked by hand, three times each.
    await Promise.all([a, b, a, b, a, b].map((app) => sendDunningReminders(app!.deps)));
    // At 10:00 in Shanghai the digest job (09:00) is due too: it can only have come from Agenda.
    await until(
      // Monday 2 November: the manager's tree and finance (who reads the org) each get the daily and the weekly one.
      async () => (await countRows(database, 'console_messages')) >= 6,
      'the reminders and the digest',
    );
    await Promise.all([a!.drainOutbox(), b!.drainOutbox()]);

    const copies = await consoleCopies();
    expect(copies.map((c) => c.destination).sort()).toEqual(
      [
        `user:${team.rep.id}`,
        'channel:finance',
        `user:${team.manager.id}`,
        `user:${team.manager.id}`,
        `user:${team.finance.id}`,
        `user:${team.finance.id}`,
      ].sort(),
    );
    expect(
      copies
        .filter((c) => c.destination === `user:${team.manager.id}`)
        .map((c) => c.card.title)
        .sort(),
    ).toEqual([
      'Daily digest · Wang Manager’s team · 2026-11-01',
      'Weekly digest · Wang Manager’s team · 2026-10-26 – 2026-11-01',
    ]);
    // One row for the 0d step sent, one for the -3d step recorded as skipped.
    expect(await countRows(database, 'dunning_events')).toBe(2);
    expect(await countRows(database, 'digest_sends')).toBe(4);
    const sent = await database.pool.query(
      `select count(*)::int as n, count(distinct idempotency_key)::int as keys from outbox where status = 'sent'`,
    );
    expect(sent.rows).toEqual([{ n: 6, keys: 6 }]);
  });
});
