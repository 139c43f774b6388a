// Time in stage is kept to two significant figures of its natural unit; the SQL rounding the roll-ups are keyed by
// (report_round_seconds) and the domain's (roundSecondsInStage) give the same value for every case.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundSecondsInStage } from '../../../src/domain/reports/funnel.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

// [seconds, rounded]: whole minutes, hours and days stay exact; a half rounds up (away from zero).
const cases: [number, number][] = [
  [0, 0],
  [0.5, 0.5],
  [1.21, 1.2],
  [9.95, 10],
  [59.6, 60],
  [75, 78],
  [600, 600],
  [3590, 3600],
  [3600, 3600],
  [8820, 9000],
  [12_300, 12_240],
  [86_400, 86_400],
  [259_200, 259_200],
  [1_123_200, 1_123_200],
  [8_645_000, 8_640_000],
  [-3650, -3600],
];

describe('time in stage resolution', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it.each(cases)('%s s reads %s s in the domain and in SQL', async (seconds, rounded) => {
    expect(roundSecondsInStage(seconds * 1000)).toBe(rounded);
    const r = await database.db.execute<{ v: number }>(
      sql`select report_round_seconds(${String(seconds)}::numeric)::float8 as v`,
    );
    expect(Number(r.rows[0]?.v)).toBe(rounded);
  });
});
