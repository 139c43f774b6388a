// Credit exposure across currencies: a customer with a CNY limit and an open USD receivable is judged in CNY at the
// latest rate; with no rate the approval card says which rate is missing instead of adding USD cents to CNY fen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { createOrder } from '../../../src/app/orders/create-order.ts';
import { customers, installments, orders } from '../../../src/db/schema.ts';
import { foldCompanyName } from '../../../src/domain/leads/normalise.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { cardsAbout, insertPerson } from '../orders/people.ts';

let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};
const as = (key: string): UserActor => ({ kind: 'user', user: people[key] as UserRow });
let customerId = '';

beforeAll(async () => {
  database = await createTestDatabase();
  // 10:00 in Shanghai on Saturday 5 December 2026.
  deps = testDeps(database, { clock: testClock('2026-12-05T02:00:00Z') });
  const boss = await insertPerson(database, people, 'boss', { name: 'Wang Boss', roles: ['manager'] });
  await insertPerson(database, people, 'rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  await insertPerson(database, people, 'fin', { name: 'Chen Fin', roles: ['finance'] });
  const [c] = await database.db
    .insert(customers)
    .values({
      name: 'Pacific Trading',
      normalizedName: foldCompanyName('Pacific Trading'),
      currency: 'CNY',
      // ¥100,000.00
      creditLimitMinor: 10_000_000,
      createdAt: new Date('2024-06-01T00:00:00Z'),
    })
    .returning();
  customerId = c?.id ?? '';
  // An approved USD order with USD 10,000.00 still to come (not yet due).
  const [o] = await database.db
    .insert(orders)
    .values({
      seq: 901,
      number: 'SO-2026-00901',
      customerId,
      ownerId: people.rep?.id ?? '',
      status: 'approved',
      currency: 'USD',
      totalMinor: 1_000_000,
      paymentPlan: 'net-30',
    })
    .returning();
  await database.db.insert(installments).values({
    orderId: o?.id ?? '',
    position: 1,
    label: '#1',
    dueOn: '2027-01-04',
    amountMinor: 1_000_000,
    currency: 'USD',
  });
});

afterAll(async () => {
  await database?.close();
});

// A CNY order of ¥40,000.00: alone, or with USD 10,000 read as ¥10,000, far under the limit.
const newOrder = () =>
  createOrder(deps, as('rep'), {
    source: { customerId },
    ownerEmail: 'rep@demo.test',
    lines: [{ description: 'Service', quantity: 1, unitPriceMinor: 4_000_000 }],
    paymentPlan: 'net-30',
    terms: null,
    submit: true,
  });

const creditField = async (number: string) => {
  const cards = await cardsAbout(database, people.boss?.id, number);
  const card = cards.at(-1)?.card;
  return card?.fields.find((f) => f.label === 'Credit')?.value ?? '';
};

describe('credit exposure across currencies', () => {
  it('with no USD→CNY rate the card names the missing rate and the USD amount is not added as fen', async () => {
    const created = await newOrder();
    expect(created.submitted?.credit.map((f) => f.flag)).not.toContain('over_limit');
    const text = await creditField(created.number);
    expect(text).toContain('no USD→CNY rate for 2026-12-05');
    // Not ¥50,000 (¥40,000 + 1,000,000 USD cents read as fen).
    expect(text).not.toContain('50,000');
  });

  it('after finance records the rate, USD 10,000 counts as ¥72,000 and the gate fires', async () => {
    const set = await runTextCommand(deps, as('fin'), 'fx set USD CNY 7.2 2026-12-04');
    expect(set.text).toContain('1 USD = 7.2 CNY');
    const created = await newOrder();
    expect(created.submitted?.credit.map((f) => f.flag)).toContain('over_limit');
    const text = await creditField(created.number);
    // ¥72,000 + this order ¥40,000 + the first order (¥40,000, still waiting) = ¥152,000 against ¥100,000.
    expect(text).toContain('152,000.00');
    expect(text).toContain('1 USD = 7.2 CNY (2026-12-04)');
    expect(text).not.toContain('no USD→CNY rate');
  });

  it('a rep may not set a rate, and the chat list shows it to finance', async () => {
    await expect(runTextCommand(deps, as('rep'), 'fx set USD CNY 9')).rejects.toMatchObject({
      code: 'fx_forbidden',
    });
    const list = await runTextCommand(deps, as('fin'), 'fx');
    expect(list.card?.body).toContain('1 USD = 7.2 CNY · 2026-12-04 · manual');
  });
});
