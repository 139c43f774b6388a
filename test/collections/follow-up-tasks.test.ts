// Dunning follow-up tasks from the console: a `task: true` step opens one task (not two across reruns) for the rep,
// whose card carries Done / Promise… / Escalate; Escalate hands it to the manager (audited, card edited), Done closes
// it, a second click changes nothing, and a rep of another team is refused without any change.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDunningReminders } from '../../src/app/collections/send-dunning-reminders.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { users } from '../../src/db/schema.ts';
import type { Card } from '../../src/messages/model.ts';
import { consoleServer } from '../adapters/console/fixture.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicy, testDeps } from '../helpers/deps.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from './fixtures.ts';

// 09:00 in Asia/Shanghai on the given day.
const at = (day: string) => `${day}T01:00:00Z`;

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let team: Team;
const clock = testClock(at('2026-11-08'));

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, {
    clock,
    policy: {
      ...examplePolicy(),
      dunning: [
        { offsetDays: 0, notify: ['rep' as const], task: false },
        { offsetDays: 7, notify: ['rep' as const, 'manager' as const], task: true },
      ],
    },
  });
  team = await insertTeam(database);
  await insertOrder(database, {
    number: 'SO-2026-00001',
    ownerId: team.rep.id,
    customerId: team.customer.id,
    parts: [{ dueOn: '2026-11-01', amountMinor: 50_000 }],
  });
  app = await consoleServer(deps);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function click(as: string, action: string, value: string, input?: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/console/api/action',
    payload: { as, action, value, ...(input === undefined ? {} : { input }) },
  });
  return response.json<{ text: string; tone: string; card?: Card }>();
}

const tasks = async () =>
  (
    await database.pool.query(
      'select id, status, assignee_id, due_on::text as due_on from follow_up_tasks order by seq',
    )
  ).rows as {
    id: string;
    status: string;
    assignee_id: string;
    due_on: string;
  }[];
const audits = async (action: string) =>
  (await database.pool.query('select entity_id, before, after from audit_log where action = $1', [action]))
    .rows;
async function command(as: string, text: string) {
  const response = await app.inject({ method: 'POST', url: '/console/api/command', payload: { as, text } });
  return response.json<{ text: string; card?: Card }>();
}
// The task lines of the order's timeline, as "order show" gives them to the rep.
const timelineTasks = async () =>
  (
    (await command(team.rep.id, 'order show SO-2026-00001')).card?.fields.find((f) => f.label === 'Timeline')
      ?.value ?? ''
  )
    .split('\n')
    .filter((line) => line.includes('follow-up task'));
const lastCard = async (taskId: string, destination: string) =>
  (await outboxRows(database, `task:${taskId}`)).filter((r) => r.destination === destination).at(-1)?.card;

describe('dunning follow-up tasks', () => {
  let taskId = '';

  it('a task step opens one task for the rep, due the next working day, however often the job runs', async () => {
    await sendDunningReminders(deps);
    await sendDunningReminders(deps);
    const rows = await tasks();
    expect(rows).toHaveLength(1);
    taskId = rows[0]!.id;
    expect(rows[0]).toMatchObject({ status: 'open', assignee_id: team.rep.id });
    // 2026-11-08 is a Sunday: the next working day (Mon-Fri) is Monday the 9th.
    expect(rows[0]!.due_on).toBe('2026-11-09');
    const posted = await outboxRows(database, `task:${taskId}`);
    expect(posted.map((r) => r.destination)).toEqual([`user:${team.rep.id}`]);
    const card = posted[0]!.card;
    expect(card.title).toBe('Follow-up task T-000001: SO-2026-00001');
    expect(card.actions.map((a) => a.id)).toEqual(['task.complete', 'payment.promise', 'task.escalate']);
    expect(await audits('task.open')).toHaveLength(1);
    expect(await timelineTasks()).toEqual([
      '- 11-08 09:00 follow-up task T-000001 for Li Rep, due 2026-11-09: open',
    ]);
  });

  it('a rep of another team may not close it: refused, nothing changes', async () => {
    const refused = await click(team.outsider.id, 'task.complete', taskId);
    expect(refused.text).toBe('You may not change T-000001: it is assigned to someone outside your team.');
    expect((await tasks())[0]).toMatchObject({ status: 'open', assignee_id: team.rep.id });
    expect(await audits('task.complete')).toHaveLength(0);
  });

  it('Escalate hands it to the manager, audited, and edits the card; a second click changes nothing', async () => {
    const reply = await click(team.rep.id, 'task.escalate', taskId);
    expect(reply.text).toBe('T-000001 is escalated to Wang Manager.');
    expect((await tasks())[0]).toMatchObject({ status: 'escalated', assignee_id: team.manager.id });
    const [audit] = await audits('task.escalate');
    expect(audit).toMatchObject({
      entity_id: taskId,
      before: { status: 'open', assigneeId: team.rep.id },
      after: { status: 'escalated', assigneeId: team.manager.id },
    });
    const managerCard = await lastCard(taskId, `user:${team.manager.id}`);
    expect(managerCard?.body).toContain('Escalated by Li Rep to Wang Manager');
    expect(managerCard?.actions.map((a) => a.id)).toEqual(['task.complete', 'payment.promise']);
    const repCopy = await lastCard(taskId, `user:${team.rep.id}`);
    expect(repCopy?.body).toContain('Escalated by Li Rep to Wang Manager');
    const again = await click(team.rep.id, 'task.escalate', taskId);
    expect(again.text).toBe('T-000001 is already escalated; nothing changed.');
    expect(await audits('task.escalate')).toHaveLength(1);
    expect(await timelineTasks()).toEqual([
      '- 11-08 09:00 follow-up task T-000001 for Wang Manager, due 2026-11-09: escalated',
    ]);
  });

  it('Promise… logs the promise and the task card shows it', async () => {
    const reply = await click(
      team.manager.id,
      'payment.promise',
      (await lastCard(taskId, `user:${team.manager.id}`))!.actions[1]!.value,
      '2026-11-20',
    );
    expect(reply.text).toBe(
      'Noted: SO-2026-00001 promised for 2026-11-20. Reminders for it wait until then.',
    );
    expect((await lastCard(taskId, `user:${team.manager.id}`))?.body).toContain(
      'promised to pay by 2026-11-20',
    );
  });

  it('Done from the manager closes it and edits the card; a double click changes nothing', async () => {
    const done = await click(team.manager.id, 'task.complete', taskId);
    expect(done.text).toBe('T-000001 is done.');
    const again = await click(team.manager.id, 'task.complete', taskId);
    expect(again.text).toBe('T-000001 is already done; nothing changed.');
    expect((await tasks())[0]?.status).toBe('done');
    expect(await audits('task.complete')).toHaveLength(1);
    const card = await lastCard(taskId, `user:${team.manager.id}`);
    expect(card?.body).toContain('Done by Wang Manager');
    expect(card?.actions).toEqual([]);
    const [manager] = await database.db.select().from(users).where(eq(users.id, team.manager.id));
    expect(manager?.name).toBe('Wang Manager');
    expect(await timelineTasks()).toEqual([
      '- 11-08 09:00 follow-up task T-000001 for Wang Manager, due 2026-11-09: done',
    ]);
    // The customer's record view shows its tasks too, naming the order.
    const customer = await command(team.rep.id, `customer show ${team.customer.id}`);
    const timeline = customer.card?.fields.find((f) => f.label === 'Timeline')?.value ?? '';
    expect(timeline.split('\n').filter((line) => line.includes('follow-up task'))).toEqual([
      '- 11-08 09:00 follow-up task T-000001 on SO-2026-00001 for Wang Manager, due 2026-11-09: done',
    ]);
  });
});

describe('task list', () => {
  it('lists the rep’s open task with its buttons; the manager sees the team’s; another team sees none', async () => {
    clock.set(at('2026-11-15'));
    await insertOrder(database, {
      number: 'SO-2026-00002',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-11-08', amountMinor: 20_000 }],
    });
    await sendDunningReminders(deps);
    const mine = await command(team.rep.id, 'task list');
    expect(mine.card?.title).toBe('My open follow-up tasks (1)');
    expect(mine.card?.items?.[0]?.text).toContain('SO-2026-00002');
    expect(mine.card?.items?.[0]?.actions.map((a) => a.id)).toEqual([
      'task.complete',
      'payment.promise',
      'task.escalate',
    ]);
    const boss = await command(team.manager.id, '任务');
    expect(boss.card?.title).toBe("My team's open follow-up tasks (1)");
    // `ar` counts the assignee's open tasks and links to the list.
    const ar = await command(team.rep.id, 'ar');
    expect(ar.card?.body).toContain('**Follow-up tasks open for you:** 1 (0 past due)');
    expect(ar.card?.actions.find((a) => a.id === 'report.more')?.value).toBe('task list');
    // The manager's digest counts the tree's open tasks (the first one is done).
    const digest = await command(team.manager.id, 'digest');
    expect(digest.card?.fields.find((f) => f.label === 'Follow-up tasks open')?.value).toBe('1 (0 past due)');
    const other = await command(team.outsider.id, 'task list');
    expect(other.card?.title).toBe('My open follow-up tasks (0)');
  });
});
