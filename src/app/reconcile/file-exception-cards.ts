// Owns what finance is sent of one file's exceptions: a card each up to reconcile.exceptionCardsPerFile; past it the
// cards are held back and one summary card posts them a page at a time (see post-exception-page.ts).
import { and, count, eq, inArray, max } from 'drizzle-orm';
import { reconExceptions, statementCardPages, statementImports } from '../../db/schema.ts';
import { emptyTally, type TalliedException, tallyException } from '../../domain/reconcile/exception-tally.ts';
import {
  type StatementSummary,
  type StatementSummaryView,
  statementSummaryCard,
} from '../../messages/catalogue/reconcile-summary.ts';
import type { Target } from '../../messages/model.ts';
import type { AppDeps } from '../deps.ts';
import type { CardPost, UnitOfWork } from '../unit-of-work.ts';

// Cards a click on the summary posts; few enough that a channel takes them in seconds.
export const cardsPerPage = 10;

export const summaryRefKey = (importId: string) => `recon-file:${importId}`;

export function financeChannel(deps: AppDeps): Target {
  return { kind: 'channel', name: deps.policy.reconcile.financeChannel };
}

export interface FileExceptionCards {
  // Past the limit: a new exception's row names the file its card waits on, and no card is built for it.
  waiting(): boolean;
  // Counts the exception for the summary; its card is built (lazily: most of a big file's never are) while held.
  add(exception: TalliedException & { exceptionId: string }, card: () => CardPost): void;
  // Posts the held cards, or, past the limit, the summary in their stead.
  finish(uow: UnitOfWork, file: Omit<StatementSummary, 'tally' | 'limit'>): Promise<void>;
}

export function fileExceptionCards(limit: number): FileExceptionCards {
  const tally = emptyTally();
  let held: CardPost[] = [];
  const heldIds: string[] = [];
  return {
    waiting: () => tally.count > limit,
    add(exception, card) {
      tallyException(tally, exception);
      if (tally.count <= limit) {
        held.push(card());
        heldIds.push(exception.exceptionId);
      } else if (held.length > 0) held = [];
    },
    async finish(uow, file) {
      if (tally.count <= limit) {
        await uow.postMany(held);
        return;
      }
      // The exceptions raised before the limit was passed were written before it was known they would wait.
      await uow.tx
        .update(reconExceptions)
        .set({ cardWaitsOnImportId: file.importId })
        .where(inArray(reconExceptions.id, heldIds));
      const summary: StatementSummary = { ...file, tally, limit };
      await uow.tx
        .update(statementImports)
        .set({ exceptionSummary: summary })
        .where(eq(statementImports.id, file.importId));
      await uow.post(financeChannel(uow.deps), summaryRefKey(file.importId), (locale) =>
        statementSummaryCard({ ...summary, left: tally.count, nextPage: 1, pageSize: cardsPerPage }, locale),
      );
    },
  };
}

// The file's summary card as it stands: what the file came to, the cards still waiting and the page the button posts;
// undefined for a file that got a card per exception.
export async function summaryView(
  uow: UnitOfWork,
  importId: string,
): Promise<StatementSummaryView | undefined> {
  const [file] = await uow.tx
    .select({ summary: statementImports.exceptionSummary })
    .from(statementImports)
    .where(eq(statementImports.id, importId));
  if (!file?.summary) return undefined;
  const [last] = await uow.tx
    .select({ page: max(statementCardPages.page) })
    .from(statementCardPages)
    .where(eq(statementCardPages.importId, importId));
  return {
    ...(file.summary as StatementSummary),
    left: await cardsLeft(uow, importId),
    nextPage: (last?.page ?? 0) + 1,
    pageSize: cardsPerPage,
  };
}

// Open exceptions of the file whose own card has not been posted.
async function cardsLeft(uow: UnitOfWork, importId: string): Promise<number> {
  const [row] = await uow.tx
    .select({ n: count() })
    .from(reconExceptions)
    .where(and(eq(reconExceptions.cardWaitsOnImportId, importId), eq(reconExceptions.status, 'open')));
  return row?.n ?? 0;
}
