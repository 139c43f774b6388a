// The KPI table keeps CNY and USD approved value and collections apart and adds one org-currency (CNY) total for each,
// converted at the rate on the report's last day; without a rate it names the missing one instead of a total.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { customers, orders } from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { insertPerson } from '../orders/people.ts';

let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};
const as = (key: string): UserActor => ({ kind: 'user', user: people[key] as UserRow });

async function approvedOrder(seq: number, currency: string, totalMinor: number) {
  const [c] = await database.db
    .insert(customers)
    .values({ name: `Customer ${seq}`, normalizedName: `customer ${seq}`, currency })
    .returning();
  await database.db.insert(orders).values({
    seq,
    number: `SO-2026-${seq}`,
    customerId: c?.id ?? '',
    ownerId: people.rep?.id ?? '',
    status: 'approved',
    currency,
    totalMinor,
    paymentPlan: 'net-30',
    submittedAt: new Date('2026-12-02T01:00:00Z'),
    decidedAt: new Date('2026-12-02T02:00:00Z'),
  });
}

const orgField = async () => {
  const r = await runTextCommand(deps, as('fin'), 'kpi month');
  return r.card?.fields.find((f) => f.label === 'In the org currency')?.value ?? '';
};

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-12-05T02:00:00Z') });
  await insertPerson(database, people, 'rep', { name: 'Li Rep', roles: ['rep'] });
  await insertPerson(database, people, 'fin', { name: 'Chen Fin', roles: ['finance'] });
  // ¥10,000.00 and USD 1,000.00 approved on 2 December.
  await approvedOrder(901, 'CNY', 1_000_000);
  await approvedOrder(902, 'USD', 100_000);
});

afterAll(async () => {
  await database?.close();
});

describe('KPI approved value in the org currency', () => {
  it('without a USD→CNY rate there is no total, and the missing rate is named', async () => {
    const field = await orgField();
    expect(field).toContain('Approved — Total in CNY unknown: no USD→CNY rate for 2026-12-05');
    // Nothing collected: a total of zero, no rate needed.
    expect(field).toContain('Collected — Total in CNY: CNY 0.00');
  });

  it('with a rate on or before the last day: ¥10,000 + USD 1,000 × 7.2 = ¥17,200, rate and date shown', async () => {
    await runTextCommand(deps, as('fin'), 'fx set USD CNY 7.2 2026-12-01');
    await runTextCommand(deps, as('fin'), 'fx set USD CNY 9 2026-12-06');
    expect(await orgField()).toContain(
      'Approved — Total in CNY: CNY 17,200.00 — rates 1 USD = 7.2 CNY (2026-12-01)',
    );
  });
});
