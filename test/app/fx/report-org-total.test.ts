// The receivables roll-up keeps CNY and USD apart and adds one org-currency (CNY) total with the rate and its date;
// without a rate it says which one is missing rather than a total.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { customers, installments, orders } from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { insertPerson } from '../orders/people.ts';

let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};
const as = (key: string): UserActor => ({ kind: 'user', user: people[key] as UserRow });

async function openOrder(seq: number, currency: string, amountMinor: number, dueOn: string) {
  const [c] = await database.db
    .insert(customers)
    .values({ name: `Customer ${seq}`, normalizedName: `customer ${seq}`, currency })
    .returning();
  const [o] = await database.db
    .insert(orders)
    .values({
      seq,
      number: `SO-2026-${seq}`,
      customerId: c?.id ?? '',
      ownerId: people.rep?.id ?? '',
      status: 'approved',
      currency,
      totalMinor: amountMinor,
      paymentPlan: 'net-30',
    })
    .returning();
  await database.db
    .insert(installments)
    .values({ orderId: o?.id ?? '', position: 1, label: '#1', dueOn, amountMinor, currency });
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-12-05T02:00:00Z') });
  await insertPerson(database, people, 'rep', { name: 'Li Rep', roles: ['rep'] });
  await insertPerson(database, people, 'fin', { name: 'Chen Fin', roles: ['finance'] });
  // ¥10,000.00 overdue and USD 1,000.00 not yet due.
  await openOrder(801, 'CNY', 1_000_000, '2026-11-20');
  await openOrder(802, 'USD', 100_000, '2026-12-20');
});

afterAll(async () => {
  await database?.close();
});

describe('receivables roll-up in the org currency', () => {
  it('without a USD→CNY rate keeps the per-currency figures and names the missing rate', async () => {
    const r = await runTextCommand(deps, as('fin'), 'ar dashboard');
    const field = r.card?.fields.find((f) => f.label === 'In the org currency')?.value ?? '';
    expect(field).toContain('Open — Total in CNY unknown: no USD→CNY rate for 2026-12-05');
    expect(field).toContain('Overdue — Total in CNY: CNY 10,000.00');
  });

  it('with a rate, open = ¥10,000 + USD 1,000 × 7.2 = ¥17,200, and the rate date is shown', async () => {
    await runTextCommand(deps, as('fin'), 'fx set USD CNY 7.2 2026-12-03');
    // A later rate than today does not count.
    await runTextCommand(deps, as('fin'), 'fx set USD CNY 9 2026-12-06');
    const r = await runTextCommand(deps, as('fin'), 'ar dashboard');
    const field = r.card?.fields.find((f) => f.label === 'In the org currency')?.value ?? '';
    expect(field).toContain('Open — Total in CNY: CNY 17,200.00 — rates 1 USD = 7.2 CNY (2026-12-03)');
    const open = r.card?.fields.find((f) => f.label === 'Open')?.value ?? '';
    expect(open).toContain('USD 1,000.00');
  });
});
