import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { auditLog, users } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import { type TestClock, testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam, type Team } from './fixtures.ts';

const as = (user: UserRow): UserActor => ({ kind: 'user', user });
const website = { kind: 'api', keyName: 'website' } as const;
let database: TestDatabase;
let deps: AppDeps;
let team: Team;
let clock: TestClock;

beforeEach(async () => {
  database = await createTestDatabase();
  // Monday 2 November 2026, 10:00 in Shanghai.
  clock = testClock('2026-11-02T02:00:00Z');
  deps = testDeps(database, { clock });
  team = await addTeam(database);
});

afterEach(async () => {
  await database?.close();
});

const pausedUntil = async (id: string) =>
  (await database.db.select({ at: users.outOfOfficeUntil }).from(users).where(eq(users.id, id)))[0]?.at;
const mfgLead = (n: number) =>
  createLead(deps, website, {
    name: `L${n}`,
    email: `l${n}@x.cn`,
    region: 'east',
    industry: 'manufacturing',
  });

describe('lead pause / resume', () => {
  it('a manager pauses a rep until a date: routing skips them through that day, then they are back', async () => {
    const reply = await runTextCommand(deps, as(team.manager), 'lead pause @Bo until 11-04');
    expect(reply).toEqual({
      text: 'Bo is paused until 2026-11-05 00:00: no new leads until then.',
      tone: 'success',
    });
    expect(await pausedUntil(team.bo.id)).toEqual(new Date('2026-11-04T16:00:00Z'));
    const owners = [];
    for (let i = 0; i < 4; i++) {
      const lead = await mfgLead(i);
      owners.push(lead.duplicate ? null : lead.owner?.name);
    }
    expect(owners).toEqual(['Amy', 'Cai', 'Amy', 'Cai']);
    clock.set('2026-11-05T01:00:00Z');
    const back = [await mfgLead(8), await mfgLead(9)].map((l) => (l.duplicate ? null : l.owner?.name));
    expect(back).toEqual(['Amy', 'Bo']);
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'roster.pause'));
    expect(audit).toMatchObject({ entityId: team.bo.id, actorLabel: `user:${team.manager.email}` });
  });

  it('Chinese words, a length, resume, and pausing oneself', async () => {
    const zhManager = { ...team.manager, locale: 'zh-CN' };
    const zh = await runTextCommand(deps, as(zhManager), '线索 暂停 @bo 3天');
    expect(zh.text).toBe('Bo 已暂停接单至 2026-11-05 10:00，期间不分配新线索。');
    expect(await runTextCommand(deps, as(team.manager), 'lead resume @Bo')).toEqual({
      text: 'Bo is back: new leads can be routed to them again.',
      tone: 'success',
    });
    expect(await pausedUntil(team.bo.id)).toBeNull();
    await runTextCommand(deps, as(team.amy), 'lead pause me 2w');
    expect(await pausedUntil(team.amy.id)).toEqual(new Date('2026-11-16T02:00:00Z'));
  });

  it('refuses a rep pausing someone else, an unreadable date, and names an unknown person', async () => {
    const notAllowed = await runTextCommand(deps, as(team.amy), 'lead pause @Bo 3d').catch((e) => e);
    expect(notAllowed).toBeInstanceOf(DomainError);
    expect(errorText(notAllowed as DomainError, 'en')).toBe(
      'Only a manager or an admin can pause someone else; you can pause yourself.',
    );
    const bad = await runTextCommand(deps, as(team.manager), 'lead pause @Bo until:someday').catch((e) => e);
    expect(bad).toMatchObject({ code: 'lead_pause_until_invalid', field: 'until' });
    expect(await runTextCommand(deps, as(team.manager), 'lead pause @Nobody 3d')).toEqual({
      text: 'Nobody active on the roster is "@Nobody". Use @name, an e-mail or a mention.',
      tone: 'warning',
    });
    expect(await pausedUntil(team.bo.id)).toBeNull();
    expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'roster.pause'))).toHaveLength(
      0,
    );
  });
});
