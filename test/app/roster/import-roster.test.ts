import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { importRoster, RosterImportError } from '../../../src/app/roster/import-roster.ts';
import { users } from '../../../src/db/schema.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

const admin = { kind: 'system', name: 'test' } as const;
const file = [
  'name,email,roles,region,manager_email,slack_user_id,lark_open_id,timezone,skills,capacity',
  '张经理,zhang.mgr@example.com,manager,east,,U0MGR,,Asia/Shanghai,,',
  '李雷,li.lei@example.com,rep,east,zhang.mgr@example.com,U0LILEI,ou_lilei,Asia/Shanghai,manufacturing,12',
  '韩梅梅,han.meimei@example.com,rep|finance,east,zhang.mgr@example.com,,,Asia/Shanghai,,',
].join('\n');

let database: TestDatabase;
let deps: AppDeps;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
});
afterAll(async () => {
  await database.close();
});

async function failure(csv: string): Promise<RosterImportError> {
  const error = await importRoster(deps, admin, csv).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RosterImportError);
  return error as RosterImportError;
}

describe('import roster', () => {
  it('a file with one bad row writes nothing and names the line and field', async () => {
    const error = await failure(`${file}\nBad,bad@example.com,rep,east,,,,Asia/Nowhere,,`);
    expect(error.problems).toEqual([
      expect.objectContaining({ line: 5, field: 'timezone', code: 'timezone' }),
    ]);
    expect(error.field).toBe('line 5: timezone');
    expect(await countRows(database, 'users')).toBe(0);
    expect(await countRows(database, 'audit_log')).toBe(0);
  });

  it('a manager who is neither in the file nor on the roster is an error naming the row', async () => {
    const error = await failure(
      'name,email,manager_email\nLi,li.lei@example.com,nobody@example.com\nHan,han@example.com,li.lei@example.com',
    );
    expect(error.problems).toEqual([
      expect.objectContaining({ line: 2, field: 'manager_email', code: 'manager_unknown' }),
    ]);
    expect(await countRows(database, 'users')).toBe(0);
  });

  it('creates everyone, links managers by email, and audits each creation', async () => {
    expect(await importRoster(deps, admin, file)).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const [manager] = await deps.db.select().from(users).where(eq(users.email, 'zhang.mgr@example.com'));
    const [rep] = await deps.db.select().from(users).where(eq(users.email, 'li.lei@example.com'));
    expect(rep).toMatchObject({
      name: '李雷',
      roles: ['rep'],
      region: 'east',
      managerId: manager?.id,
      slackUserId: 'U0LILEI',
      larkOpenId: 'ou_lilei',
      skills: ['manufacturing'],
      capacity: 12,
    });
    expect(manager?.managerId).toBeNull();
    expect(await countRows(database, 'audit_log')).toBe(3);
  });

  it('re-importing the same file changes nothing and audits nothing', async () => {
    expect(await importRoster(deps, admin, file)).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(await countRows(database, 'audit_log')).toBe(3);
  });

  it('a changed row is updated and audited with only what changed', async () => {
    const changed = file.replace('李雷,li.lei@example.com,rep,east', '李雷,li.lei@example.com,rep,north');
    expect(await importRoster(deps, admin, changed)).toEqual({ created: 0, updated: 1, unchanged: 2 });
    const audit = await database.pool.query(
      "select before, after from audit_log where action = 'user.update' order by id desc limit 1",
    );
    expect(audit.rows[0]).toEqual({ before: { region: 'east' }, after: { region: 'north' } });
  });

  it('a Slack id that belongs to someone else on the roster is refused', async () => {
    const error = await failure('name,email,slack_user_id\nNew,new@example.com,U0LILEI');
    expect(error.problems).toEqual([
      expect.objectContaining({ line: 2, field: 'slack_user_id', code: 'id_taken' }),
    ]);
    expect(await countRows(database, 'users')).toBe(3);
  });

  it('a manager cycle through the existing roster is refused', async () => {
    const error = await failure('name,email,manager_email\n张经理,zhang.mgr@example.com,li.lei@example.com');
    expect(error.problems.map((p) => p.code)).toEqual(['manager_cycle']);
  });
});
