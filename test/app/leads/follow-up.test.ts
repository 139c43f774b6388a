import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { acceptLead } from '../../../src/app/leads/accept-lead.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { auditLog, leadActivities, leads } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { addDays, localDate } from '../../../src/domain/time.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam, type Team } from './fixtures.ts';

const as = (user: UserRow): UserActor => ({ kind: 'user', user });
const website = { kind: 'api', keyName: 'website' } as const;
let database: TestDatabase;
let deps: AppDeps;
let team: Team;
let number: string;
let leadId: string;

beforeEach(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  team = await addTeam(database);
  const lead = await createLead(deps, website, {
    name: 'Han',
    email: 'han@acme.cn',
    region: 'east',
    industry: 'manufacturing',
  });
  await acceptLead(deps, as(team.amy), lead.id);
  number = lead.number;
  leadId = lead.id;
});

afterEach(async () => {
  await database?.close();
});

const activities = async () =>
  (await database.db.select().from(leadActivities).where(eq(leadActivities.leadId, leadId))).map((a) => [
    a.kind,
    a.note,
  ]);

describe('follow-up from chat', () => {
  it('the owner logs a call and a visit (English and Chinese words, number with or without L-)', async () => {
    expect(await runTextCommand(deps, as(team.amy), `lead log ${number} call "asked for a quote"`)).toEqual({
      text: `Logged on ${number}: call. First contact made: ${number} is now contacted.`,
      tone: 'success',
    });
    const zhAmy = { ...team.amy, locale: 'zh-CN' };
    const seq = Number(number.slice(2));
    expect((await runTextCommand(deps, as(zhAmy), `线索 跟进 ${seq} 拜访 看了产线`)).text).toBe(
      `已记录到 ${number}：拜访。`,
    );
    // The first call was the first contact: the lead moved to contacted on its own.
    expect((await activities()).slice(-3)).toEqual([
      ['call', 'asked for a quote'],
      ['stage', null],
      ['visit', '看了产线'],
    ]);
    expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'lead.log'))).toHaveLength(2);
  });

  it('named keys and a next-step date (kept with the activity); a bad or past date is refused on its field', async () => {
    const today = localDate(deps.clock.now(), team.amy.timezone ?? deps.policy.org.timezone);
    const next = addDays(today, 5);
    expect(
      await runTextCommand(
        deps,
        as(team.amy),
        `lead log lead:${number} kind:visit note:"demo booked" next:${next}`,
      ),
    ).toEqual({
      text: `Logged on ${number}: visit. Next step on ${next}. First contact made: ${number} is now contacted.`,
      tone: 'success',
    });
    const [row] = (
      await database.db.select().from(leadActivities).where(eq(leadActivities.leadId, leadId))
    ).filter((a) => a.kind === 'visit');
    expect(row).toMatchObject({ note: 'demo booked', data: { nextStep: next } });
    const before = await database.db.select().from(leadActivities);
    const bad = await runTextCommand(deps, as(team.amy), `lead log ${number} call next:someday`).catch(
      (e) => e,
    );
    expect(bad).toMatchObject({ code: 'lead_log_next_invalid', field: 'next' });
    const past = await runTextCommand(
      deps,
      as(team.amy),
      `lead log ${number} call next:${addDays(today, -1)}`,
    ).catch((e) => e);
    expect(past).toMatchObject({ code: 'lead_log_next_past', field: 'next' });
    expect(errorText(past as DomainError, 'zh-CN')).toContain('已过');
    expect(await database.db.select().from(leadActivities)).toHaveLength(before.length);
  });

  it('a Chinese reader gets the logged call, its next step and the first contact as one run of sentences', async () => {
    const next = addDays(localDate(deps.clock.now(), team.amy.timezone ?? deps.policy.org.timezone), 5);
    const zhAmy = { ...team.amy, locale: 'zh-CN' };
    expect((await runTextCommand(deps, as(zhAmy), `线索 跟进 ${number} 电话 下一步:${next}`)).text).toBe(
      `已记录到 ${number}：电话。下一步：${next}。已首次联系：${number} 进入「已联系」。`,
    );
  });

  it('another rep may not log on the lead; a manager may', async () => {
    const refused = await runTextCommand(deps, as(team.bo), `lead log ${number} note hi`).catch((e) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(errorText(refused as DomainError, 'en')).toBe(
      `${number} is not your lead; only its owner or a manager can do that.`,
    );
    expect((await runTextCommand(deps, as(team.manager), `lead log ${number} note "checked in"`)).tone).toBe(
      'success',
    );
    const bad = await runTextCommand(deps, as(team.amy), `lead log ${number} fax hello`).catch((e) => e);
    expect(bad).toMatchObject({ code: 'lead_log_kind_invalid', field: 'kind' });
  });

  it('lost with a reason from the list closes the lead once and frees the owner for new leads', async () => {
    expect(
      await runTextCommand(deps, as(team.amy), `lead lost ${number} competitor "went with a rival"`),
    ).toEqual({
      text: `${number} closed as lost (competitor).`,
      tone: 'success',
    });
    const [row] = await database.db.select().from(leads).where(eq(leads.id, leadId));
    expect(row).toMatchObject({ status: 'lost' });
    expect(row?.closedAt).not.toBeNull();
    expect((await activities()).at(-1)).toEqual(['lost', 'went with a rival']);
    expect((await runTextCommand(deps, as(team.amy), `lead lost ${number} price`)).text).toBe(
      `${number} is already closed (lost); nothing changed.`,
    );
    const bad = await runTextCommand(deps, as(team.amy), `lead lost ${number} weather`).catch((e) => e);
    expect(errorText(bad as DomainError, 'zh-CN')).toBe(
      '「weather」不是丢单原因，请用其中之一：价格、竞品、无预算、联系不上、不匹配、时机。示例：线索 丢单 L-000042 价格 "超预算"',
    );
    expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'lead.lost'))).toHaveLength(1);
  });
});
