import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../src/app/commands/dispatch-action.ts';
import { importStatement } from '../../src/app/reconcile/import-statement.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import {
  type MatchContext,
  matchLine,
  noTolerance,
  type OpenInstallment,
  type Proposal,
} from '../../src/domain/reconcile/matcher.ts';
import { highestConfidenceFirst } from '../../src/domain/reconcile/suggestion-order.ts';
import { insertOrder, insertTeam, outboxRows, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

const inst = (id: string, dueOn: string, amountMinor: number): OpenInstallment => ({
  id,
  orderId: `o-${id}`,
  orderNumber: `SO-2026-000${id}`,
  customerId: 'acme',
  position: 1,
  label: 'Part',
  dueOn,
  amountMinor,
  settledMinor: 0,
  currency: 'CNY',
  invoiceNo: null,
});

const ctx = (payerInstallments: OpenInstallment[]): MatchContext => ({
  referenced: [],
  payerInstallments,
  payerCustomer: 'acme',
  sameAmount: [],
  receipts: [],
  toleranceFor: () => noTolerance,
  autoConfirmAbove: 0.95,
});

const proposal = (over: Partial<Proposal> & { dueOn: string }): Proposal => ({
  basis: 'payer',
  fit: 'exact',
  customerId: 'acme',
  allocations: [
    { installmentId: over.dueOn, orderNumber: 'SO-2026-00001', dueOn: over.dueOn, amountMinor: 100 },
  ],
  writeOffs: [],
  excessMinor: 0,
  confidence: 0.82,
  tied: false,
  ...over,
});

describe("an exception's suggestions are listed by confidence, highest first", () => {
  it('a known payer pays 400.00: the exact 400.00 installment (92%) is listed before the older 100 + 300 pair (85%)', () => {
    const open = [
      inst('11', '2026-09-01', 10_000),
      inst('12', '2026-10-01', 30_000),
      inst('13', '2026-11-01', 40_000),
    ];
    const outcome = matchLine({ amountMinor: 40_000, currency: 'CNY', memo: null, payer: 'Acme' }, ctx(open));
    expect(outcome.kind).toBe('exception');
    if (outcome.kind !== 'exception') return;
    expect(
      outcome.suggestions.map((s) => [s.fit, s.confidence, s.allocations.map((a) => a.installmentId)]),
    ).toEqual([
      ['exact', 0.92, ['13']],
      ['combination', 0.85, ['11', '12']],
    ]);
  });

  it('equal confidence: the amount closest to the line first, then the oldest due date', () => {
    const far = proposal({ dueOn: '2026-09-01', fit: 'over', excessMinor: 300 });
    const nearLate = proposal({
      dueOn: '2026-12-01',
      fit: 'under',
      writeOffs: [{ installmentId: 'x', amountMinor: 100 }],
    });
    const nearEarly = proposal({ dueOn: '2026-10-01', fit: 'over', excessMinor: 100 });
    const surer = proposal({ dueOn: '2027-01-01', confidence: 0.92 });
    expect(highestConfidenceFirst([far, nearLate, nearEarly, surer])).toEqual([
      surer,
      nearEarly,
      nearLate,
      far,
    ]);
  });
});

describe('the exception card lists the surest suggestion first, and Confirm 1 posts that one', () => {
  let database: TestDatabase;
  let team: Team;
  let deps: ReturnType<typeof testDeps>;
  let ids: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = testDeps(database, { clock: testClock('2026-11-10T02:00:00Z') });
    team = await insertTeam(database);
    const parts = [
      { dueOn: '2026-09-01', amountMinor: 10_000 },
      { dueOn: '2026-10-01', amountMinor: 30_000 },
      { dueOn: '2026-11-01', amountMinor: 40_000 },
    ];
    ({ installmentIds: ids } = await insertOrder(database, {
      number: 'SO-2026-00031',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts,
    }));
  });

  afterAll(async () => {
    await database.close();
  });

  it('Acme Tools pays 400.00 without a memo: 92% (the 400.00 installment) is suggestion 1, 85% (100 + 300) is 2', async () => {
    const csv = ['date,amount,currency,payer,memo,bank_txn_id', '2026-11-09,400.00,CNY,Acme Tools,,B-1'].join(
      '\n',
    );
    expect(await importStatement(deps, { kind: 'api', keyName: 'bank' }, { csv })).toMatchObject({
      exceptions: 1,
    });
    const [ex] = (await database.pool.query('select id from recon_exceptions')).rows;
    const [card] = await outboxRows(database, `recon:${ex.id}`);
    const body = card!.card.body ?? '';
    expect(body).toMatch(/1\. 92% — [^\n]*2026-11-01[^\n]*\n2\. 85% — [^\n]*2026-09-01/);

    const finance = {
      kind: 'user' as const,
      user: await requireUser(deps, { by: 'id', id: team.finance.id }),
    };
    const reply = await dispatchAction(deps, finance, { action: 'recon.confirm', entityId: `${ex.id}:0` });
    expect(reply.tone).toBe('success');
    const paid = await database.pool.query('select id, paid_minor from installments order by due_on');
    expect(paid.rows.map((r) => Number(r.paid_minor))).toEqual([0, 0, 40_000]);
    expect(paid.rows[2].id).toBe(ids[2]);
  });
});
