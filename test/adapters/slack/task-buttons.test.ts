// Follow-up task buttons from Slack: a signed Done click on the task card closes the task (audited); a second,
// identical click changes nothing.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendDunningReminders } from '../../../src/app/collections/send-dunning-reminders.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { users } from '../../../src/db/schema.ts';
import { insertOrder, insertTeam, type Team } from '../../collections/fixtures.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { click, send, slackServer } from './slack-fixture.ts';

let database: TestDatabase;
let deps: AppDeps;
let slack: FakeSlack;
let app: FastifyInstance;
let team: Team;

beforeAll(async () => {
  database = await createTestDatabase();
  slack = await startFakeSlack();
  deps = testDeps(database, {
    clock: testClock('2026-11-09T01:00:00Z'),
    policy: { ...examplePolicy(), dunning: [{ offsetDays: 7, notify: ['rep' as const], task: true }] },
  });
  team = await insertTeam(database);
  await database.db.update(users).set({ slackUserId: 'U0LIREP' }).where(eq(users.id, team.rep.id));
  slack.users.set('U0LIREP', 't-rep@example.com');
  await insertOrder(database, {
    number: 'SO-2026-00001',
    ownerId: team.rep.id,
    customerId: team.customer.id,
    parts: [{ dueOn: '2026-11-02', amountMinor: 50_000 }],
  });
  app = await slackServer(deps, slack);
});
afterAll(async () => {
  await app.close();
  await slack.close();
  await database.close();
});

const status = async () =>
  (await database.pool.query('select status from follow_up_tasks')).rows.map((r) => r.status as string);
const audits = async () =>
  Number(
    (await database.pool.query("select count(*) from audit_log where action = 'task.complete'")).rows[0]
      .count,
  );

it('a signed Done click closes the task once', async () => {
  await sendDunningReminders(deps);
  const [task] = (await database.pool.query('select id from follow_up_tasks')).rows as { id: string }[];
  const first = await send(app, deps, click('U0LIREP', 'task.complete|0', task!.id, { channel: 'D0LIREP' }));
  expect(first.statusCode).toBe(200);
  // The click is acked first and handled after: poll the database, not the clock.
  for (let i = 0; i < 200 && (await status())[0] !== 'done'; i++) await new Promise((r) => setTimeout(r, 25));
  await send(app, deps, click('U0LIREP', 'task.complete|0', task!.id, { channel: 'D0LIREP' }));
  expect(await status()).toEqual(['done']);
  expect(await audits()).toBe(1);
});
