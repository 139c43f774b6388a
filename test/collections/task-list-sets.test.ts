// `task list` over fifty tasks reads them as sets: each viewer gets the tasks, order, page and buttons that reading
// them one by one gives, and the number of SQL statements it sends does not grow with the tasks.
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowed } from '../../src/app/access/ask.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { taskCommands } from '../../src/app/tasks/list-tasks.ts';
import { loadTask, taskButtonsFor, taskResource } from '../../src/app/tasks/task-view.ts';
import * as schema from '../../src/db/schema.ts';
import { users } from '../../src/db/schema.ts';
import { followUpTasks } from '../../src/db/schema-tasks.ts';
import { taskActions, taskListCard } from '../../src/messages/catalogue/collections-tasks.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';
import { insertOrder, insertTeam, type Team } from './fixtures.ts';

let database: TestDatabase;
let deps: AppDeps;
let team: Team;
let director: { id: string };
let statements = 0;
// The same database, every statement counted: handed in as the use case's db, nothing patched.
let counted: AppDeps;
const clock = testClock('2026-11-15T01:00:00Z');
const today = '2026-11-15';

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock });
  counted = {
    ...deps,
    db: drizzle(database.pool, { schema, logger: { logQuery: () => void statements++ } }),
  };
  team = await insertTeam(database);
  const [top] = await database.db
    .insert(users)
    .values({ email: 'dir@example.com', name: 'Sun Director', roles: ['director'], locale: 'en' })
    .returning({ id: users.id });
  director = { id: top!.id };
  await database.db.update(users).set({ managerId: director.id }).where(eq(users.id, team.manager.id));
  await database.db.update(users).set({ locale: 'en' }).where(eq(users.id, team.rep2.id));
});
afterAll(async () => {
  await database.close();
});

// Task i: every fifth escalated from the rep to the manager, two of five the rep's, one rep2's, one another team's;
// due dates spread over October with ties (seq breaks them); every seventh also has a closed twin.
async function addTasks(from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const kind = i % 5;
    const rep = kind === 3 ? team.rep2.id : kind === 4 ? team.outsider.id : team.rep.id;
    const assignee = kind === 0 ? team.manager.id : rep;
    const { orderId, installmentIds } = await insertOrder(database, {
      number: `SO-2026-${String(i + 1).padStart(5, '0')}`,
      ownerId: rep,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-10-01', amountMinor: 1_000 * (i + 1) }],
    });
    const task = {
      installmentId: installmentIds[0]!,
      orderId,
      customerId: team.customer.id,
      assigneeId: assignee,
      repId: rep,
      dueOn: `2026-10-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`,
      ...(kind === 0 ? { escalatedFrom: rep } : {}),
    };
    await database.db.insert(followUpTasks).values({ ...task, offsetDays: 7 });
    if (i % 7 === 0)
      await database.db
        .insert(followUpTasks)
        .values({ ...task, offsetDays: 14, status: 'done', closedBy: assignee });
  }
}

async function actorOf(id: string) {
  const [user] = await database.db.select().from(users).where(eq(users.id, id));
  return { kind: 'user' as const, user: user! };
}

async function taskList(viewer: string, page?: string) {
  return taskCommands[0]!.run(counted, await actorOf(viewer), {
    named: page ? { page } : {},
    positional: [],
  });
}

// The answer as reading each open task and its managers one at a time gives it.
async function oneByOne(viewer: string, page = 1) {
  const actor = await actorOf(viewer);
  const ids = await database.db
    .select({ id: followUpTasks.id })
    .from(followUpTasks)
    .where(eq(followUpTasks.status, 'open'))
    .orderBy(followUpTasks.dueOn, followUpTasks.seq);
  const seen = [];
  for (const { id } of ids) {
    const task = await loadTask(database.db, deps, id);
    if (task && allowed(deps, actor, 'task.read', await taskResource(database.db, task))) seen.push(task);
  }
  const offset = (page - 1) * 10;
  const buttons = new Map();
  for (const t of seen.slice(offset, offset + 10))
    buttons.set(t.view.id, taskActions(t.view, await taskButtonsFor(database.db, deps, actor.user, t), 'en'));
  return taskListCard(
    seen.map((t) => t.view),
    seen.some((t) => t.assigneeId !== viewer),
    today,
    'en',
    {
      offset,
      moreValue: seen.length > offset + 10 ? `task list page:${page + 1}` : null,
      buttons: (v) => buttons.get(v.id) ?? [],
    },
  );
}

describe('task list over fifty tasks', () => {
  it('each viewer sees what reading the tasks one by one shows, in as many statements as for five tasks', async () => {
    await addTasks(0, 5);
    statements = 0;
    await taskList(team.manager.id);
    const forFive = statements;

    await addTasks(5, 50);
    const viewers = {
      // The rep's escalated tasks (now the manager's) make it a team list.
      rep: [team.rep.id, "My team's open follow-up tasks (30)"],
      rep2: [team.rep2.id, 'My open follow-up tasks (10)'],
      outsider: [team.outsider.id, 'My open follow-up tasks (10)'],
      manager: [team.manager.id, "My team's open follow-up tasks (40)"],
      director: [director.id, "My team's open follow-up tasks (40)"],
      finance: [team.finance.id, "My team's open follow-up tasks (50)"],
    } as const;
    for (const [viewer, title] of Object.values(viewers)) {
      const reply = await taskList(viewer);
      expect(reply.card?.title).toBe(title);
      expect(reply.card).toEqual(await oneByOne(viewer));
    }
    const second = await taskList(team.rep.id, '2');
    expect(second.card).toEqual(await oneByOne(team.rep.id, 2));
    // The rep's escalated tasks are listed (still involved) without the rep's Escalate button.
    expect(second.card?.items?.length).toBe(10);

    statements = 0;
    await taskList(team.manager.id);
    expect(statements).toBe(forFive);
  });
});
