// Use case: finance hands an open exception to another finance user (by name or email); the card says so
// everywhere and lands in the new assignee's direct messages.
import { eq } from 'drizzle-orm';
import { bankTransactions, reconExceptions } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { reconExceptionCard } from '../../messages/catalogue/reconcile.ts';
import { allowed } from '../access/ask.ts';
import { activePeopleWhoMay } from '../access/people-who-may.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { exceptionCardData } from './exception-card-data.ts';
import { lockOpenException } from './lock-open-exception.ts';

export type AssignOutcome =
  | { assigned: true; name: string }
  | { assigned: false; unknown: string }
  | { assigned: false; ambiguous: string[] }
  | { assigned: false; by: string }
  | { assigned: false; forbidden: true };

export async function assignException(
  deps: AppDeps,
  actor: UserActor,
  exceptionId: string,
  who: string | undefined,
): Promise<AssignOutcome> {
  if (!allowed(deps, actor, 'recon.decide')) return { assigned: false, forbidden: true };
  if (!isUuid(exceptionId)) throw notFound('recon_exception_unknown', { id: exceptionId });
  const q = (who ?? '').trim();
  return inTransaction(deps, actor, async (uow) => {
    const finance = await activePeopleWhoMay(deps, uow.tx, 'recon.work');
    const needle = q.toLowerCase();
    // An exact email or name wins; otherwise a unique partial name.
    const exact = finance.filter((u) => u.email.toLowerCase() === needle || u.name.toLowerCase() === needle);
    const partial = finance.filter((u) => needle !== '' && u.name.toLowerCase().includes(needle));
    const found = exact.length > 0 ? exact : partial;
    if (found.length === 0) return { assigned: false, unknown: q };
    if (found.length > 1) return { assigned: false, ambiguous: found.map((u) => u.name) };
    const assignee = found[0] as (typeof found)[number];

    const taken = await lockOpenException(uow, exceptionId);
    if (!taken.open) return { assigned: false, by: taken.by };
    const row = taken.row;
    // A new assignee gets a fresh day before the untouched-reminder.
    await uow.tx
      .update(reconExceptions)
      .set({ assignedTo: assignee.id, remindedAt: null })
      .where(eq(reconExceptions.id, row.id));
    await uow.audit({
      action: 'recon_exception.assign',
      entityType: 'recon_exception',
      entityId: row.id,
      before: { assignedTo: row.assignedTo },
      after: { assignedTo: assignee.id },
    });
    const [txn] = await uow.tx
      .select()
      .from(bankTransactions)
      .where(eq(bankTransactions.id, row.bankTransactionId));
    if (!txn) throw new Error(`bank transaction ${row.bankTransactionId} is missing`);
    const build = (locale: 'en' | 'zh-CN') =>
      reconExceptionCard(
        {
          ...exceptionCardData(row, txn),
          bankTransactionId: txn.id,
          assignee: assignee.name,
        },
        locale,
      );
    const refKey = `recon:${row.id}`;
    await uow.update(refKey, build);
    // The same refKey: whatever happens to the exception later edits the assignee's copy too.
    await uow.post({ kind: 'user', userId: assignee.id }, refKey, build);
    return { assigned: true, name: assignee.name };
  });
}
