import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createLead } from '../../../src/app/leads/create-lead.ts';
import { importRoster, RosterImportError } from '../../../src/app/roster/import-roster.ts';
import { auditLog, users } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

const admin = { kind: 'system', name: 'test' } as const;
let database: TestDatabase;
let deps: AppDeps;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
});
afterAll(async () => {
  await database.close();
});

const userBy = async (email: string): Promise<UserRow> => {
  const [u] = await database.db.select().from(users).where(eq(users.email, email));
  if (!u) throw new Error(`no ${email}`);
  return u;
};
const as = (user: UserRow): UserActor => ({ kind: 'user', user });

describe('roster import of routing fields', () => {
  it('imports daily cap, working hours, time zone and out-of-office; a re-import changes nothing', async () => {
    const csv = [
      'name,email,roles,region,manager_email,time_zone,capacity,daily_capacity,working_hours,out_of_office,weight,skills,locale',
      'Meng,meng@demo.test,manager,east,,Asia/Shanghai,,,,,1,,en',
      'Amy,amy@demo.test,rep,east,meng@demo.test,Europe/Berlin,20,5,Mon-Fri 08:00-16:00,2026-12-01,2,erp,en',
      'Bo,bo@demo.test,rep,east,meng@demo.test,,,,,,1,,en',
    ].join('\n');
    expect(await importRoster(deps, admin, csv)).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const amy = await userBy('amy@demo.test');
    expect(amy).toMatchObject({
      timezone: 'Europe/Berlin',
      capacity: 20,
      dailyCapacity: 5,
      workingHours: '08:00-16:00 Mon-Fri',
      weight: 2,
      skills: ['erp'],
    });
    // Away through 1 December in Berlin: back at midnight Berlin time on the 2nd (23:00 UTC on the 1st).
    expect(amy.outOfOfficeUntil?.toISOString()).toBe('2026-12-01T23:00:00.000Z');
    expect((await userBy('bo@demo.test')).outOfOfficeUntil).toBeNull();
    expect(await importRoster(deps, admin, csv)).toEqual({ created: 0, updated: 0, unchanged: 3 });

    const back = csv.replace('2026-12-01,2,erp', ',2,erp').replace('20,5,', '20,,');
    expect(await importRoster(deps, admin, back)).toEqual({ created: 0, updated: 1, unchanged: 2 });
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.update'), eq(auditLog.entityId, amy.id)));
    expect(audit?.before).toEqual({ dailyCapacity: 5, outOfOfficeUntil: '2026-12-01T23:00:00.000Z' });
    expect(audit?.after).toEqual({ dailyCapacity: null, outOfOfficeUntil: null });
  });

  it('a bad cell names its line, column and fix, and nothing is written', async () => {
    const before = await countRows(database, 'users');
    const error = await importRoster(
      deps,
      admin,
      'name,email,daily_capacity,working_hours\nCai,cai@demo.test,3,nine to five\n',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RosterImportError);
    expect((error as RosterImportError).field).toBe('line 2: working_hours');
    expect(errorText(error as DomainError, 'en')).toContain(
      'line 2, working_hours: "nine to five" is not working hours; write e.g. "Mon-Fri 09:00-18:00"',
    );
    expect(await countRows(database, 'users')).toBe(before);
  });
});

describe('a manager changes routing fields from chat', () => {
  it('lead capacity / weight / skills / hours change the rep, audited, and routing follows', async () => {
    const meng = await userBy('meng@demo.test');
    expect(await runTextCommand(deps, as(meng), 'lead capacity @Bo 5 daily:0')).toEqual({
      text: 'Bo: open-lead cap 5 (was no limit); daily cap 0 (was no limit).',
      tone: 'success',
    });
    expect(await runTextCommand(deps, as(meng), '线索 权重 @Bo 3')).toEqual({
      text: 'Bo: weight 3 (was 1).',
      tone: 'success',
    });
    expect(
      (await runTextCommand(deps, as(meng), 'lead skills bo@demo.test erp, crm industries:manufacturing'))
        .text,
    ).toBe('Bo: skills erp, crm (was none); industries manufacturing (was none).');
    expect(
      (await runTextCommand(deps, as(meng), 'lead hours @Bo Mon-Fri 09:00-18:00 tz:Asia/Shanghai')).text,
    ).toBe(
      'Bo: working hours 09:00-18:00 Mon-Fri (was the org’s hours); time zone Asia/Shanghai (was the org’s time zone).',
    );
    expect((await runTextCommand(deps, as(meng), 'lead weight @Bo 3')).text).toBe(
      'Bo already has that; nothing changed.',
    );
    expect(await userBy('bo@demo.test')).toMatchObject({
      capacity: 5,
      dailyCapacity: 0,
      weight: 3,
      skills: ['erp', 'crm'],
      industries: ['manufacturing'],
      workingHours: '09:00-18:00 Mon-Fri',
      timezone: 'Asia/Shanghai',
    });
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'roster.update'));
    expect(audits.map((a) => a.after)).toEqual([
      { capacity: 5, dailyCapacity: 0 },
      { weight: 3 },
      { skills: ['erp', 'crm'], industries: ['manufacturing'] },
      { workingHours: '09:00-18:00 Mon-Fri', timezone: 'Asia/Shanghai' },
    ]);
    expect(audits[0]?.before).toEqual({ capacity: null, dailyCapacity: null });

    // Bo's daily cap is 0 and Amy is away: the east manufacturing rule overflows to the east claim pool, not Bo.
    expect((await runTextCommand(deps, as(meng), 'lead pause @Amy 3d')).tone).toBe('success');
    const lead = await createLead(deps, admin, {
      name: 'Li',
      email: 'li@x.cn',
      region: 'east',
      industry: 'manufacturing',
    });
    expect(lead).toMatchObject({ duplicate: false, channel: 'leads-east' });
    await runTextCommand(deps, as(meng), 'lead capacity @Bo none daily:none');
    const next = await createLead(deps, admin, {
      name: 'Wu',
      email: 'wu@x.cn',
      region: 'east',
      industry: 'manufacturing',
    });
    expect(next.duplicate === false && next.owner?.name).toBe('Bo');
  });

  it('refuses a rep, bad numbers, hours and time zones with the field and the fix; nothing changes', async () => {
    const amy = await userBy('amy@demo.test');
    const meng = await userBy('meng@demo.test');
    const refusal = async (user: UserRow, text: string) => {
      const e = await runTextCommand(deps, as(user), text).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DomainError);
      return e as DomainError;
    };
    const rep = await refusal(amy, 'lead capacity @Amy 50');
    expect([rep.kind, rep.code]).toEqual(['forbidden', 'roster_edit_not_allowed']);
    const number = await refusal(meng, 'lead capacity @Bo lots');
    expect([number.code, number.field]).toEqual(['roster_number_invalid', 'capacity']);
    expect(errorText(number, 'en')).toBe(
      'capacity "lots" is not a whole number from 0 to 9999; write e.g. 5, or none for no limit.',
    );
    const weight = await refusal(meng, 'lead weight @Bo 0');
    expect([weight.code, weight.field]).toEqual(['roster_number_invalid', 'weight']);
    const hours = await refusal(meng, 'lead hours @Bo whenever');
    expect([hours.code, hours.field]).toEqual(['roster_hours_invalid', 'hours']);
    const tz = await refusal(meng, 'lead hours @Bo tz:Mars/Base');
    expect([tz.code, tz.field]).toEqual(['roster_timezone_invalid', 'tz']);
    const nothing = await refusal(meng, 'lead capacity @Bo');
    expect(nothing.code).toBe('roster_nothing_to_change');
    expect(await runTextCommand(deps, as(meng), 'lead weight @Nobody 2')).toMatchObject({ tone: 'warning' });
    expect((await userBy('bo@demo.test')).weight).toBe(3);
  });
});
