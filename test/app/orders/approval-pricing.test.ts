// Approval cards say how far below list an order sells (per line and in total) and, to approvers the policy lets see
// cost (order.margin), the gross margin; the requester's own cards never carry cost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { customers, products } from '../../../src/db/schema.ts';
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
  await database.db.insert(products).values([
    { sku: 'A100', name: 'Sensor', unitPriceMinor: 100_000, unitCostMinor: 60_000, currency: 'CNY' },
    { sku: 'B200', name: 'Die set', unitPriceMinor: 50_000, currency: 'CNY' },
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
