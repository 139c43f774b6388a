// isDeadlock recognises PostgreSQL's real deadlock refusal as drizzle hands it over (the intake and the lead import
// run a transaction again on it), and nothing else.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDeadlock } from '../../src/db/deadlock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.pool.query('create table lockers (id int primary key)');
  await database.pool.query('insert into lockers values (1), (2)');
});
afterAll(() => database.close());

describe('isDeadlock', () => {
  it('is true for the error of a transaction PostgreSQL rolled back as a deadlock victim', async () => {
    let bothHoldOne: () => void = () => {};
    let held = 0;
    const ready = new Promise<void>((resolve) => {
      bothHoldOne = () => {
        held++;
        if (held === 2) resolve();
      };
    });
    // Two transactions lock the two rows in opposite orders.
    const lockBoth = (first: number, second: number) =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`select id from lockers where id = ${first} for update`);
        bothHoldOne();
        await ready;
        await tx.execute(sql`select id from lockers where id = ${second} for update`);
      });
    const outcomes = await Promise.allSettled([lockBoth(1, 2), lockBoth(2, 1)]);
    const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(failed).toHaveLength(1);
    expect(isDeadlock(failed[0])).toBe(true);
  });

  it('is false for other database errors and for anything else', async () => {
    const unique = await database.pool.query('insert into lockers values (1)').catch((e: unknown) => e);
    expect(isDeadlock(unique)).toBe(false);
    expect(isDeadlock(new Error('40P01'))).toBe(false);
    expect(isDeadlock(null)).toBe(false);
    expect(isDeadlock({ cause: { code: '40P01' } })).toBe(true);
  });
});
