// Use case: finance undoes every allocation of a bank line (automatic or confirmed); the installments owe again.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { allocations, bankTransactions, installments, reconExceptions } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import type { Proposal } from '../../domain/reconcile/matcher.ts';
import { localDate, localTime } from '../../domain/time.ts';
import { reconExceptionCard } from '../../messages/catalogue/reconcile.ts';
import { allowed } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import { type AppDeps, actorLabel } from '../deps.ts';
import { showCardsOfInstallments } from '../orders/owner-card.ts';
import { inTransaction } from '../unit-of-work.ts';
import { publishPaymentReversed } from '../webhooks/publish-payment-event.ts';
import { activeAllocationsOf } from './post-allocations.ts';

export type UndoOutcome =
  | { undone: true; allocations: number }
  | { undone: false; nothing: true }
  | { undone: false; forbidden: true };

export async function undoMatch(
  deps: AppDeps,
  actor: UserActor,
  bankTransactionId: string,
): Promise<UndoOutcome> {
  if (!allowed(deps, actor, 'recon.decide')) return { undone: false, forbidden: true };
  if (!isUuid(bankTransactionId)) throw notFound('bank_transaction_unknown', { id: bankTransactionId });
  return inTransaction(deps, actor, async (uow) => {
    const [txn] = await uow.tx
      .select()
      .from(bankTransactions)
      .where(eq(bankTransactions.id, bankTransactionId))
      .for('update');
    if (!txn) throw notFound('bank_transaction_unknown', { id: bankTransactionId });
    const active = await activeAllocationsOf(uow, txn.id);
    if (active.length === 0) return { undone: false, nothing: true };
    const reversed: string[] = [];
    for (const a of active) {
      // Conditional on still being active: two undo clicks reverse each allocation once.
      const [gone] = await uow.tx
        .update(allocations)
        .set({ undoneAt: uow.now, undoneBy: actorLabel(actor) })
        .where(and(eq(allocations.id, a.id), isNull(allocations.undoneAt)))
        .returning({ id: allocations.id });
      if (!gone) continue;
      reversed.push(gone.id);
      const [after] = await uow.tx
        .update(installments)
        .set({ paidMinor: sql`${installments.paidMinor} - ${a.amountMinor}`, paidAt: null })
        .where(eq(installments.id, a.installmentId))
        .returning({ paidMinor: installments.paidMinor });
      await uow.audit({
        action: 'allocation.undo',
        entityType: 'installment',
        entityId: a.installmentId,
        before: { paidMinor: (after?.paidMinor ?? 0) + a.amountMinor, allocationId: a.id, kind: a.kind },
        after: { paidMinor: after?.paidMinor, allocationId: a.id, undoneAt: uow.now },
      });
    }
    // The update moves the line's sync stamp too: the payments feed shows it again with the allocations reversed.
    await uow.tx.update(bankTransactions).set({ status: 'unmatched' }).where(eq(bankTransactions.id, txn.id));

    // The line goes back to finance: its exception reopens (or, for an automatic match, one is opened).
    const tz = deps.policy.org.timezone;
    const at = `${localDate(uow.now, tz)} ${localTime(uow.now, tz)}`;
    const [existing] = await uow.tx
      .select()
      .from(reconExceptions)
      .where(eq(reconExceptions.bankTransactionId, txn.id))
      .for('update');
    const [exception] = existing
      ? await uow.tx
          .update(reconExceptions)
          .set({
            kind: 'undone',
            status: 'open',
            resolvedBy: null,
            resolvedAt: null,
            acknowledgedBy: null,
            acknowledgedAt: null,
          })
          .where(eq(reconExceptions.id, existing.id))
          .returning()
      : await uow.tx
          .insert(reconExceptions)
          .values({ bankTransactionId: txn.id, kind: 'undone', suggestions: [], createdAt: uow.now })
          .returning();
    if (!exception) throw new Error('exception row missing');
    await uow.audit({
      action: 'bank_transaction.undo_match',
      entityType: 'bank_transaction',
      entityId: txn.id,
      before: { status: txn.status, allocations: active.map((a) => a.id) },
      after: { status: 'unmatched', exceptionId: exception.id },
    });
    const data = {
      exceptionId: exception.id,
      kind: 'undone' as const,
      reference: exception.detail,
      bookedOn: txn.bookedOn,
      amountMinor: txn.amountMinor,
      currency: txn.currency,
      payer: txn.payer,
      memo: txn.memo,
      bankTxnId: txn.bankTxnId,
      bankTransactionId: txn.id,
      suggestions: (exception.suggestions as Proposal[] | null) ?? [],
      undone: { by: actor.user.name, at },
    };
    const refKey = `recon:${exception.id}`;
    if (existing) await uow.update(refKey, (locale) => reconExceptionCard(data, locale));
    else
      await uow.post({ kind: 'channel', name: deps.policy.reconcile.financeChannel }, refKey, (locale) =>
        reconExceptionCard(data, locale),
      );
    await publishPaymentReversed(uow, txn.id, reversed);
    await showCardsOfInstallments(
      uow,
      active.map((a) => a.installmentId),
    );
    return { undone: true, allocations: active.length };
  });
}
