// Use case: finance acknowledges a reconciliation exception; the card in the finance channel shows who and when.
import { and, eq } from 'drizzle-orm';
import { bankTransactions, reconExceptions, users } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { reconExceptionCard } from '../../messages/catalogue/reconcile.ts';
import { allowed } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { decidedAt, exceptionCardData, splitSoFar } from './exception-card-data.ts';

export type AcknowledgeOutcome =
  | { acknowledged: true }
  | { acknowledged: false; by: string }
  | { acknowledged: false; forbidden: true };

export async function acknowledgeException(
  deps: AppDeps,
  actor: UserActor,
  exceptionId: string,
): Promise<AcknowledgeOutcome> {
  if (!allowed(deps, actor, 'recon.decide')) return { acknowledged: false, forbidden: true };
  if (!isUuid(exceptionId)) throw notFound('recon_exception_unknown', { id: exceptionId });
  return inTransaction(deps, actor, async (uow) => {
    // Conditional on still being open: of two finance users clicking at once, exactly one acknowledges.
    const [row] = await uow.tx
      .update(reconExceptions)
      .set({ status: 'acknowledged', acknowledgedBy: actor.user.id, acknowledgedAt: uow.now })
      .where(and(eq(reconExceptions.id, exceptionId), eq(reconExceptions.status, 'open')))
      .returning();
    if (!row) {
      const [existing] = await uow.tx
        .select({ by: users.name })
        .from(reconExceptions)
        .leftJoin(users, eq(users.id, reconExceptions.acknowledgedBy))
        .where(eq(reconExceptions.id, exceptionId));
      if (!existing) throw notFound('recon_exception_unknown', { id: exceptionId });
      return { acknowledged: false, by: existing.by ?? '?' };
    }
    await uow.audit({
      action: 'recon_exception.acknowledge',
      entityType: 'recon_exception',
      entityId: row.id,
      before: { status: 'open' },
      after: { status: 'acknowledged', acknowledgedBy: actor.user.id, acknowledgedAt: uow.now },
    });
    const [txn] = await uow.tx
      .select()
      .from(bankTransactions)
      .where(eq(bankTransactions.id, row.bankTransactionId));
    if (!txn) throw new Error(`bank transaction ${row.bankTransactionId} is missing`);
    const at = decidedAt(deps, uow.now);
    const split = await splitSoFar(deps, uow, row.id, txn.id);
    await uow.update(`recon:${row.id}`, (locale) =>
      reconExceptionCard(
        {
          ...exceptionCardData(row, txn),
          ...(split ? { split, bankTransactionId: txn.id } : {}),
          acknowledged: { by: actor.user.name, at },
        },
        locale,
      ),
    );
    return { acknowledged: true };
  });
}
