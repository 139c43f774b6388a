// "lead mine" / "线索 我的" shows each held lead at the follow-up stage it is at now, not the stage it was accepted in.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { acceptLead } from '../../../src/app/leads/accept-lead.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { leads, users } from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam } from './fixtures.ts';

const as = (user: UserRow): UserActor => ({ kind: 'user', user });
let database: TestDatabase;
let deps: AppDeps;
let owner: UserRow;
let number: string;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  const team = await addTeam(database);
  const lead = await createLead(deps, { kind: 'api', keyName: 'website' } as const, {
    name: '陈晨',
    email: 'chen@acme.cn',
    region: 'east',
    industry: 'manufacturing',
  });
  if (lead.duplicate) throw new Error('duplicate');
  const [row] = await database.db.select().from(leads).where(eq(leads.id, lead.id));
  const found = [team.amy, team.bo, team.cai].find((u) => u.id === row?.offeredToId);
  if (!found) throw new Error('not offered to a rep');
  owner = found;
  number = lead.number;
  expect((await acceptLead(deps, as(owner), lead.id)).accepted).toBe(true);
});
afterAll(async () => {
  await database?.close();
});

const mineLine = async (text: string, user: UserRow) =>
  (await runTextCommand(deps, as(user), text)).card?.items
    ?.map((i) => i.text)
    .find((l) => l.includes(number));

describe('lead mine after the lead moved on', () => {
  it('shows the accepted stage first, then the stage it moved to, in English and Chinese', async () => {
    expect(await mineLine('lead mine', owner)).toContain('accepted, awaiting first contact');

    await runTextCommand(deps, as(owner), `lead stage ${number} contacted`);
    expect(await mineLine('lead mine', owner)).toContain('· contacted');

    await runTextCommand(deps, as(owner), `lead stage ${number} qualified`);
    expect(await mineLine('lead mine', owner)).toContain('· qualified');
    expect(await mineLine('lead mine', owner)).not.toContain('accepted');

    const [zh] = await database.db
      .update(users)
      .set({ locale: 'zh-CN' })
      .where(eq(users.id, owner.id))
      .returning();
    if (!zh) throw new Error('no user');
    const line = await mineLine('线索 我的', zh);
    expect(line).toContain('已确认商机');
    expect(line).not.toContain('已接受');
  });
});
