// Owns matching a statement's new lines, one after another against the candidates they can touch, and writing what
// each line comes to: its bank transaction, the installments it pays, its exception and card, and its audit row.
import { randomUUID } from 'node:crypto';
import { and, gt, gte, lte, sql } from 'drizzle-orm';
import type { TolerancePolicy } from '../../config/reconcile-policy.ts';
import { copyMany } from '../../db/bulk-insert.ts';
import { allocations, bankTransactions, reconExceptions } from '../../db/schema.ts';
import { maskAccount } from '../../domain/access/mask.ts';
import { decimalsOf } from '../../domain/money.ts';
import { own } from '../../domain/own.ts';
import { candidateBook, memoKeyReader } from '../../domain/reconcile/candidate-book.ts';
import { duplicateWindowDays, findTwin, type SeenLine, twinKey } from '../../domain/reconcile/duplicates.ts';
import { matchLine, type Proposal, type Tolerance } from '../../domain/reconcile/matcher.ts';
import type { StatementLine } from '../../domain/reconcile/statement-csv.ts';
import { addDays } from '../../domain/time.ts';
import {
  proposalReason,
  type ReconCardKind,
  reconExceptionCard,
} from '../../messages/catalogue/reconcile.ts';
import { actorLabel } from '../deps.ts';
import type { AuditEntry, UnitOfWork } from '../unit-of-work.ts';
import { fileExceptionCards, financeChannel } from './file-exception-cards.ts';
import { financeQueue } from './post-allocations.ts';
import { loadStatementCandidates } from './statement-candidates.ts';
import { statementPaymentEvents } from './statement-payment-events.ts';
import { type LearnedPayer, learnPayers, payInstallments } from './statement-writes.ts';

type ExceptionCard = Parameters<typeof reconExceptionCard>[0];

// Matches the file's new lines in order against the candidates it can touch; posts what the matcher is sure of
// (leaving any credit as a task for finance) and raises the rest to the finance channel with its top suggestions.
export async function matchLines(
  uow: UnitOfWork,
  file: { importId: string; fileName: string | null; total: number },
  lines: readonly StatementLine[],
): Promise<{ matched: number; suggested: number; exceptions: number; outgoing: number }> {
  const { importId } = file;
  const policy = uow.deps.policy.reconcile;
  const finance = financeChannel(uow.deps);
  const fileCards = fileExceptionCards(policy.exceptionCardsPerFile);
  const receivable = lines.filter((l) => l.amountMinor > 0);
  const memoKeys = memoKeyReader();
  const candidates = await loadStatementCandidates(uow, receivable, memoKeys);
  const book = candidateBook(candidates.rows, memoKeys);
  const toleranceFor = tolerances(uow, candidates.tiers);
  const knownPayers = new Map(candidates.rows.payers.map((p) => [`${p.kind}|${p.key}`, p.customerId]));
  const nextAssignee = await financeQueue(uow);
  const by = actorLabel(uow.actor);
  // Lines seen before (earlier imports, then this file's earlier lines): the same money under another bank id.
  const seen = await seenLines(uow, receivable);
  const events = await statementPaymentEvents(uow);

  let chunk = emptyChunk();
  // The chunk before, being written while this one is matched (at most one: memory stays flat however long the file).
  let writing: Promise<void> = Promise.resolve();
  const learned: LearnedPayer[] = [];
  // What the file pays each installment, written by one UPDATE after the last chunk rather than one per chunk: each
  // UPDATE scans the installments and runs their report trigger once, whose cost grew with the allocations already
  // written (a 40,000-line import spent 9.1 s on per-chunk updates, 2.6 s on one). One entry per installment paid.
  const paid = new Map<string, number>();
  let matched = 0;
  let suggested = 0;
  let exceptions = 0;

  try {
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k] as StatementLine;
      if (k > 0 && k % linesPerTurn === 0) {
        // A turn of the event loop lets the driver read the last statement's answer and send the next one.
        await nextTurn();
        if (k % linesPerChunk === 0) {
          await writing;
          writing = writeChunk(uow, chunk);
          // Awaited before the next chunk is sent or at the end; until then a failure must not count as unhandled.
          writing.catch(() => {});
          chunk = emptyChunk();
        }
      }
      const { txns, audits, allocationRows, exceptionRows } = chunk;
      const bankTransactionId = randomUUID();
      const txn: typeof bankTransactions.$inferInsert = {
        id: bankTransactionId,
        bankTxnId: line.bankTxnId,
        importId,
        bookedOn: line.bookedOn,
        amountMinor: line.amountMinor,
        currency: line.currency,
        payer: line.payer,
        payerAccount: uow.deps.keyring.encrypt(line.payerAccount),
        memo: line.memo,
        status: 'unmatched',
        customerId: null,
        receiptId: null,
        createdAt: uow.now,
      };
      txns.push(txn);
      // One audit row per line says who imported it when, what it said and what became of it (the receipt it is,
      // what it paid, the exception it raised): a reader of the line needs no second row, and half the rows are
      // half an import's writes.
      const after: LineAudit = {
        ...line,
        // The payer account masked: the audit log must not keep it in the clear.
        payerAccount: line.payerAccount === null ? null : maskAccount(line.payerAccount),
        importId,
        status: 'unmatched',
        // What the line may come to, declared up front (undefined is left out of the row): set one by one later,
        // each reshaped the object, a visible cost over 100,000 lines.
        customerId: undefined,
        reason: undefined,
        posted: undefined,
        receipt: undefined,
        exception: undefined,
      };
      audits.push({
        action: 'bank_transaction.import',
        entityType: 'bank_transaction',
        entityId: bankTransactionId,
        after,
      });
      // Money going out (fees, refunds, supplier payments) is kept for the record but is no receivable.
      if (line.amountMinor < 0) continue;

      const context = book.context(line);
      const key = twinKey(line);
      const earlier = seen.get(key);
      const twin = earlier ? findTwin(line, earlier) : null;
      if (earlier) earlier.push(line);
      else seen.set(key, [line]);
      const outcome = matchLine(line, {
        ...context,
        twin,
        toleranceFor: toleranceFor(line.currency),
        autoConfirmAbove: policy.autoConfirmAbove,
      });
      if (outcome.kind === 'receipt') {
        // The money of a receipt the ERP or finance recorded already: linked, nothing paid twice.
        const receipt = context.receipts.find((r) => r.id === outcome.receiptId);
        if (!receipt) throw new Error(`receipt ${outcome.receiptId} is not among the line's candidates`);
        book.claimReceipt(receipt.id);
        txn.status = 'matched';
        txn.receiptId = receipt.id;
        txn.customerId = receipt.customerId;
        after.status = 'matched';
        after.receipt = {
          receiptId: receipt.id,
          orderNumber: receipt.orderNumber,
          reference: receipt.reference,
          by: outcome.by,
        };
        matched++;
        continue;
      }
      let kind: ReconCardKind;
      let suggestions: Proposal[] = [];
      let creditMinor = 0;
      if (outcome.kind === 'auto') {
        const { proposal } = outcome;
        const reason = proposalReason(proposal, line.currency, 'en');
        const posted: PostedAudit[] = [];
        for (const row of book.settle(proposal)) {
          const allocationId = randomUUID();
          const rowKind = row.writeOff ? 'write_off' : 'auto';
          allocationRows.push({
            id: allocationId,
            bankTransactionId,
            installmentId: row.installmentId,
            amountMinor: row.amountMinor,
            kind: rowKind,
            reason,
            createdBy: by,
            createdAt: uow.now,
          });
          paid.set(row.installmentId, (paid.get(row.installmentId) ?? 0) + row.amountMinor);
          if (row.paidOff) events.paidOff(row.installmentId, allocationId);
          posted.push({
            installmentId: row.installmentId,
            allocationId,
            kind: rowKind,
            amountMinor: row.amountMinor,
            paidMinorBefore: row.settledBefore,
            paidMinor: row.settledAfter,
            paidAt: row.paidOff ? uow.now : (candidates.paidAt.get(row.installmentId) ?? null),
          });
        }
        events.posted(bankTransactionId, posted);
        txn.status = 'matched';
        txn.customerId = proposal.customerId;
        after.status = 'matched';
        after.customerId = proposal.customerId;
        after.reason = reason;
        after.posted = posted;
        // A match found through the memo is as good as a confirmation of who the payer is.
        if (proposal.basis === 'reference') {
          const payer = { name: line.payer, account: line.payerAccount };
          for (const key of book.learn(payer, proposal.customerId))
            learned.push({ key, customerId: proposal.customerId });
        }
        matched++;
        if (proposal.fit !== 'overpayment') continue;
        kind = 'credit';
        creditMinor = proposal.excessMinor;
        suggestions = [proposal];
      } else {
        kind = outcome.exception;
        suggestions = outcome.suggestions;
        exceptions++;
        if (suggestions.length > 0) suggested++;
      }
      const reference = outcome.reference;
      const assignee = nextAssignee();
      const exceptionId = randomUUID();
      const { amountMinor, currency, bookedOn } = line;
      fileCards.add({ exceptionId, kind, amountMinor, currency, bookedOn }, () => {
        const data: ExceptionCard = {
          exceptionId,
          kind,
          reference,
          bookedOn: line.bookedOn,
          amountMinor: line.amountMinor,
          currency: line.currency,
          payer: line.payer,
          memo: line.memo,
          bankTxnId: line.bankTxnId,
          bankTransactionId,
          creditMinor,
          suggestions: kind === 'credit' ? [] : suggestions,
          ...(assignee ? { assignee: assignee.name } : {}),
        };
        return {
          target: finance,
          refKey: `recon:${exceptionId}`,
          build: (locale) => reconExceptionCard(data, locale),
        };
      });
      exceptionRows.push({
        id: exceptionId,
        bankTransactionId,
        kind,
        detail: reference,
        assignedTo: assignee?.id ?? null,
        suggestions: kind === 'credit' ? null : suggestions,
        createdAt: uow.now,
        cardWaitsOnImportId: fileCards.waiting() ? importId : null,
      });
      after.exception = {
        exceptionId,
        kind,
        reference,
        suggestions: suggestions.length,
        assignedTo: assignee?.id ?? null,
      };
    }
  } catch (error) {
    // The transaction rolls back once this throws: no statement of the chunk being written may reach the connection
    // after that (it would run outside the transaction), so the chunk settles first.
    await writing.catch(() => {});
    throw error;
  }
  await writing;
  await writeChunk(uow, chunk);
  // The orders' living cards are edited by the order-cards job, not in this transaction (one queue row per order).
  await payInstallments(uow, paid);
  await learnPayers(uow, learned, knownPayers);
  await events.publish();
  const accounts = [...new Set(lines.flatMap((l) => (l.account ? [maskAccount(l.account)] : [])))];
  await fileCards.finish(uow, {
    importId,
    fileName: file.fileName,
    accounts,
    lines: file.total,
    imported: lines.length,
    matched,
  });
  // Money going out is kept but never matched: counted apart, so the reply accounts for every new line.
  return { matched, suggested, exceptions, outgoing: lines.length - receivable.length };
}

// A line's audit row: the line as read (account masked), then what it came to.
type LineAudit = Omit<StatementLine, 'payerAccount'> & {
  payerAccount: string | null;
  importId: string;
  status: 'unmatched' | 'matched';
  customerId?: string;
  reason?: string;
  // What each installment it pays was paid before and after (the allocation or write-off that did it).
  posted?: PostedAudit[];
  receipt?: { receiptId: string; orderNumber: string; reference: string | null; by: string };
  exception?: {
    exceptionId: string;
    kind: ReconCardKind;
    reference: string | null;
    suggestions: number;
    assignedTo: string | null;
  };
};

interface PostedAudit {
  installmentId: string;
  allocationId: string;
  kind: 'auto' | 'write_off';
  amountMinor: number;
  paidMinorBefore: number;
  paidMinor: number;
  paidAt: Date | null;
}

// What a run of lines comes to, written together.
interface Chunk {
  txns: (typeof bankTransactions.$inferInsert)[];
  allocationRows: (typeof allocations.$inferInsert)[];
  exceptionRows: (typeof reconExceptions.$inferInsert)[];
  audits: AuditEntry[];
}

// Why chunks at all: matching is JavaScript and writing is the database, two processes; writing one chunk while the
// next is matched keeps both busy instead of taking turns, and a chunk's rows are garbage once written.
const linesPerChunk = 2000;
// Lines matched between two turns of the event loop (a few milliseconds): the driver then sends the chunk's next
// statement without waiting for the whole chunk to be matched.
const linesPerTurn = 200;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function emptyChunk(): Chunk {
  return {
    txns: [],
    allocationRows: [],
    exceptionRows: [],
    audits: [],
  };
}

// In this order for the foreign keys: lines before what points at them.
async function writeChunk(uow: UnitOfWork, chunk: Chunk): Promise<void> {
  await copyMany(uow.tx, bankTransactions, chunk.txns);
  await copyMany(uow.tx, allocations, chunk.allocationRows);
  await copyMany(uow.tx, reconExceptions, chunk.exceptionRows);
  await uow.auditMany(chunk.audits);
}

// Each customer's tolerance in a currency, worked out once per tier and currency for the file rather than for every
// pool of every line; one look-up function per currency.
function tolerances(
  uow: UnitOfWork,
  tiers: ReadonlyMap<string, string | null>,
): (currency: string) => (customerId: string) => Tolerance {
  const policy = uow.deps.policy.reconcile;
  const known = new Map<string, Tolerance>();
  const byCurrency = new Map<string, (customerId: string) => Tolerance>();
  return (currency) => {
    let lookup = byCurrency.get(currency);
    if (!lookup) {
      lookup = (customerId) => {
        const tier = tiers.get(customerId);
        const key = `${tier ?? ''}|${currency}`;
        let tolerance = known.get(key);
        if (!tolerance) {
          const t: TolerancePolicy = (tier ? own(policy.tiers, tier) : undefined) ?? policy.tolerance;
          const scale = 10 ** decimalsOf(currency);
          tolerance = {
            under: { percent: t.under.percent, maxMinor: Math.round(t.under.max * scale) },
            over: { percent: t.over.percent, maxMinor: Math.round(t.over.max * scale) },
          };
          known.set(key, tolerance);
        }
        return tolerance;
      };
      byCurrency.set(currency, lookup);
    }
    return lookup;
  };
}

async function seenLines(uow: UnitOfWork, lines: readonly StatementLine[]): Promise<Map<string, SeenLine[]>> {
  const index = new Map<string, SeenLine[]>();
  if (lines.length === 0) return index;
  const days = lines.map((l) => l.bookedOn).sort();
  // One array parameter, however many lines the file has.
  const amounts = `{${[...new Set(lines.map((l) => l.amountMinor))].join(',')}}`;
  const rows = await uow.tx
    .select({
      bankTxnId: bankTransactions.bankTxnId,
      bookedOn: bankTransactions.bookedOn,
      amountMinor: bankTransactions.amountMinor,
      currency: bankTransactions.currency,
      payer: bankTransactions.payer,
      memo: bankTransactions.memo,
    })
    .from(bankTransactions)
    .where(
      and(
        gt(bankTransactions.amountMinor, 0),
        sql`${bankTransactions.amountMinor} = any(${amounts}::bigint[])`,
        gte(bankTransactions.bookedOn, addDays(days[0] as string, -duplicateWindowDays)),
        lte(bankTransactions.bookedOn, addDays(days.at(-1) as string, duplicateWindowDays)),
      ),
    );
  for (const r of rows) index.set(twinKey(r), [...(index.get(twinKey(r)) ?? []), r]);
  return index;
}
