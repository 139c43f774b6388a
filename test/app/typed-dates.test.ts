// Dates typed as words wherever a command takes a date: a follow-up's next step, a promise to pay, a rep's pause.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../src/app/commands/types.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { acceptLead } from '../../src/app/leads/accept-lead.ts';
import { createLead } from '../../src/app/leads/create-lead.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { leads, users } from '../../src/db/schema.ts';
import { insertOrder, insertTeam } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';
import { addTeam } from './leads/fixtures.ts';

let database: TestDatabase;
let deps: AppDeps;
const as = async (id: string): Promise<UserActor> => ({
  kind: 'user',
  user: await requireUser(deps, { by: 'id', id }),
});

beforeAll(async () => {
  database = await createTestDatabase();
  // Wednesday 2026-12-02, 10:00 in Shanghai.
  deps = testDeps(database, { clock: testClock('2026-12-02T02:00:00Z') });
});
afterAll(async () => {
  await database?.close();
});

describe('a follow-up next step in words', () => {
  it('next:明天, 下一步:下周一 and next:"next Monday" are read as dates in the rep\'s zone', async () => {
    const team = await addTeam(database);
    const lead = await createLead(deps, { kind: 'api', keyName: 'website' } as const, {
      name: '吴磊',
      email: 'wu@acme.cn',
      region: 'east',
      industry: 'manufacturing',
    });
    if (lead.duplicate) throw new Error('duplicate');
    const [row] = await database.db.select().from(leads).where(eq(leads.id, lead.id));
    const owner = [team.amy, team.bo, team.cai].find((u) => u.id === row?.offeredToId);
    if (!owner) throw new Error('not offered');
    const rep = await as(owner.id);
    expect((await acceptLead(deps, rep, lead.id)).accepted).toBe(true);
    const tomorrow = await runTextCommand(
      deps,
      rep,
      `lead log ${lead.number} call "asked for a quote" next:tomorrow`,
    );
    expect(tomorrow.tone).toBe('success');
    expect(tomorrow.text).toContain('2026-12-03');

    const monday = await runTextCommand(deps, rep, `线索 跟进 ${lead.number} 电话 报价 下一步:下周一`);
    expect(monday.text).toContain('2026-12-07');

    const quoted = await runTextCommand(deps, rep, `lead log ${lead.number} visit demo next:"in 3 days"`);
    expect(quoted.text).toContain('2026-12-05');

    const bad = await runTextCommand(deps, rep, `lead log ${lead.number} call x next:someday`).catch(
      (e: Error) => e,
    );
    expect(bad).toBeInstanceOf(Error);
  });
});

describe('a promise to pay in words', () => {
  it('"ar promise SO-… next Friday" and "应收 承诺 SO-… 下周五" record the Friday of next week', async () => {
    const team = await insertTeam(database, 'p');
    await insertOrder(database, {
      number: 'SO-2026-00501',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-11-20', amountMinor: 100_000 }],
    });
    const rep = await as(team.rep.id);
    const english = await runTextCommand(deps, rep, 'ar promise SO-2026-00501 next Friday');
    expect(english.text).toBe(
      'Noted: SO-2026-00501 promised for 2026-12-11. Reminders for it wait until then.',
    );

    await database.db.update(users).set({ locale: 'zh-CN' }).where(eq(users.id, team.rep.id));
    const chinese = await runTextCommand(deps, await as(team.rep.id), '应收 承诺 SO-2026-00501 后天');
    expect(chinese.text).toContain('2026-12-04');
    expect(chinese.tone).toBe('success');
  });
});
