// A zh-CN user's refused inputs (bad amount, bad date, unknown plan, unknown SKU) are answered in Chinese that names
// no field by its ASCII identifier (defaultPaymentPlan, unit_price…): what the adapters show is errorText of the error.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { requireUser } from '../../../src/app/roster/find-user.ts';
import { customers, users } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { foldCompanyName } from '../../../src/domain/leads/normalise.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import { insertOrder, insertTeam } from '../../collections/fixtures.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

let database: TestDatabase;
let deps: AppDeps;
let rep: UserActor;
let finance: UserActor;

// camelCase (creditLimit) or snake_case (unit_price) words: field identifiers, not Chinese.
const identifier = /\b[a-z]+(?:[A-Z][a-z0-9]*)+\b|\b[a-z0-9]+(?:_[a-z0-9]+)+\b/;

async function answer(actor: UserActor, text: string): Promise<string> {
  try {
    return (await runTextCommand(deps, actor, text)).text;
  } catch (e) {
    if (e instanceof DomainError) return errorText(e, 'zh-CN');
    throw e;
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock: testClock('2026-12-02T02:00:00Z') });
  const team = await insertTeam(database, 'zh');
  await database.db.update(users).set({ locale: 'zh-CN' });
  // The fixture keeps team customers apart by a suffix; here the customer is found by its name.
  await database.db
    .update(customers)
    .set({ normalizedName: foldCompanyName('Acme Tools') })
    .where(eq(customers.id, team.customer.id));
  await insertOrder(database, {
    number: 'SO-2026-00601',
    ownerId: team.rep.id,
    customerId: team.customer.id,
    parts: [{ dueOn: '2026-11-20', amountMinor: 100_000 }],
  });
  rep = { kind: 'user', user: await requireUser(deps, { by: 'id', id: team.rep.id }) };
  finance = { kind: 'user', user: await requireUser(deps, { by: 'id', id: team.finance.id }) };
});
afterAll(async () => {
  await database?.close();
});

describe('Chinese refusals name no ASCII field identifier', () => {
  it.each([
    ['unknown plan', 'rep', '订单 新建 客户:"Acme Tools" 明细:A100*2@99.50 付款计划:nope'],
    ['unknown SKU', 'rep', '订单 新建 客户:"Acme Tools" 产品:NOPE-1 数量:2 付款计划:net-30'],
    ['bad amount (price)', 'rep', '订单 新建 客户:"Acme Tools" 明细:A100*2@abc 付款计划:net-30'],
    ['bad amount (quantity)', 'rep', '订单 新建 客户:"Acme Tools" 产品:A100 数量:lots 付款计划:net-30'],
    ['bad amount (receipt)', 'finance', '应收 收款 SO-2026-00601 很多'],
    ['bad date (promise)', 'rep', '应收 承诺 SO-2026-00601 某天'],
    ['bad date (invoice)', 'finance', '应收 开票 SO-2026-00601 1 INV-9 2026-13-45'],
    ['bad credit limit', 'finance', '客户 编辑 "Acme Tools" 信用额度:很多'],
    ['unknown default plan', 'finance', '客户 编辑 "Acme Tools" defaultPaymentPlan:nope'],
    // Not a refusal: the saved fields are named in Chinese too (信用额度, not creditLimit).
    ['saved credit limit', 'finance', '客户 编辑 "Acme Tools" 额度:5000'],
  ] as const)('%s', async (_name, who, text) => {
    const reply = await answer(who === 'rep' ? rep : finance, text);
    expect(reply).toMatch(/[\u4e00-\u9fff]/);
    expect(reply).not.toMatch(identifier);
  });
});

describe('a customer key that names no field', () => {
  it('is refused with the keys to write, and changes nothing', async () => {
    const before = await database.db.select().from(customers).where(eq(customers.name, 'Acme Tools'));
    const reply = await answer(finance, '客户 编辑 "Acme Tools" 客户级别:gold');
    expect(reply).toContain('客户级别：不是客户字段');
    expect(reply).toContain('信用额度');
    const after = await database.db.select().from(customers).where(eq(customers.name, 'Acme Tools'));
    expect(after).toEqual(before);
  });

  it('客户等级 is read as the tier, as the customer import reads it', async () => {
    const reply = await answer(finance, '客户 编辑 "Acme Tools" 客户等级:nope');
    // The tier is checked against closeloop.yaml rather than dropped.
    expect(reply).not.toContain('不是客户字段');
    expect(reply).toMatch(/等级|tier/);
  });
});
