// Follow-up task buttons from Slack: a signed Done click on the task card closes the task (audited), a signed
// Escalate hands the other task to the rep's manager (audited, the manager told); a second, identical click of
// either changes nothing, and a click signed with another secret is refused without any change.
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
  await insertOrder(database, {
    number: 'SO-2026-00002',
    ownerId: team.rep.id,
    customerId: team.customer.id,
    parts: [{ dueOn: '2026-11-02', amountMinor: 20_000 }],
  });
  app = await slackServer(deps, slack);
});
afterAll(async () => {
  await app.close();
  await slack.close();
  await database.close();
});

const tasks = async () =>
  (await database.pool.query('select id, status, assignee_id from follow_up_tasks order by seq')).rows as {
    id: string;
    status: string;
    assignee_id: string;
  }[];
const status = async () => (await tasks()).map((r) => r.status);
const audits = async (action = 'task.complete') =>
  Number(
    (await database.pool.query('select count(*) from audit_log where action = $1', [action])).rows[0].count,
  );
// The click is acked first and handled after: poll the database, not the clock.
async function until(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the click was never handled');
}

it('a signed Done click closes the task once', async () => {
  await sendDunningReminders(deps);
  const [task] = await tasks();
  const first = await send(app, deps, click('U0LIREP', 'task.complete|0', task!.id, { channel: 'D0LIREP' }));
  expect(first.statusCode).toBe(200);
  await until(async () => (await status())[0] === 'done');
  await send(app, deps, click('U0LIREP', 'task.complete|0', task!.id, { channel: 'D0LIREP' }));
  expect(await status()).toEqual(['done', 'open']);
  expect(await audits()).toBe(1);
});

it('a click signed with another secret is refused: 401 and the task stays open', async () => {
  const [, task] = await tasks();
  const forged = await send(
    app,
    deps,
    click('U0LIREP', 'task.escalate|2', task!.id, { channel: 'D0LIREP' }),
    {
      secret: 'not-the-signing-secret',
    },
  );
  // Refused before the ack, so nothing is queued to run after it.
  expect(forged.statusCode).toBe(401);
  expect((await tasks())[1]).toMatchObject({ status: 'open', assignee_id: team.rep.id });
});

it("a signed Escalate hands the task to the rep's manager once, and the manager gets its card", async () => {
  const [, task] = await tasks();
  const first = await send(app, deps, click('U0LIREP', 'task.escalate|2', task!.id, { channel: 'D0LIREP' }));
  expect(first.statusCode).toBe(200);
  await until(async () => (await status())[1] === 'escalated');
  await send(app, deps, click('U0LIREP', 'task.escalate|2', task!.id, { channel: 'D0LIREP' }));
  // Each click is answered privately (Done twice, Escalate twice): the fourth answer means the second click ran.
  await until(async () => slack.callsTo('chat.postEphemeral').length >= 4);
  expect((await tasks())[1]).toMatchObject({ status: 'escalated', assignee_id: team.manager.id });
  expect(await audits('task.escalate')).toBe(1);
  const toManager = await database.pool.query(
    "select count(*)::int as n from outbox where ref_key = $1 and destination = $2 and op = 'post'",
    [`task:${task!.id}`, `user:${team.manager.id}`],
  );
  expect(toManager.rows).toEqual([{ n: 1 }]);
});
