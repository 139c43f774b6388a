// Approval cards say how far below list an order sells (per line and in total) and, on the card of each approver the
// policy lets see cost (order.margin), the gross margin; the requester's own cards never carry cost. A cost kept in
// another currency is converted at the rate of the order's date, or the card says which rate is missing.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { decideApproval } from '../../../src/app/orders/decide-approval.ts';
import { approvals, customers, fxRates, products } from '../../../src/db/schema.ts';
import { compileAccessPolicy } from '../../../src/domain/access/policy.ts';
import type { Card } from '../../../src/messages/model.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { cardsAbout, insertPerson } from './people.ts';

let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};
const as = (key: string): UserActor => ({ kind: 'user', user: people[key] as UserRow });
const fieldsOf = (card: Card | undefined) =>
  Object.fromEntries(card?.fields.map((f) => [f.label, f.value]) ?? []);

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  const mgr = await insertPerson(database, people, 'mgr', { name: 'Meng Manager', roles: ['manager'] });
  await insertPerson(database, people, 'rep', { name: 'Li Rep', roles: ['rep'], managerId: mgr.id });
  // Both approve the finance level; only Fei also holds the controller role that may see cost (see `perReader`).
  await insertPerson(database, people, 'fei', { name: 'Fei Controller', roles: ['finance', 'controller'] });
  await insertPerson(database, people, 'fan', { name: 'Fan Clerk', roles: ['finance'] });
  await database.db.insert(products).values([
    { sku: 'A100', name: 'Sensor', unitPriceMinor: 100_000, unitCostMinor: 60_000, currency: 'CNY' },
    { sku: 'B200', name: 'Die set', unitPriceMinor: 50_000, currency: 'CNY' },
    // Bought in dollars: USD 100.00 a unit.
    { sku: 'U300', name: 'Import valve', unitPriceMinor: 20_000, unitCostMinor: 10_000, currency: 'USD' },
    { sku: 'E400', name: 'Euro gauge', unitPriceMinor: 20_000, unitCostMinor: 10_000, currency: 'EUR' },
  ]);
  await database.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: people.rep?.id });
});
afterAll(async () => {
  await database.close();
});

const order = (
  d: AppDeps,
  lines: { sku: string; quantity: number; discountBp?: number; unitPriceMinor?: number }[],
) =>
  createOrder(d, as('rep'), { source: { customerName: 'ACME' }, lines, paymentPlan: 'net-30', submit: true });

describe('discount and margin on approval cards', () => {
  it('the manager sees each line against list, the whole order, and the margin; the rep never sees the margin', async () => {
    // 2 × 1000 less 10% = 1800 (list 2000, cost 1200); 1 × 900 typed in against a list of 1000.
    const created = await order(deps, [
      { sku: 'A100', quantity: 2, discountBp: 1_000 },
      { sku: 'A100', quantity: 1, unitPriceMinor: 90_000 },
    ]);
    const [card] = await cardsAbout(database, people.mgr?.id, created.number);
    const fields = fieldsOf(card?.card);
    expect(fields['Discount vs list']).toBe('- Sensor: -10%\n- Sensor: -10%\nWhole order: -10%');
    // (2700 − 1800) / 2700 = 33.33 %.
    expect(fields['Gross margin']).toBe('33.33%');
    const repCards = await cardsAbout(database, people.rep?.id, created.number);
    expect(JSON.stringify(repCards)).not.toContain('Gross margin');
  });

  it('a product without a cost: the margin is said to be unknown, not guessed', async () => {
    const created = await order(deps, [{ sku: 'B200', quantity: 1 }]);
    const [card] = await cardsAbout(database, people.mgr?.id, created.number);
    expect(fieldsOf(card?.card)).toMatchObject({
      'Discount vs list': '- Die set: at list\nWhole order: at list',
      'Gross margin': 'unknown: a product on the order has no cost',
    });
  });

  it('when the policy takes order.margin from the approver, the card keeps the discount and drops the margin', async () => {
    const noMargin: AppDeps = {
      ...deps,
      policy: {
        ...deps.policy,
        access: compileAccessPolicy(new Map([['manager', { grants: { 'order.margin': 'none' } }]]), true),
      },
    };
    const created = await order(noMargin, [{ sku: 'A100', quantity: 1, discountBp: 2_500 }]);
    const [card] = await cardsAbout(database, people.mgr?.id, created.number);
    const fields = fieldsOf(card?.card);
    expect(fields['Discount vs list']).toContain('Whole order: -25%');
    expect(fields['Gross margin']).toBeUndefined();
  });
});

describe('margin per reader', () => {
  // Finance may not see cost here; a controller (finance plus one grant) may.
  const perReader = (): AppDeps => ({
    ...deps,
    policy: {
      ...deps.policy,
      access: compileAccessPolicy(
        new Map([
          ['finance', { grants: { 'order.margin': 'none' } }],
          ['controller', { extends: 'finance', grants: { 'order.margin': 'org' } }],
        ]),
        true,
      ),
    },
  });

  it('two approvers of one level: the one who may see cost reads the margin on their own card, the other does not', async () => {
    const d = perReader();
    // 150 × 1000 = CNY 150,000: over the finance level's amountOver 100000.
    const created = await order(d, [{ sku: 'A100', quantity: 150 }]);
    const [mine] = await database.db
      .select()
      .from(approvals)
      .where(eq(approvals.orderId, created.id))
      .then((rows) => rows.filter((a) => a.approverId === people.mgr?.id));
    await decideApproval(d, as('mgr'), { approvalId: mine?.id ?? '', decision: 'approve' });

    const [fei] = await cardsAbout(database, people.fei?.id, created.number);
    const [fan] = await cardsAbout(database, people.fan?.id, created.number);
    expect(fieldsOf(fei?.card).Level).toBe('2/2 finance');
    // (150 000 − 90 000) / 150 000 = 40 %.
    expect(fieldsOf(fei?.card)['Gross margin']).toBe('40%');
    expect(fieldsOf(fan?.card).Level).toBe('2/2 finance');
    expect(fieldsOf(fan?.card)['Gross margin']).toBeUndefined();
    expect(fieldsOf(fan?.card)['Discount vs list']).toContain('Whole order: at list');
  });
});

describe('a cost in another currency', () => {
  it("is converted at the rate of the order's date, not a later one", async () => {
    await database.db.insert(fxRates).values([
      { base: 'USD', quote: 'CNY', rate: '7.2000000000', rateDate: '2026-10-30', source: 'manual' },
      // After the order's date: not the rate its margin is read at.
      { base: 'USD', quote: 'CNY', rate: '9.0000000000', rateDate: '2026-11-05', source: 'manual' },
    ]);
    // Sold at CNY 1000 a unit; cost USD 100 × 7.2 = CNY 720.
    const created = await order(deps, [{ sku: 'U300', quantity: 2, unitPriceMinor: 100_000 }]);
    const [card] = await cardsAbout(database, people.mgr?.id, created.number);
    // (2000 − 1440) / 2000 = 28 %.
    expect(fieldsOf(card?.card)['Gross margin']).toBe('28%');
  });

  it('says which rate is missing instead of a margin in mixed currencies', async () => {
    const created = await order(deps, [{ sku: 'E400', quantity: 1, unitPriceMinor: 100_000 }]);
    const [card] = await cardsAbout(database, people.mgr?.id, created.number);
    expect(fieldsOf(card?.card)['Gross margin']).toBe('unknown: no EUR→CNY rate for 2026-11-02');
  });
});
