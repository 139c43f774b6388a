// The October dataset in a fresh database, with the targets and the "now" (2 November) its hand-computed figures
// assume, and each person as an actor in the language a test asks for.
import { eq } from 'drizzle-orm';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { users } from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';
import { type Dataset, insertDataset } from './dataset.ts';

export interface OctoberReports {
  database: TestDatabase;
  deps: AppDeps;
  ds: Dataset;
  // The person by id, their locale set first when given.
  actor: (id: string, locale?: 'en' | 'zh-CN') => Promise<UserActor>;
}

export async function openOctoberReports(): Promise<OctoberReports> {
  const database = await createTestDatabase();
  const ds = await insertDataset(database);
  const policy = examplePolicy();
  policy.targets.monthly = { byRole: { rep: 1000 }, byTeam: { [ds.emails.m2]: 1500 } };
  const deps = testDeps(database, { policy, clock: testClock('2026-11-02T02:00:00Z') });
  const actor = async (id: string, locale?: 'en' | 'zh-CN'): Promise<UserActor> => {
    if (locale) await database.db.update(users).set({ locale }).where(eq(users.id, id));
    const [user] = await database.db.select().from(users).where(eq(users.id, id));
    if (!user) throw new Error(`no user ${id}`);
    return { kind: 'user', user };
  };
  return { database, deps, ds, actor };
}
