// Use case: finance asks a file's summary card for the next page of its exceptions' own cards, posted once per page.
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  allocations,
  bankTransactions,
  reconExceptions,
  statementCardPages,
  statementImports,
  users,
} from '../../db/schema.ts';
import { lockForTransaction } from '../../db/transaction-lock.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { reconExceptionCard } from '../../messages/catalogue/reconcile.ts';
import { statementSummaryCard } from '../../messages/catalogue/reconcile-summary.ts';
import { allowed } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { exceptionCardData } from './exception-card-data.ts';
import { cardsPerPage, financeChannel, summaryRefKey, summaryView } from './file-exception-cards.ts';

export type PageOutcome =
  | { posted: true; count: number; left: number }
  | { posted: false; forbidden: true }
  // That page was posted before (a second click, or another copy of the summary).
  | { posted: false; by: string }
  // A button older than the page before it.
  | { posted: false; stale: true }
  | { posted: false; none: true };

export async function postExceptionPage(
  deps: AppDeps,
  actor: UserActor,
  importId: string,
  page: number,
): Promise<PageOutcome> {
  // Posting the cards is the first step of working them: whoever may decide exceptions may ask for them.
  if (!allowed(deps, actor, 'recon.decide')) return { posted: false, forbidden: true };
  if (!isUuid(importId) || !Number.isSafeInteger(page) || page < 1)
    throw notFound('statement_import_unknown', { id: importId });
  return inTransaction(deps, actor, async (uow) => {
    // Clicks on one file's summary take turns: each sees the pages the one before posted.
    await lockForTransaction(uow.tx, `closeloop:card-pages:${importId}`);
    const [file] = await uow.tx
      .select({ summary: statementImports.exceptionSummary })
      .from(statementImports)
      .where(eq(statementImports.id, importId));
    if (!file?.summary) throw notFound('statement_import_unknown', { id: importId });
    const [last] = await uow.tx
      .select({ page: statementCardPages.page, by: statementCardPages.postedBy })
      .from(statementCardPages)
      .where(eq(statementCardPages.importId, importId))
      .orderBy(desc(statementCardPages.page))
      .limit(1);
    const lastPage = last?.page ?? 0;
    if (page <= lastPage) {
      const [done] = await uow.tx
        .select({ by: statementCardPages.postedBy })
        .from(statementCardPages)
        .where(and(eq(statementCardPages.importId, importId), eq(statementCardPages.page, page)));
      return { posted: false, by: done?.by ?? '?' };
    }
    if (page > lastPage + 1) return { posted: false, stale: true };

    // Oldest first; on one day the larger amounts first.
    const rows = await uow.tx
      .select({ exception: reconExceptions, txn: bankTransactions, assignee: users.name })
      .from(reconExceptions)
      .innerJoin(bankTransactions, eq(bankTransactions.id, reconExceptions.bankTransactionId))
      .leftJoin(users, eq(users.id, reconExceptions.assignedTo))
      .where(and(eq(reconExceptions.cardWaitsOnImportId, importId), eq(reconExceptions.status, 'open')))
      .orderBy(
        asc(bankTransactions.bookedOn),
        desc(bankTransactions.amountMinor),
        asc(bankTransactions.bankTxnId),
      )
      .limit(cardsPerPage);
    if (rows.length === 0) return { posted: false, none: true };

    await uow.tx
      .insert(statementCardPages)
      .values({ importId, page, cards: rows.length, postedBy: actor.user.name, postedAt: uow.now });
    const ids = rows.map((r) => r.exception.id);
    await uow.tx
      .update(reconExceptions)
      .set({ cardWaitsOnImportId: null })
      .where(inArray(reconExceptions.id, ids));
    // The same card an exception of a small file gets, under the same key: acknowledge, assign, split and the
    // reminder edit or follow it as they do any other.
    const finance = financeChannel(deps);
    const allocated = await allocatedOf(
      uow,
      rows.filter((r) => r.exception.kind === 'credit').map((r) => r.txn.id),
    );
    await uow.postMany(
      rows.map(({ exception, txn, assignee }) => {
        const data = {
          ...exceptionCardData(exception, txn),
          bankTransactionId: txn.id,
          ...(assignee ? { assignee } : {}),
          ...(exception.kind === 'credit'
            ? { creditMinor: txn.amountMinor - (allocated.get(txn.id) ?? 0) }
            : {}),
        };
        return {
          target: finance,
          refKey: `recon:${exception.id}`,
          build: (locale) => reconExceptionCard(data, locale),
        };
      }),
    );
    const view = await summaryView(uow, importId);
    if (!view) throw new Error(`statement import ${importId} lost its summary`);
    const left = view.left;
    await uow.audit({
      action: 'statement_import.cards_page',
      entityType: 'statement_import',
      entityId: importId,
      after: { page, exceptionIds: ids, left },
    });
    // Every copy of the summary, the day-old reminder's too, now offers the page after this one.
    await uow.update(summaryRefKey(importId), (locale) => statementSummaryCard(view, locale));
    await uow.update(`${summaryRefKey(importId)}:reminder`, (locale) =>
      statementSummaryCard({ ...view, reminder: true }, locale),
    );
    return { posted: true, count: rows.length, left };
  });
}

// What each line has paid so far: a credit card says what is left over.
async function allocatedOf(uow: UnitOfWork, txnIds: readonly string[]): Promise<Map<string, number>> {
  if (txnIds.length === 0) return new Map();
  const rows = await uow.tx
    .select({ txn: allocations.bankTransactionId, minor: sql<string>`sum(${allocations.amountMinor})` })
    .from(allocations)
    .where(and(inArray(allocations.bankTransactionId, [...txnIds]), isNull(allocations.undoneAt)))
    .groupBy(allocations.bankTransactionId);
  return new Map(rows.map((r) => [r.txn, Number(r.minor)]));
}
