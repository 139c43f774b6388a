// Test fixture: SO-T-4 of the October reports, pending, given its plan and its manager level approved, so that the
// credit check (finance) is the last level — the approval a race test runs while something else changes.
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../../src/app/deps.ts';
import { decideApproval } from '../../../src/app/orders/decide-approval.ts';
import { approvals, installments, orders } from '../../../src/db/schema.ts';
import type { OctoberReports } from './october-reports.ts';

export async function approvingSoT4(r: OctoberReports): Promise<(deps: AppDeps) => Promise<unknown>> {
  const db = r.database.db;
  const [so4] = await db.select({ id: orders.id }).from(orders).where(eq(orders.number, 'SO-T-4'));
  await db.insert(installments).values({
    orderId: so4?.id ?? '',
    position: 1,
    label: 'Net 30',
    dueOn: '2026-11-30',
    amountMinor: 70_000,
    currency: 'CNY',
  });
  const pendingLevel = async () =>
    (await db.select({ id: approvals.id }).from(approvals).where(eq(approvals.status, 'pending')))[0]?.id ??
    '';
  await decideApproval(r.deps, await r.actor(r.ds.m2), {
    approvalId: await pendingLevel(),
    decision: 'approve',
  });
  const last = await pendingLevel();
  const fay = await r.actor(r.ds.finance);
  return (deps) => decideApproval(deps, fay, { approvalId: last, decision: 'approve' });
}
