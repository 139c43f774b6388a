import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../src/app/commands/run-text-command.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';
import { insertOrder, insertTeam, type Team } from './fixtures.ts';

describe('ar / 应收', () => {
  let database: TestDatabase;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;

  beforeAll(async () => {
    database = await createTestDatabase();
    // 2026-11-10 in Shanghai.
    deps = testDeps(database, { clock: testClock('2026-11-10T02:00:00Z') });
    team = await insertTeam(database);
    const base = { customerId: team.customer.id, ownerId: team.rep.id };
    await insertOrder(database, {
      ...base,
      number: 'SO-2026-00001',
      parts: [
        { dueOn: '2026-11-05', amountMinor: 10_000, paidMinor: 2_500, label: 'On signing' },
        { dueOn: '2026-11-16', amountMinor: 20_000, label: 'On delivery' },
        { dueOn: '2026-11-17', amountMinor: 30_000, label: 'On acceptance' },
      ],
    });
    await insertOrder(database, {
      ...base,
      number: 'SO-2026-00002',
      parts: [
        { dueOn: '2026-11-01', amountMinor: 5_000, paidMinor: 5_000 },
        { dueOn: '2026-11-10', amountMinor: 4_000 },
      ],
    });
    await insertOrder(database, {
      ...base,
      number: 'SO-2026-00003',
      status: 'cancelled',
      parts: [{ dueOn: '2026-11-01', amountMinor: 9_000 }],
    });
    await insertOrder(database, {
      customerId: team.customer.id,
      ownerId: team.rep2.id,
      number: 'SO-2026-00004',
      parts: [{ dueOn: '2026-11-01', amountMinor: 9_000 }],
    });
  });

  afterAll(async () => {
    await database.close();
  });

  const actorOf = async (id: string) => ({
    kind: 'user' as const,
    user: await requireUser(deps, { by: 'id', id }),
  });

  const rowsOf = (reply: { card?: { items?: { text: string }[] } }) =>
    (reply.card?.items ?? []).map((i) => i.text).join('\n');

  it('lists my overdue receivables and those due in the next 7 days', async () => {
    const actor = { kind: 'user' as const, user: await requireUser(deps, { by: 'id', id: team.rep.id }) };
    const reply = await runTextCommand(deps, actor, 'ar');
    expect(reply.card?.title).toBe('My receivables');
    expect(reply.tone).toBe('warning');
    expect(reply.card?.body?.split('\n')).toEqual([
      '**Overdue** (1, CNY 75.00)',
      '',
      '**Due in the next 7 days** (2, CNY 240.00)',
      '',
      '**Overdue by age** · 0–30 days: CNY 75.00 · 31–60: 0 · 61–90: 0 · 90+: 0',
      '',
      // Fell due in the last 30 days: 100.00 (25.00 in), 50.00 (paid), 40.00 (today, open) → 75.00 of 190.00.
      '**Collection rate**, last 30 days: 39.5% of CNY 190.00',
    ]);
    // Each installment is a row with its own buttons: Open and Promise… for the rep, no Mark received (finance's).
    expect(reply.card?.items?.map((i) => i.text)).toEqual([
      'SO-2026-00001 · Acme Tools · On signing · due 2026-11-05 · CNY 75.00 · 5 days overdue',
      'SO-2026-00002 · Acme Tools · Part 2 · due 2026-11-10 · CNY 40.00',
      'SO-2026-00001 · Acme Tools · On delivery · due 2026-11-16 · CNY 200.00',
    ]);
    expect(reply.card?.items?.[0]?.actions.map((a) => a.id)).toEqual(['order.show', 'payment.promise']);
  });

  it('finance gets Mark received… on the rows it sees', async () => {
    const finance = {
      kind: 'user' as const,
      user: await requireUser(deps, { by: 'id', id: team.finance.id }),
    };
    const reply = await runTextCommand(deps, finance, 'ar acme');
    expect(reply.card?.items?.[0]?.actions.map((a) => a.id)).toEqual([
      'order.show',
      'payment.promise',
      'payment.record',
    ]);
  });

  it("ar team: a manager sees the reports' receivables; a rep without reports is told what it is for", async () => {
    const manager = {
      kind: 'user' as const,
      user: await requireUser(deps, { by: 'id', id: team.manager.id }),
    };
    const reply = await runTextCommand(deps, manager, 'ar team');
    expect(reply.card?.title).toBe("My team's receivables");
    // rep (SO-2026-00001, -00002) and rep2 (SO-2026-00004, 90.00 due 11-01) both report to the manager.
    expect(reply.card?.body).toContain('**Overdue** (2, CNY 165.00)');
    expect(rowsOf(reply)).toContain('SO-2026-00004');
    const rep = { kind: 'user' as const, user: await requireUser(deps, { by: 'id', id: team.rep.id }) };
    const refused = await runTextCommand(deps, rep, 'ar team');
    expect(refused.text).toBe(
      '"ar team" is for managers: it lists the receivables of the people who report to you.',
    );
  });

  it('ar <customer>: by part of the name; a rep sees only their own orders of that customer', async () => {
    const rep = { kind: 'user' as const, user: await requireUser(deps, { by: 'id', id: team.rep.id }) };
    const reply = await runTextCommand(deps, rep, 'ar acme');
    expect(reply.card?.title).toBe('Receivables of Acme Tools');
    expect(rowsOf(reply)).not.toContain('SO-2026-00004');
    const finance = {
      kind: 'user' as const,
      user: await requireUser(deps, { by: 'id', id: team.finance.id }),
    };
    expect(rowsOf(await runTextCommand(deps, finance, 'ar acme'))).toContain('SO-2026-00004');
    const none = await runTextCommand(deps, rep, 'ar nobody');
    expect(none.text).toBe('No customer of yours matches "nobody".');
  });

  it('answers 应收 in Chinese, and says so when there is nothing', async () => {
    const actor = { kind: 'user' as const, user: await requireUser(deps, { by: 'id', id: team.rep2.id }) };
    const reply = await runTextCommand(deps, actor, '应收');
    expect(reply.card?.title).toBe('我的应收');
    expect(rowsOf(reply)).toContain('SO-2026-00004');
    const other = {
      kind: 'user' as const,
      user: await requireUser(deps, { by: 'id', id: team.outsider.id }),
    };
    const empty = await runTextCommand(deps, other, 'ar');
    expect(empty.card?.body).toBe('Nothing overdue and nothing due in the next 7 days.');
  });

  it('finance, owning no order, is not told "nothing overdue" while customers are late: it says the list is only theirs and where the rest is', async () => {
    await database.pool.query(`update users set locale = 'zh-CN' where id = $1`, [team.finance.id]);
    const finance = await actorOf(team.finance.id);
    const reply = await runTextCommand(deps, finance, '应收');
    expect(reply.card?.body).toBe(
      '你自己的订单没有逾期款项，7 天内也没有到期款项。「应收」只列你自己的：全公司的见 `应收 看板`（账龄、逾期客户），某个客户的见 `应收 <客户>`。',
    );
    expect(reply.card?.body).not.toMatch(/^没有逾期款项/);
    // The pointers lead somewhere: the customer's list shows what is overdue.
    expect(rowsOf(await runTextCommand(deps, finance, '应收 acme'))).toContain('逾期');
  });

  it('a manager with nothing of their own is pointed at ar team', async () => {
    const reply = await runTextCommand(deps, await actorOf(team.manager.id), 'ar');
    expect(reply.card?.body).toBe(
      "Nothing overdue and nothing due in the next 7 days on your own orders. `ar` lists only yours: your team's is in `ar team`, one customer's in `ar <customer>`.",
    );
  });
});
