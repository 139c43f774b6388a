import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { matchManually } from '../../src/app/reconcile/match-manually.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

const header = 'date,amount,currency,payer,payer_account,memo,bank_txn_id';
const bank = { kind: 'api' as const, keyName: 'bank' };

describe('Match manually: finance names the orders a bank line paid', () => {
  let database: TestDatabase;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  let a: string[];
  let b: string[];
  const clock = testClock('2026-11-10T02:00:00Z');

  const actorFor = async (id: string) => ({
    kind: 'user' as const,
    user: await requireUser(deps, { by: 'id', id }),
  });
  const exceptionOf = async (bankTxnId: string) =>
    (
      await database.pool.query(
        `select e.id, e.status, t.id as txn, t.status as txn_status
         from recon_exceptions e join bank_transactions t on t.id = e.bank_transaction_id where t.bank_txn_id = $1`,
        [bankTxnId],
      )
    ).rows[0];
  const paid = async (ids: string[]) =>
    Object.fromEntries(
      (
        await database.pool.query('select id, paid_minor from installments where id = any($1)', [ids])
      ).rows.map((r) => [r.id, Number(r.paid_minor)]),
    );
  const counts = async () => ({
    allocations: await countRows(database, 'allocations'),
    outbox: await countRows(database, 'outbox'),
    audit_log: await countRows(database, 'audit_log'),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock });
    team = await insertTeam(database);
    ({ installmentIds: a } = await insertOrder(database, {
      number: 'SO-2026-00051',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [
        { dueOn: '2026-10-01', amountMinor: 30_000 },
        { dueOn: '2026-12-01', amountMinor: 30_000 },
      ],
    }));
    ({ installmentIds: b } = await insertOrder(database, {
      number: 'SO-2026-00052',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-11-01', amountMinor: 50_000 }],
    }));
    await insertOrder(database, {
      number: 'SO-2026-00053',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      currency: 'USD',
      parts: [{ dueOn: '2026-11-01', amountMinor: 90_000 }],
    });
    await importStatement(deps, bank, {
      csv: [header, '2026-11-10,1000.00,CNY,Nobody Known,,misc,M-1'].join('\n'),
    });
  });

  afterAll(async () => {
    await database.close();
  });

  it('a rep is refused as a value; nothing is written', async () => {
    const e = await exceptionOf('M-1');
    const before = await counts();
    expect(await matchManually(deps, await actorFor(team.rep.id), e.id, 'SO-2026-00051')).toEqual({
      matched: false,
      forbidden: true,
    });
    expect(await counts()).toEqual(before);
    expect(e.status).toBe('open');
  });

  it('an unknown order, another currency or more than the orders owe is refused naming orders; nothing is written', async () => {
    const e = await exceptionOf('M-1');
    const finance = await actorFor(team.finance.id);
    const before = await counts();
    await expect(matchManually(deps, finance, e.id, 'SO-2026-00051, SO-2099-00001')).rejects.toMatchObject({
      kind: 'invalid',
      code: 'recon_match_unknown',
      field: 'orders',
      vars: { value: 'SO-2099-00001' },
    });
    await expect(matchManually(deps, finance, e.id, 'SO-2026-00053')).rejects.toMatchObject({
      code: 'recon_match_currency',
      field: 'orders',
    });
    // ¥1,000.00 against SO-2026-00051's ¥600.00 alone.
    await expect(matchManually(deps, finance, e.id, 'SO-2026-00051')).rejects.toMatchObject({
      code: 'recon_match_exceeds',
      field: 'orders',
    });
    expect(await counts()).toEqual(before);
    expect((await exceptionOf('M-1')).status).toBe('open');
    expect(await paid([...a, ...b])).toEqual({ [a[0]!]: 0, [a[1]!]: 0, [b[0]!]: 0 });
  });

  it('allocates across two orders oldest installment first, resolves the exception and edits its card', async () => {
    const e = await exceptionOf('M-1');
    const finance = await actorFor(team.finance.id);
    const reply = await dispatchAction(deps, finance, {
      action: 'recon.match',
      entityId: e.id,
      // The second in the compact form the card's placeholder and a bank memo show (SO202600012).
      input: 'so-2026-00052，SO202600051',
    });
    expect(reply.tone).toBe('success');
    // ¥1,000.00: 10-01 (¥300) and 11-01 (¥500) in full, then ¥200 of 12-01.
    expect(await paid([...a, ...b])).toEqual({ [a[0]!]: 30_000, [b[0]!]: 50_000, [a[1]!]: 20_000 });
    const allocs = (
      await database.pool.query(
        'select kind, amount_minor from allocations where bank_transaction_id = $1 order by amount_minor',
        [e.txn],
      )
    ).rows;
    expect(allocs.map((r) => [r.kind, Number(r.amount_minor)])).toEqual([
      ['manual', 20_000],
      ['manual', 30_000],
      ['manual', 50_000],
    ]);
    const after = await exceptionOf('M-1');
    expect(after).toMatchObject({ status: 'resolved', txn_status: 'matched' });
    const audit = await database.pool.query(
      `select after from audit_log where action = 'recon_exception.match' and entity_id = $1`,
      [e.id],
    );
    expect(audit.rows[0]?.after).toMatchObject({ status: 'resolved' });
    const updates = (await outboxRows(database, `recon:${e.id}`)).filter((r) => r.op === 'update');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates[0]!.card.body).toContain('手动匹配到 SO-2026-00051, SO-2026-00052');
    expect(updates[0]!.card.actions.map((x) => x.id)).toEqual(['recon.undo']);

    expect(await matchManually(deps, finance, e.id, 'SO-2026-00051')).toEqual({
      matched: false,
      by: team.finance.name,
    });
  });
});
