// Use case: finance confirms one of the matcher's suggestions on an exception card; the payer is learned from it.
import { and, eq } from 'drizzle-orm';
import { bankTransactions, reconExceptions } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import type { Proposal } from '../../domain/reconcile/matcher.ts';
import { proposalReason, reconExceptionCard } from '../../messages/catalogue/reconcile.ts';
import { allowed } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { publishReconResolved } from '../webhooks/publish-record-event.ts';
import { decidedAt, exceptionCardData } from './exception-card-data.ts';
import { lockOpenException } from './lock-open-exception.ts';
import { activeAllocationsOf, learnPayer, postAllocations, stillOwed } from './post-allocations.ts';

export type ConfirmOutcome =
  | { confirmed: true; allocations: number }
  | { confirmed: false; by: string }
  | { confirmed: false; stale: true }
  | { confirmed: false; forbidden: true };

export async function confirmSuggestion(
  deps: AppDeps,
  actor: UserActor,
  exceptionId: string,
  index: number,
): Promise<ConfirmOutcome> {
  if (!allowed(deps, actor, 'recon.decide')) return { confirmed: false, forbidden: true };
  if (!isUuid(exceptionId)) throw notFound('recon_exception_unknown', { id: exceptionId });
  return inTransaction(deps, actor, async (uow) => {
    const taken = await lockOpenException(uow, exceptionId);
    if (!taken.open) return { confirmed: false, by: taken.by };
    const row = taken.row;
    const suggestions = (row.suggestions as Proposal[] | null) ?? [];
    const proposal = suggestions[index];
    if (!proposal) throw notFound('recon_suggestion_unknown', { n: index + 1 });
    const [txn] = await uow.tx
      .select()
      .from(bankTransactions)
      .where(eq(bankTransactions.id, row.bankTransactionId))
      .for('update');
    if (!txn) throw new Error(`bank transaction ${row.bankTransactionId} is missing`);
    // The suggestion was made against what was owed then; a payment or manual match since may have changed it.
    if ((await activeAllocationsOf(uow, txn.id)).length > 0 || !(await stillOwed(uow, proposal)))
      return { confirmed: false, stale: true };

    await postAllocations(uow, {
      bankTransactionId: txn.id,
      proposal,
      kind: 'manual',
      reason: `confirmed by ${actor.user.name}: ${proposalReason(proposal, txn.currency, 'en')}`,
    });
    await learnPayer(
      uow,
      { name: txn.payer, account: uow.deps.keyring.decrypt(txn.payerAccount) },
      proposal.customerId,
    );
    await uow.tx
      .update(reconExceptions)
      .set({ status: 'resolved', resolvedBy: actor.user.id, resolvedAt: uow.now })
      .where(and(eq(reconExceptions.id, row.id), eq(reconExceptions.status, 'open')));
    await uow.audit({
      action: 'recon_exception.confirm',
      entityType: 'recon_exception',
      entityId: row.id,
      before: { status: 'open' },
      after: { status: 'resolved', suggestion: index + 1, customerId: proposal.customerId },
    });
    await publishReconResolved(uow, row.id, 'confirmed');
    const at = decidedAt(deps, uow.now);
    await uow.update(`recon:${row.id}`, (locale) =>
      reconExceptionCard(
        {
          ...exceptionCardData(row, txn),
          bankTransactionId: txn.id,
          confirmed: { by: actor.user.name, at, index },
        },
        locale,
      ),
    );
    return { confirmed: true, allocations: proposal.allocations.length + proposal.writeOffs.length };
  });
}
