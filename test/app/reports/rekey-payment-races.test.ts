// A lead re-sourced (its roll-up rows moved to the new source) while a payment on its order, a bank statement paying it
// or its order's last approval commits: whichever commits first, finance's receivables by source show the money under
// the lead's new source, and the roll-ups equal a full rebuild. The October dataset: SO-T-2 (CNY 500.00 — a 300.00
// deposit overdue, 200.00 due 20 November) is made L4's (expo); SO-T-4 (700.00, pending) L6's (web).
import { eq } from 'drizzle-orm';
import type pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importStatement } from '../../../src/app/reconcile/import-statement.ts';
import { recordReceipt } from '../../../src/app/reconcile/record-receipt.ts';
import { readReceivablesReport } from '../../../src/app/reports/read-receivables-report.ts';
import { leads, orders } from '../../../src/db/schema.ts';
import type { Period } from '../../../src/domain/reports/period.ts';
import type { ScopeRequest } from '../../../src/domain/reports/scope.ts';
import { expectRollUpsMatchRebuild } from '../../db/reports/rollups-match-rebuild.ts';
import { holdCommit } from '../../helpers/held-commit.ts';
import { waitsForLock } from '../../helpers/lock-waits.ts';
import { approvingSoT4 } from './approving-so-t4.ts';
import { type OctoberReports, openOctoberReports } from './october-reports.ts';

const october: Period = { kind: 'range', from: '2026-10-01', to: '2026-10-31' };
const web: ScopeRequest = { kind: 'source', source: 'web' };

let o: OctoberReports | undefined;
let rekey: pg.PoolClient | undefined;

async function open(): Promise<OctoberReports> {
  o = await openOctoberReports();
  const db = o.database.db;
  const [l4] = await db.select({ id: leads.id }).from(leads).where(eq(leads.name, 'L4'));
  await db.update(orders).set({ leadId: l4?.id }).where(eq(orders.number, 'SO-T-2'));
  return o;
}

afterEach(async () => {
  rekey?.release();
  rekey = undefined;
  await o?.database.close();
  o = undefined;
});

// The transaction an admin's correction of a lead's source runs in, left open until the test commits it.
async function resource(r: OctoberReports): Promise<pg.PoolClient> {
  rekey = await r.database.pool.connect();
  await rekey.query('begin');
  return rekey;
}

// Runs `work` while the lead's new source is written but not committed: once the work is done or waits for a lock, the
// re-source commits; the work's outcome.
async function whileResourced<T>(
  r: OctoberReports,
  lead: string,
  source: string,
  work: () => Promise<T>,
): Promise<T> {
  const tx = await resource(r);
  await tx.query('update leads set source = $1 where name = $2', [source, lead]);
  let done = false;
  const working = work().finally(() => {
    done = true;
  });
  // On the old code the work ran through under the old source without waiting; now it waits for the lead.
  await vi.waitFor(async () => expect(done || (await waitsForLock(r.database.pool))).toBe(true), {
    timeout: 30_000,
    interval: 20,
  });
  await tx.query('commit');
  return working;
}

const pay = async (r: OctoberReports, deps = r.deps) =>
  recordReceipt(deps, await r.actor(r.ds.finance), { order: 'SO-T-2', amount: '100.00', source: 'manual' });

// What finance reads once both committed: what SO-T-2 still owes is web's now (no lead is expo's any more), in the
// totals and in the DSO trend: nothing owed before its approval on 15 October, 500.00 at the end of October, the rest
// today. By default after 100.00 of the deposit came in.
async function expectPaymentUnderNewSource(
  r: OctoberReports,
  left = { open: 40_000, overdue: 20_000, count: 2 },
) {
  const finance = await r.actor(r.ds.finance);
  const byWeb = await readReceivablesReport(r.deps, finance, { period: october, scope: web });
  expect(byWeb).toMatchObject({
    open: { CNY: left.open },
    overdue: left.overdue ? { CNY: left.overdue } : {},
    openCount: left.count,
  });
  const trend = byWeb.dsoTrend.flatMap((t) => t.points.map((p) => ({ day: p.day, openMinor: p.openMinor })));
  expect(trend).toEqual([
    ...['2026-05-31', '2026-06-30', '2026-07-31', '2026-08-31', '2026-09-30'].map((day) => ({
      day,
      openMinor: 0,
    })),
    { day: '2026-10-31', openMinor: 50_000 },
    { day: '2026-11-02', openMinor: left.open },
  ]);
}

describe('a payment or an approval committing while its lead is re-sourced', () => {
  it('the re-source commits first: the payment waits for it and lands under the new source', async () => {
    const r = await open();
    expect(await whileResourced(r, 'L4', 'web', () => pay(r))).toMatchObject({ recorded: true });

    await expectPaymentUnderNewSource(r);
    await expectRollUpsMatchRebuild(r.database);
  });

  it('the payment commits first: the re-source waits for it and moves the payment with the lead', async () => {
    const r = await open();
    const held = holdCommit(r.deps);
    const paying = pay(r, held.deps);
    await held.held;
    const tx = await resource(r);
    const moving = tx.query(`update leads set source = 'web' where name = 'L4'`);
    await vi.waitFor(async () => expect(await waitsForLock(r.database.pool, 'update leads')).toBe(true), {
      timeout: 30_000,
      interval: 20,
    });
    held.commit();
    expect(await paying).toMatchObject({ recorded: true });
    await moving;
    await tx.query('commit');

    await expectPaymentUnderNewSource(r);
    await expectRollUpsMatchRebuild(r.database);
  });

  it('a bank statement (its allocations written before the installments) waits for the re-source the same way', async () => {
    const r = await open();
    const finance = await r.actor(r.ds.finance);
    const importing = () =>
      importStatement(r.deps, finance, {
        csv: [
          'date,amount,currency,payer,payer_account,memo,bank_txn_id',
          '2026-11-02,300.00,CNY,Acme Tools,,SO-T-2,B-1',
        ].join('\n'),
      });
    expect(await whileResourced(r, 'L4', 'web', importing)).toMatchObject({ matched: 1 });

    await expectPaymentUnderNewSource(r, { open: 20_000, overdue: 0, count: 1 });
    await expectRollUpsMatchRebuild(r.database);
  });

  it('an order approved while its lead is re-sourced is owed under the new source', async () => {
    const r = await open();
    const db = r.database.db;
    const [l6] = await db.select({ id: leads.id }).from(leads).where(eq(leads.name, 'L6'));
    await db.update(orders).set({ leadId: l6?.id }).where(eq(orders.number, 'SO-T-4'));
    const approveLast = await approvingSoT4(r);
    const approving = () => approveLast(r.deps);
    const fay = await r.actor(r.ds.finance);
    expect(await whileResourced(r, 'L6', 'expo', approving)).toMatchObject({ orderApproved: true });

    // SO-T-4's 700.00 is expo's beside SO-T-2's 500.00; web (SO-T-1, paid) owed nothing at any point.
    const read = (scope: ScopeRequest) => readReceivablesReport(r.deps, fay, { period: october, scope });
    expect((await read({ kind: 'source', source: 'expo' })).open).toEqual({ CNY: 120_000 });
    const byWeb = await read(web);
    expect(byWeb.open).toEqual({});
    expect(byWeb.dsoTrend.flatMap((t) => t.points).filter((p) => p.openMinor !== 0)).toEqual([]);

    await expectRollUpsMatchRebuild(r.database);
  });
});
