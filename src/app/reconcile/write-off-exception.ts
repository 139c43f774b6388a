// Use case: finance writes off an exception with a reason — the top suggestion posts and whatever its installments
// still owe is written off, the way a shortfall within tolerance is; with no suggestion the line itself is written off.
import { and, eq, inArray } from 'drizzle-orm';
import { bankTransactions, installments, reconExceptions } from '../../db/schema.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import type { Proposal } from '../../domain/reconcile/matcher.ts';
import { canWriteOff, type ReconCardKind, reconExceptionCard } from '../../messages/catalogue/reconcile.ts';
import { allowed } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { publishReconResolved } from '../webhooks/publish-record-event.ts';
import { decidedAt, exceptionCardData } from './exception-card-data.ts';
import { lockOpenException } from './lock-open-exception.ts';
import { activeAllocationsOf, postAllocations } from './post-allocations.ts';

export type WriteOffOutcome =
  | { writtenOff: true; posted: boolean; diffMinor: number; currency: string }
  | { writtenOff: false; by: string }
  | { writtenOff: false; stale: true }
  | { writtenOff: false; forbidden: true };

export async function writeOffException(
  deps: AppDeps,
  actor: UserActor,
  exceptionId: string,
  reasonText: string | undefined,
): Promise<WriteOffOutcome> {
  if (!allowed(deps, actor, 'recon.decide')) return { writtenOff: false, forbidden: true };
  if (!isUuid(exceptionId)) throw notFound('recon_exception_unknown', { id: exceptionId });
  const reason = (reasonText ?? '').trim();
  if (reason.length < 3) throw invalid('recon_writeoff_reason', 'reason');
  return inTransaction(deps, actor, async (uow) => {
    const taken = await lockOpenException(uow, exceptionId);
    if (!taken.open) return { writtenOff: false, by: taken.by };
    const row = taken.row;
    const suggestions = (row.suggestions as Proposal[] | null) ?? [];
    const kind = row.kind as ReconCardKind;
    if (!canWriteOff(kind, suggestions)) return { writtenOff: false, stale: true };
    const [txn] = await uow.tx
      .select()
      .from(bankTransactions)
      .where(eq(bankTransactions.id, row.bankTransactionId))
      .for('update');
    if (!txn) throw new Error(`bank transaction ${row.bankTransactionId} is missing`);
    if ((await activeAllocationsOf(uow, txn.id)).length > 0) return { writtenOff: false, stale: true };

    const top = suggestions[0];
    let diffMinor = 0;
    if (top) {
      // Against what is owed now (locked): each installment the suggestion touches ends closed, the cash as
      // suggested and the rest written off.
      const ids = [...new Set([...top.allocations, ...top.writeOffs].map((a) => a.installmentId))];
      const owed = await uow.tx
        .select({
          id: installments.id,
          amountMinor: installments.amountMinor,
          paidMinor: installments.paidMinor,
        })
        .from(installments)
        .where(inArray(installments.id, ids))
        .orderBy(installments.id)
        .for('update');
      const cash = new Map<string, number>();
      for (const a of top.allocations)
        cash.set(a.installmentId, (cash.get(a.installmentId) ?? 0) + a.amountMinor);
      const writeOffs: Proposal['writeOffs'] = [];
      for (const i of owed) {
        const rest = i.amountMinor - i.paidMinor - (cash.get(i.id) ?? 0);
        if (rest < 0) return { writtenOff: false, stale: true };
        if (rest > 0) writeOffs.push({ installmentId: i.id, amountMinor: rest });
      }
      if (owed.length !== ids.length) return { writtenOff: false, stale: true };
      diffMinor = writeOffs.reduce((s, w) => s + w.amountMinor, 0);
      await postAllocations(uow, {
        bankTransactionId: txn.id,
        proposal: { ...top, writeOffs },
        kind: 'manual',
        reason: `written off by ${actor.user.name}: ${reason}`,
      });
    } else {
      await uow.tx
        .update(bankTransactions)
        .set({ status: 'written_off' })
        .where(eq(bankTransactions.id, txn.id));
    }
    await uow.tx
      .update(reconExceptions)
      .set({ status: 'resolved', resolvedBy: actor.user.id, resolvedAt: uow.now })
      .where(and(eq(reconExceptions.id, row.id), eq(reconExceptions.status, 'open')));
    await uow.audit({
      action: 'recon_exception.write_off',
      entityType: 'recon_exception',
      entityId: row.id,
      before: { status: 'open', bankTransactionStatus: txn.status },
      after: {
        status: 'resolved',
        reason,
        posted: Boolean(top),
        diffMinor,
        bankTransactionStatus: top ? 'matched' : 'written_off',
      },
    });
    await publishReconResolved(uow, row.id, 'written_off');
    const at = decidedAt(deps, uow.now);
    await uow.update(`recon:${row.id}`, (locale) =>
      reconExceptionCard(
        {
          ...exceptionCardData(row, txn),
          bankTransactionId: txn.id,
          writtenOff: { by: actor.user.name, at, reason, posted: Boolean(top), diffMinor },
        },
        locale,
      ),
    );
    return { writtenOff: true, posted: Boolean(top), diffMinor, currency: txn.currency };
  });
}
