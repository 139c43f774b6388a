import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { importRoster, RosterImportError } from '../../../src/app/roster/import-roster.ts';
import { userManagerHistory, users } from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

const admin = { kind: 'system', name: 'test' } as const;
const clock = testClock('2026-10-16T00:00:00Z');
let database: TestDatabase;
let deps: AppDeps;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock });
});
afterAll(async () => database?.close());

const user = async (email: string) =>
  (await database.db.select().from(users).where(eq(users.email, email)))[0]!;

describe('roster: target_monthly and manager history', () => {
  it('reads target_monthly in the org currency (CNY: fen), empty clears it, a missing column keeps it', async () => {
    await importRoster(
      deps,
      admin,
      [
        'name,email,roles,manager_email,target_monthly',
        'M1,m1@example.com,manager,,',
        'M2,m2@example.com,manager,,',
        'Rita,rita@example.com,rep,m1@example.com,"500,000.50"',
        'Ravi,ravi@example.com,rep,m1@example.com,300000',
      ].join('\n'),
    );
    expect((await user('rita@example.com')).targetMonthlyMinor).toBe(50_000_050);
    expect((await user('ravi@example.com')).targetMonthlyMinor).toBe(30_000_000);
    expect((await user('m1@example.com')).targetMonthlyMinor).toBeNull();
    await importRoster(deps, admin, 'name,email,target_monthly\nRita,rita@example.com,\n');
    expect((await user('rita@example.com')).targetMonthlyMinor).toBeNull();
    await importRoster(deps, admin, 'name,email\nRavi,ravi@example.com\n');
    expect((await user('ravi@example.com')).targetMonthlyMinor).toBe(30_000_000);
  });

  it('a bad target is refused naming the line and the column, and changes nothing', async () => {
    const error = await importRoster(
      deps,
      admin,
      'name,email,target_monthly\nRavi,ravi@example.com,5万\n',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RosterImportError);
    expect((error as RosterImportError).problems).toEqual([
      expect.objectContaining({ line: 2, field: 'target_monthly', code: 'amount' }),
    ]);
    expect((await user('ravi@example.com')).targetMonthlyMinor).toBe(30_000_000);
  });

  it('a manager change writes user_manager_history; re-importing the same file writes nothing more', async () => {
    const ravi = await user('ravi@example.com');
    const [m1, m2] = [await user('m1@example.com'), await user('m2@example.com')];
    const move = 'name,email,manager_email\nRavi,ravi@example.com,m2@example.com\n';
    await importRoster(deps, admin, move);
    clock.advance(86_400_000);
    await importRoster(deps, admin, move);
    const history = await database.db
      .select()
      .from(userManagerHistory)
      .where(eq(userManagerHistory.userId, ravi.id))
      .orderBy(asc(userManagerHistory.validFrom));
    expect(history.map((h) => [h.managerId, h.validTo?.toISOString() ?? null])).toEqual([
      [m1.id, '2026-10-16T00:00:00.000Z'],
      [m2.id, null],
    ]);
    expect(history[1]?.validFrom.toISOString()).toBe('2026-10-16T00:00:00.000Z');
  });
});
