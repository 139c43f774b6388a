// Whom the demo seed hands its customers is the access policy's answer (the lead.sell duty, by can()), not whoever
// holds a role spelt "rep": with selling moved from reps to managers in closeloop.yaml, managers own the customers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { demoRosterCsv } from '../../../src/app/seed/demo-data.ts';
import { seedCatalogue } from '../../../src/app/seed/seed-catalogue.ts';
import { compileAccessPolicy } from '../../../src/domain/access/policy.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { examplePolicy, testDeps } from '../../helpers/deps.ts';

let database: TestDatabase;
let deps: AppDeps;

beforeAll(async () => {
  database = await createTestDatabase();
  const policy = examplePolicy();
  const access = compileAccessPolicy(
    new Map([
      ['rep', { grants: { 'lead.sell': 'none' } }],
      ['manager', { grants: { 'lead.sell': 'org' } }],
    ]),
    policy.access.claimNeedsPool,
  );
  deps = testDeps(database, { policy: { ...policy, access } });
});
afterAll(async () => {
  await database.close();
});

describe('the demo seed’s sellers', () => {
  it('are the people the policy gives lead.sell: every demo customer goes to a manager of its region', async () => {
    await importRoster(deps, { kind: 'system', name: 'seed' }, demoRosterCsv());
    const { customersCreated } = await seedCatalogue(deps);
    expect(customersCreated).toBeGreaterThan(0);
    const { rows } = await database.pool.query<{ roles: string[]; n: number }>(
      `select u.roles, count(*)::int as n from customers c join users u on u.id = c.owner_id
        group by u.roles order by 1`,
    );
    expect(rows.map((r) => r.roles)).toEqual([['manager']]);
  });
});
