// Use case (job): nudge the assignee of every reconciliation exception left open for a day — once per exception; the
// exceptions still waiting behind their file's summary card are nudged once per file, with that summary.
import { and, eq, isNotNull, isNull, lte } from 'drizzle-orm';
import { bankTransactions, reconExceptions, users } from '../../db/schema.ts';
import { reconExceptionCard } from '../../messages/catalogue/reconcile.ts';
import { statementSummaryCard } from '../../messages/catalogue/reconcile-summary.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { exceptionCardData, splitSoFar } from './exception-card-data.ts';
import { financeChannel, summaryRefKey, summaryView } from './file-exception-cards.ts';

const jobActor: Actor = { kind: 'system', name: 'recon-exception-reminders' };
const untouchedFor = 24 * 60 * 60 * 1000;

export async function remindStaleExceptions(deps: AppDeps): Promise<{ reminded: number }> {
  const cutoff = new Date(deps.clock.now().getTime() - untouchedFor);
  const stale = await deps.db
    .select({ id: reconExceptions.id })
    .from(reconExceptions)
    .where(
      and(
        eq(reconExceptions.status, 'open'),
        isNull(reconExceptions.remindedAt),
        lte(reconExceptions.createdAt, cutoff),
        isNull(reconExceptions.cardWaitsOnImportId),
      ),
    )
    .orderBy(reconExceptions.createdAt);
  let reminded = 0;
  for (const { id } of stale) {
    const done = await inTransaction(deps, jobActor, async (uow) => {
      // Conditional on still open and not yet reminded: two workers remind once.
      const [row] = await uow.tx
        .update(reconExceptions)
        .set({ remindedAt: uow.now })
        .where(
          and(
            eq(reconExceptions.id, id),
            eq(reconExceptions.status, 'open'),
            isNull(reconExceptions.remindedAt),
          ),
        )
        .returning();
      if (!row) return false;
      const [txn] = await uow.tx
        .select()
        .from(bankTransactions)
        .where(eq(bankTransactions.id, row.bankTransactionId));
      if (!txn) throw new Error(`bank transaction ${row.bankTransactionId} is missing`);
      const [assignee] = row.assignedTo
        ? await uow.tx.select({ name: users.name }).from(users).where(eq(users.id, row.assignedTo))
        : [];
      await uow.audit({
        action: 'recon_exception.remind',
        entityType: 'recon_exception',
        entityId: row.id,
        after: { remindedAt: uow.now, assignedTo: row.assignedTo },
      });
      const split = await splitSoFar(deps, uow, row.id, txn.id);
      const data = {
        ...exceptionCardData(row, txn),
        bankTransactionId: txn.id,
        reminder: true,
        ...(split ? { split } : {}),
        ...(assignee ? { assignee: assignee.name } : {}),
      };
      // To the assignee directly (with the same buttons); with nobody assigned, to the finance channel.
      const target = row.assignedTo
        ? { kind: 'user' as const, userId: row.assignedTo }
        : { kind: 'channel' as const, name: deps.policy.reconcile.financeChannel };
      await uow.post(target, `recon:${row.id}:reminder`, (locale) => reconExceptionCard(data, locale));
      return true;
    });
    if (done) reminded++;
  }
  return { reminded: reminded + (await remindWaitingFiles(deps, cutoff)) };
}

// A file's untouched exceptions with no card of their own yet: one reminder, the summary again with its button, in
// the finance channel — never a card each, which is what the summary is there to spare the channel.
async function remindWaitingFiles(deps: AppDeps, cutoff: Date): Promise<number> {
  const files = await deps.db
    .selectDistinct({ importId: reconExceptions.cardWaitsOnImportId })
    .from(reconExceptions)
    .where(
      and(
        isNotNull(reconExceptions.cardWaitsOnImportId),
        eq(reconExceptions.status, 'open'),
        isNull(reconExceptions.remindedAt),
        lte(reconExceptions.createdAt, cutoff),
      ),
    );
  let reminded = 0;
  for (const { importId } of files) {
    if (!importId) continue;
    reminded += await inTransaction(deps, jobActor, async (uow) => {
      // Conditional as above: two workers remind a file once.
      const rows = await uow.tx
        .update(reconExceptions)
        .set({ remindedAt: uow.now })
        .where(
          and(
            eq(reconExceptions.cardWaitsOnImportId, importId),
            eq(reconExceptions.status, 'open'),
            isNull(reconExceptions.remindedAt),
            lte(reconExceptions.createdAt, cutoff),
          ),
        )
        .returning({ id: reconExceptions.id });
      if (rows.length === 0) return 0;
      const view = await summaryView(uow, importId);
      if (!view) throw new Error(`statement import ${importId} has no summary`);
      await uow.audit({
        action: 'statement_import.remind',
        entityType: 'statement_import',
        entityId: importId,
        after: { exceptions: rows.length, left: view.left },
      });
      await uow.post(financeChannel(deps), `${summaryRefKey(importId)}:reminder`, (locale) =>
        statementSummaryCard({ ...view, reminder: true }, locale),
      );
      return 1;
    });
  }
  return reminded;
}
