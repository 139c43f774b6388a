import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppDeps } from '../../../src/app/deps.ts';
import { recordReceipt } from '../../../src/app/reconcile/record-receipt.ts';
import { readKpiReport } from '../../../src/app/reports/read-kpi-report.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import type { Period } from '../../../src/domain/reports/period.ts';
import { expectRollUpsMatchRebuild } from '../../db/reports/rollups-match-rebuild.ts';
import { holdCommit } from '../../helpers/held-commit.ts';
import { waitsForLock } from '../../helpers/lock-waits.ts';
import { approvingSoT4 } from './approving-so-t4.ts';
import { type OctoberReports, openOctoberReports } from './october-reports.ts';

const november: Period = { kind: 'range', from: '2026-11-01', to: '2026-11-02' };
const admin = { kind: 'system', name: 'test' } as const;

let o: OctoberReports | undefined;

async function open(): Promise<OctoberReports> {
  o = await openOctoberReports();
  return o;
}

afterEach(async () => {
  await o?.database.close();
  o = undefined;
});

const moveRosaToMia = (r: OctoberReports, deps = r.deps) =>
  importRoster(deps, admin, `name,email,manager_email\nRosa Rep,${r.ds.emails.r3},${r.ds.emails.m1}\n`);

const pay = async (r: OctoberReports, deps: AppDeps) =>
  recordReceipt(deps, await r.actor(r.ds.finance), { order: 'SO-T-2', amount: '100.00', source: 'manual' });

// The import holds its commit with Rosa moved; `work` runs meanwhile, and once it is done or waits for a lock, the
// import commits. The work's outcome.
async function whileMoving<T>(r: OctoberReports, work: () => Promise<T>): Promise<T> {
  const held = holdCommit(r.deps);
  const moving = moveRosaToMia(r, held.deps);
  await held.held;
  let done = false;
  const working = work().finally(() => {
    done = true;
  });
  await vi.waitFor(async () => expect(done || (await waitsForLock(r.database.pool))).toBe(true), {
    timeout: 30_000,
    interval: 20,
  });
  held.commit();
  await moving;
  return working;
}

// `work` holds its commit; the import runs meanwhile and, once it waits for a lock (or is done), the work commits.
async function movedWhile<T>(r: OctoberReports, work: (deps: AppDeps) => Promise<T>): Promise<T> {
  const held = holdCommit(r.deps);
  const working = work(held.deps);
  await held.held;
  let done = false;
  const moving = moveRosaToMia(r).finally(() => {
    done = true;
  });
  await vi.waitFor(async () => expect(done || (await waitsForLock(r.database.pool))).toBe(true), {
    timeout: 30_000,
    interval: 20,
  });
  held.commit();
  const outcome = await working;
  await moving;
  return outcome;
}

// What each manager's November KPI shows once both committed.
async function teams(r: OctoberReports) {
  const read = async (who: string) => {
    const k = await readKpiReport(r.deps, await r.actor(who), { period: november });
    return {
      collected: k.tree.figures.collected,
      approvedValue: k.tree.figures.approvedValue,
      ordersApproved: k.tree.figures.ordersApproved,
    };
  };
  return { mia: await read(r.ds.m1), max: await read(r.ds.m2) };
}

const nothing = { collected: {}, approvedValue: {}, ordersApproved: 0 };

describe('a payment or an approval committing while its rep changes manager', () => {
  it('the move commits first: the payment waits for it and counts for the new manager', async () => {
    const r = await open();
    expect(await whileMoving(r, () => pay(r, r.deps))).toMatchObject({ recorded: true });

    expect(await teams(r)).toEqual({ mia: { ...nothing, collected: { CNY: 10_000 } }, max: nothing });
    await expectRollUpsMatchRebuild(r.database);
  });

  it('the payment commits first: the move waits for it and gives it to the new manager', async () => {
    const r = await open();
    expect(await movedWhile(r, (deps) => pay(r, deps))).toMatchObject({ recorded: true });

    expect(await teams(r)).toEqual({ mia: { ...nothing, collected: { CNY: 10_000 } }, max: nothing });
    await expectRollUpsMatchRebuild(r.database);
  });

  it('the move commits first: the last approval waits for it and counts for the new manager', async () => {
    const r = await open();
    const approve = await approvingSoT4(r);
    expect(await whileMoving(r, () => approve(r.deps))).toMatchObject({ orderApproved: true });

    const approved = { ...nothing, approvedValue: { CNY: 70_000 }, ordersApproved: 1 };
    expect(await teams(r)).toEqual({ mia: approved, max: nothing });
    await expectRollUpsMatchRebuild(r.database);
  });

  it('the approval commits first: the move waits for it and gives it to the new manager', async () => {
    const r = await open();
    const approve = await approvingSoT4(r);
    expect(await movedWhile(r, approve)).toMatchObject({ orderApproved: true });

    const approved = { ...nothing, approvedValue: { CNY: 70_000 }, ordersApproved: 1 };
    expect(await teams(r)).toEqual({ mia: approved, max: nothing });
    await expectRollUpsMatchRebuild(r.database);
  });
});
