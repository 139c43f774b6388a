// Owns writing a match (allocations, write-offs, settled amounts), learning who the payer is, and who works exceptions.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  allocations,
  bankTransactions,
  installments,
  payerMappings,
  reconExceptions,
} from '../../db/schema.ts';
import { payerKeys } from '../../domain/reconcile/candidate-book.ts';
import type { Proposal } from '../../domain/reconcile/matcher.ts';
import { activePeopleWhoMay } from '../access/people-who-may.ts';
import { actorLabel } from '../deps.ts';
import { showCardsOfInstallments } from '../orders/owner-card.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { publishPaymentReceived } from '../webhooks/publish-payment-event.ts';
import { publishInstallmentEvent } from '../webhooks/publish-record-event.ts';
import { storedPayerKey } from './stored-payer-key.ts';

// The keys live with the matcher's candidate book (pure); kept importable from here for the decision use cases.
export { payerAccountKey, payerNameKey } from '../../domain/reconcile/candidate-book.ts';

// What each installment of the proposal needs to still owe, locked, so a concurrent payment cannot race past it.
export async function stillOwed(uow: UnitOfWork, proposal: Proposal): Promise<boolean> {
  const need = new Map<string, number>();
  for (const a of proposal.allocations)
    need.set(a.installmentId, (need.get(a.installmentId) ?? 0) + a.amountMinor);
  for (const w of proposal.writeOffs)
    need.set(w.installmentId, (need.get(w.installmentId) ?? 0) + w.amountMinor);
  if (need.size === 0) return false;
  const rows = await uow.tx
    .select({ id: installments.id, amountMinor: installments.amountMinor, paidMinor: installments.paidMinor })
    .from(installments)
    .where(inArray(installments.id, [...need.keys()]))
    .orderBy(installments.id)
    .for('update');
  return rows.length === need.size && rows.every((r) => r.amountMinor - r.paidMinor >= (need.get(r.id) ?? 0));
}

// Posts the proposal against installments already checked by stillOwed (or locked while matching).
export async function postAllocations(
  uow: UnitOfWork,
  input: {
    bankTransactionId: string;
    proposal: Proposal;
    // auto: the matcher; manual: finance in chat; erp: a receipt the ERP reported.
    kind: 'auto' | 'manual' | 'erp';
    reason: string;
  },
): Promise<void> {
  const { proposal } = input;
  // Each installment settled here with the allocation that settled it: that names the occurrence of its paid event.
  const settled: { installmentId: string; allocationId: string }[] = [];
  const posted: string[] = [];
  const rows = [
    ...proposal.allocations.map((a) => ({
      installmentId: a.installmentId,
      amountMinor: a.amountMinor,
      kind: input.kind,
    })),
    ...proposal.writeOffs.map((w) => ({
      installmentId: w.installmentId,
      amountMinor: w.amountMinor,
      kind: 'write_off',
    })),
  ];
  for (const row of rows) {
    const [after] = await uow.tx
      .update(installments)
      .set({
        paidMinor: sql`${installments.paidMinor} + ${row.amountMinor}`,
        paidAt: sql`case when ${installments.paidMinor} + ${row.amountMinor} >= ${installments.amountMinor} then ${uow.now.toISOString()}::timestamptz else ${installments.paidAt} end`,
      })
      .where(
        and(
          eq(installments.id, row.installmentId),
          sql`${installments.amountMinor} - ${installments.paidMinor} >= ${row.amountMinor}`,
        ),
      )
      .returning({ paidMinor: installments.paidMinor, paidAt: installments.paidAt });
    if (!after) throw new Error(`installment ${row.installmentId} no longer owes ${row.amountMinor}`);
    // Settled by this very statement (paid_at was set to now): installment.paid, once.
    const settledNow = after.paidAt?.getTime() === uow.now.getTime();
    const [allocation] = await uow.tx
      .insert(allocations)
      .values({
        bankTransactionId: input.bankTransactionId,
        installmentId: row.installmentId,
        amountMinor: row.amountMinor,
        kind: row.kind,
        reason: input.reason,
        createdBy: actorLabel(uow.actor),
        createdAt: uow.now,
      })
      .returning({ id: allocations.id });
    if (allocation) posted.push(allocation.id);
    if (allocation && settledNow)
      settled.push({ installmentId: row.installmentId, allocationId: allocation.id });
    await uow.audit({
      action: row.kind === 'write_off' ? 'installment.write_off' : 'installment.pay',
      entityType: 'installment',
      entityId: row.installmentId,
      before: { paidMinor: after.paidMinor - row.amountMinor },
      after: {
        paidMinor: after.paidMinor,
        paidAt: after.paidAt,
        allocationId: allocation?.id,
        bankTransactionId: input.bankTransactionId,
        kind: row.kind,
      },
    });
  }
  // Also when the line was matched already (a split left open, split again): the update moves the line's sync stamp,
  // so the payments feed shows it again with its new allocations.
  await uow.tx
    .update(bankTransactions)
    .set({ status: 'matched', customerId: proposal.customerId })
    .where(eq(bankTransactions.id, input.bankTransactionId));
  // At the end: the caller may yet decide what the rest of the line is (a split's rest as credit).
  if (proposal.allocations.length > 0)
    uow.atEnd(() => publishPaymentReceived(uow, input.bankTransactionId, posted));
  // Keyed by the settling allocation: an installment paid, undone and paid again is told paid twice, each its own event.
  for (const s of settled)
    await publishInstallmentEvent(uow, 'installment.paid', s.installmentId, s.allocationId);
  await showCardsOfInstallments(
    uow,
    rows.map((r) => r.installmentId),
  );
}

// Every confirmed match teaches who the payer is: by account number first, by name as well.
export async function learnPayer(
  uow: UnitOfWork,
  payer: { name: string | null; account: string | null },
  customerId: string,
): Promise<void> {
  for (const k of payerKeys(payer).map((p) => storedPayerKey(uow.deps.keyring, p))) {
    const [row] = await uow.tx
      .insert(payerMappings)
      .values({ ...k, customerId, createdAt: uow.now, updatedAt: uow.now })
      .onConflictDoUpdate({
        target: [payerMappings.kind, payerMappings.key],
        set: {
          customerId,
          confirmations: sql`case when ${payerMappings.customerId} = ${customerId} then ${payerMappings.confirmations} + 1 else 1 end`,
          updatedAt: uow.now,
        },
      })
      .returning({ id: payerMappings.id, confirmations: payerMappings.confirmations });
    if (row?.confirmations === 1)
      await uow.audit({
        action: 'payer_mapping.learn',
        entityType: 'payer_mapping',
        entityId: row.id,
        after: { ...k, customerId },
      });
  }
}

// Active allocations of a bank line, for undo and for "already matched" checks.
export function activeAllocationsOf(uow: UnitOfWork, bankTransactionId: string) {
  return uow.tx
    .select()
    .from(allocations)
    .where(and(eq(allocations.bankTransactionId, bankTransactionId), isNull(allocations.undoneAt)))
    .orderBy(allocations.createdAt, allocations.id)
    .for('update');
}

// Hands out exceptions to the active people the policy gives exceptions to work (finance by default), the one with
// the fewest open exceptions first (by name on ties), counting each one handed out: two queries for a whole file.
export async function financeQueue(uow: UnitOfWork): Promise<() => { id: string; name: string } | null> {
  const people = await activePeopleWhoMay(uow.deps, uow.tx, 'recon.work');
  const open = new Map<string, number>();
  if (people.length > 0) {
    const counts = await uow.tx
      .select({ id: reconExceptions.assignedTo, n: sql<number>`count(*)::int` })
      .from(reconExceptions)
      .where(
        and(
          eq(reconExceptions.status, 'open'),
          inArray(
            reconExceptions.assignedTo,
            people.map((p) => p.id),
          ),
        ),
      )
      .groupBy(reconExceptions.assignedTo);
    for (const c of counts) if (c.id) open.set(c.id, c.n);
  }
  const rows = people.map((p) => ({ id: p.id, name: p.name, open: open.get(p.id) ?? 0 }));
  return () => {
    let best: (typeof rows)[number] | undefined;
    for (const r of rows) if (!best || r.open < best.open) best = r;
    if (!best) return null;
    best.open += 1;
    return { id: best.id, name: best.name };
  };
}
