// Use case: import a bank statement — skip known lines, post what the matcher is sure of, raise the rest to finance.

import { createHash, randomUUID } from 'node:crypto';
import { and, eq, gt, gte, lte, sql } from 'drizzle-orm';
import type { TolerancePolicy } from '../../config/policy.ts';
import { insertMany } from '../../db/bulk-insert.ts';
import { allocations, bankTransactions, reconExceptions, statementImports } from '../../db/schema.ts';
import { maskAccount } from '../../domain/access/mask.ts';
import { DomainError, invalid } from '../../domain/errors.ts';
import { decimalsOf } from '../../domain/money.ts';
import { own } from '../../domain/own.ts';
import { candidateBook, payerKeys } from '../../domain/reconcile/candidate-book.ts';
import { duplicateWindowDays, findTwin, type SeenLine, twinKey } from '../../domain/reconcile/duplicates.ts';
import { matchLine, type Proposal, type Tolerance } from '../../domain/reconcile/matcher.ts';
import { parseStatementCamt } from '../../domain/reconcile/statement-camt.ts';
import {
  type ParsedStatement,
  parseStatementCsv,
  type StatementColumn,
  type StatementLine,
  type StatementProblem,
} from '../../domain/reconcile/statement-csv.ts';
import { parseStatementMt940 } from '../../domain/reconcile/statement-mt940.ts';
import { type StatementPreset, statementPresets } from '../../domain/reconcile/statement-presets.ts';
import { type RepeatedLine, withoutRepeats } from '../../domain/reconcile/statement-repeats.ts';
import { addDays } from '../../domain/time.ts';
import {
  proposalReason,
  type ReconCardKind,
  reconExceptionCard,
} from '../../messages/catalogue/reconcile.ts';
import type { Card, Locale } from '../../messages/model.ts';
import { type Actor, type AppDeps, actorLabel } from '../deps.ts';
import { queueCardsOfInstallments } from '../orders/owner-card.ts';
import { type AuditEntry, inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { financeQueue } from './post-allocations.ts';
import { arrayParam, loadStatementCandidates } from './statement-candidates.ts';
import { type LearnedPayer, learnPayers, payInstallments } from './statement-writes.ts';

export interface ImportResult {
  importId: string;
  total: number;
  imported: number;
  skipped: number;
  matched: number;
  // Of the exceptions, those that came with at least one suggestion for finance to confirm.
  suggested: number;
  exceptions: number;
  // Lines the file itself repeats (bank exports do), skipped: part of `skipped`, the rest were imported before.
  repeated: RepeatedLine[];
}

export type StatementFormat = 'csv' | 'camt053' | 'mt940';

export interface StatementInput {
  text: string;
  fileName?: string;
  // Detected from the content when absent: XML is camt.053, ":20:" and ":61:" tags are MT940, the rest CSV.
  format?: StatementFormat;
  // A known bank layout (see statement-presets.ts); `columns` refines it.
  preset?: StatementPreset;
  columns?: Partial<Record<StatementColumn, string>>;
  // The statement's own account, for CSV exports that do not carry it: part of the hash that keys a line without
  // a bank transaction id, so two accounts' identical bookings stay two lines.
  account?: string;
}

export function detectFormat(text: string): StatementFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) return 'camt053';
  if (/^:20:/m.test(start) && /^:61:/m.test(start)) return 'mt940';
  return 'csv';
}

export function parseStatement(input: StatementInput): {
  format: StatementFormat;
  parsed: ParsedStatement;
} {
  const format = input.format ?? detectFormat(input.text);
  const columns = { ...(input.preset ? own(statementPresets, input.preset) : {}), ...input.columns };
  const parsed =
    format === 'camt053'
      ? parseStatementCamt(input.text)
      : format === 'mt940'
        ? parseStatementMt940(input.text)
        : parseStatementCsv(input.text, columns);
  const account = input.account?.trim();
  if (account) for (const line of parsed.lines) line.account = line.account ?? account;
  return { format, parsed };
}

// A line the bank gave no id is known by what it says: the same booking exported twice hashes the same.
function txnKey(line: StatementLine): string {
  if (line.bankTxnId !== '') return line.bankTxnId;
  const facts = [line.account, line.payerAccount, line.bookedOn, line.amountMinor, line.currency, line.memo];
  return `h:${createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 40)}`;
}

// A problem the parser found, as the input error the API and the CLI report (naming the line or element).
export function statementProblemError(
  format: StatementFormat,
  problem: StatementProblem,
  badLines: number,
): DomainError {
  const prefix = format === 'csv' ? 'statement' : `statement_${format}`;
  const field =
    format === 'camt053'
      ? `xml.${problem.field}`
      : format === 'mt940'
        ? `lines.${problem.line}`
        : problem.reason === 'empty'
          ? 'csv'
          : problem.field === 'header'
            ? `header.${problem.value ?? ''}`
            : problem.field === 'csv'
              ? `rows.${problem.line}`
              : `rows.${problem.line}.${problem.field}`;
  return invalid(`${prefix}_${problem.reason}`, field, {
    line: problem.line,
    column: problem.field,
    value: problem.value ?? '',
    detail: problem.detail ?? '',
    count: badLines,
  });
}

// Problems of the whole file (no line to point at): the file is said to be unreadable, not to have bad lines.
const fileWide = new Set<StatementProblem['reason']>([
  'empty',
  'missing_column',
  'duplicate_column',
  'xml',
  'not_camt',
  'not_mt940',
]);

// The line (or camt.053 entry) a problem belongs to: a line with three problems is one bad line.
function recordOf(problem: StatementProblem): string {
  if (problem.line !== 0) return `line ${problem.line}`;
  return /^Stmt\[\d+\]\/Ntry\[\d+\]/.exec(problem.field)?.[0] ?? problem.field;
}

export function badLineCount(parsed: ParsedStatement): number {
  return new Set(parsed.problems.filter((p) => !fileWide.has(p.reason)).map(recordOf)).size;
}

// How many problems a refusal lists before it only counts the rest (the CLI lists every one).
const problemsListed = 50;

// The refusal of a file with problems: the first names its line and field (the HTTP 400 `error` and `field`), every
// other problem of every line follows, then how many lines were bad.
export function statementRefusal(format: StatementFormat, parsed: ParsedStatement): DomainError {
  const count = badLineCount(parsed);
  const [first, ...rest] = parsed.problems.map((p) => statementProblemError(format, p, count));
  if (!first) throw new Error('statementRefusal needs a problem');
  const listed = rest.slice(0, problemsListed - 1);
  const more = rest.length - listed.length;
  const details = [
    ...listed,
    ...(more > 0 ? [invalid('statement_more', 'statement', { more })] : []),
    ...(count > 0
      ? [
          invalid(format === 'camt053' ? 'statement_camt053_rejected' : 'statement_rejected', 'statement', {
            count,
          }),
        ]
      : []),
  ];
  return new DomainError(first.kind, first.code, first.vars, first.field, details);
}

// One transaction for the whole file, set-based: known lines found in one query, every installment the file can
// pay loaded and locked in one, the matcher run line after line in memory (each line sees what the earlier ones
// paid), and everything written in chunked multi-row statements.
export async function importStatement(
  deps: AppDeps,
  actor: Actor,
  input: StatementInput | { csv: string; fileName?: string },
): Promise<ImportResult> {
  const source =
    'csv' in input ? { text: input.csv, fileName: input.fileName, format: 'csv' as const } : input;
  const { format, parsed } = parseStatement(source);
  if (parsed.problems.length > 0) throw statementRefusal(format, parsed);
  const fileName = source.fileName;

  return inTransaction(deps, actor, async (uow) => {
    // Why one lock for all imports rather than per currency: a file's matches teach payer mappings that the next
    // file's lines (any currency) are matched by, so two files at once would each match blind to the other. Bank
    // files come a few a day; waiting for the one before costs nothing. Chat and ERP receipts are kept apart by
    // the row locks taken in loadStatementCandidates.
    await uow.tx.execute(sql`select pg_advisory_xact_lock(hashtext('closeloop:statement-import'))`);
    const [statement] = await uow.tx
      .insert(statementImports)
      .values({
        fileName: fileName ?? null,
        importedBy: actorLabel(actor),
        linesTotal: parsed.lines.length,
        linesNew: 0,
        linesSkipped: 0,
        at: uow.now,
      })
      .returning({ id: statementImports.id });
    if (!statement) throw new Error('insert returned no row');

    // A line the file repeats is skipped and reported; a line already imported (this file again, or an
    // overlapping export) keeps its first fate.
    const { lines: distinct, repeats } = withoutRepeats(parsed.lines, txnKey);
    const keyed = distinct.map((read) => ({ ...read, bankTxnId: txnKey(read) }));
    const known = await knownTxnIds(
      uow,
      keyed.map((l) => l.bankTxnId),
    );
    const fresh = keyed.filter((l) => !known.has(l.bankTxnId));

    const outcome = await matchAll(uow, statement.id, fresh);
    const counts = { linesNew: fresh.length, linesSkipped: parsed.lines.length - fresh.length };
    await uow.tx.update(statementImports).set(counts).where(eq(statementImports.id, statement.id));
    const result = {
      importId: statement.id,
      total: parsed.lines.length,
      imported: fresh.length,
      skipped: counts.linesSkipped,
      ...outcome,
      repeated: repeats,
    };
    await uow.audit({
      action: 'statement.import',
      entityType: 'statement_import',
      entityId: statement.id,
      after: { fileName: fileName ?? null, format, ...result },
    });
    return result;
  });
}

async function knownTxnIds(uow: UnitOfWork, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await uow.tx
    .select({ bankTxnId: bankTransactions.bankTxnId })
    .from(bankTransactions)
    .where(sql`${bankTransactions.bankTxnId} = any(${sql.param(keys)}::text[])`);
  return new Set(rows.map((r) => r.bankTxnId));
}

type ExceptionCard = Parameters<typeof reconExceptionCard>[0];

// Matches the file's new lines in order against the candidates it can touch; posts what the matcher is sure of
// (leaving any credit as a task for finance) and raises the rest to the finance channel with its top suggestions.
async function matchAll(
  uow: UnitOfWork,
  importId: string,
  lines: readonly StatementLine[],
): Promise<{ matched: number; suggested: number; exceptions: number }> {
  const policy = uow.deps.policy.reconcile;
  const receivable = lines.filter((l) => l.amountMinor > 0);
  const candidates = await loadStatementCandidates(uow, receivable);
  const book = candidateBook(candidates.rows);
  const knownPayers = new Map(candidates.rows.payers.map((p) => [`${p.kind}|${p.key}`, p.customerId]));
  const nextAssignee = await financeQueue(uow);
  const by = actorLabel(uow.actor);
  // Lines seen before (earlier imports, then this file's earlier lines): the same money under another bank id.
  const seen = await seenLines(uow, receivable);

  const txns: (typeof bankTransactions.$inferInsert)[] = [];
  const allocationRows: (typeof allocations.$inferInsert)[] = [];
  const exceptionRows: (typeof reconExceptions.$inferInsert)[] = [];
  const importAudits: AuditEntry[] = [];
  const matchAudits: AuditEntry[] = [];
  const cards: { refKey: string; build: (locale: Locale) => Card }[] = [];
  const paid = new Map<string, number>();
  const learned: LearnedPayer[] = [];
  let matched = 0;
  let suggested = 0;
  let exceptions = 0;

  for (const line of lines) {
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
    importAudits.push({
      action: 'bank_transaction.import',
      entityType: 'bank_transaction',
      entityId: bankTransactionId,
      // The payer account masked: the audit log must not keep it in the clear.
      after: {
        ...line,
        payerAccount: line.payerAccount === null ? null : maskAccount(line.payerAccount),
        importId,
      },
    });
    // Money going out (fees, refunds, supplier payments) is kept for the record but is no receivable.
    if (line.amountMinor < 0) continue;

    const context = book.context(line);
    const key = twinKey(line);
    const twin = findTwin(line, seen.get(key) ?? []);
    seen.set(key, [...(seen.get(key) ?? []), line]);
    const outcome = matchLine(line, {
      ...context,
      twin,
      toleranceFor: (customerId) => toleranceOf(uow, candidates.tiers.get(customerId), line.currency),
      autoConfirmAbove: policy.autoConfirmAbove,
    });
    if (outcome.kind === 'receipt') {
      // The money of a receipt the ERP or finance recorded already: linked, nothing paid twice.
      const receipt = context.receipts.find((r) => r.id === outcome.receiptId);
      if (!receipt) throw new Error(`receipt ${outcome.receiptId} is not among the line's candidates`);
      book.claimReceipt(receipt.id);
      Object.assign(txn, { status: 'matched', receiptId: receipt.id, customerId: receipt.customerId });
      matchAudits.push({
        action: 'bank_transaction.link_receipt',
        entityType: 'bank_transaction',
        entityId: bankTransactionId,
        before: { status: 'unmatched', receiptId: null },
        after: {
          status: 'matched',
          receiptId: receipt.id,
          orderNumber: receipt.orderNumber,
          reference: receipt.reference,
          by: outcome.by,
        },
      });
      matched++;
      continue;
    }
    let kind: ReconCardKind;
    let suggestions: Proposal[] = [];
    let creditMinor = 0;
    if (outcome.kind === 'auto') {
      const { proposal } = outcome;
      const reason = proposalReason(proposal, line.currency, 'en');
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
        matchAudits.push({
          action: row.writeOff ? 'installment.write_off' : 'installment.pay',
          entityType: 'installment',
          entityId: row.installmentId,
          before: { paidMinor: row.settledBefore },
          after: {
            paidMinor: row.settledAfter,
            paidAt: row.paidOff ? uow.now : (candidates.paidAt.get(row.installmentId) ?? null),
            allocationId,
            bankTransactionId,
            kind: rowKind,
          },
        });
      }
      txn.status = 'matched';
      txn.customerId = proposal.customerId;
      // A match found through the memo is as good as a confirmation of who the payer is.
      if (proposal.basis === 'reference') {
        const payer = { name: line.payer, account: line.payerAccount };
        book.learn(payer, proposal.customerId);
        for (const key of payerKeys(payer)) learned.push({ key, customerId: proposal.customerId });
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
    exceptionRows.push({
      id: exceptionId,
      bankTransactionId,
      kind,
      detail: reference,
      assignedTo: assignee?.id ?? null,
      suggestions: kind === 'credit' ? null : suggestions,
      createdAt: uow.now,
    });
    matchAudits.push({
      action: 'recon_exception.open',
      entityType: 'recon_exception',
      entityId: exceptionId,
      after: {
        kind,
        reference,
        bankTransactionId,
        bankTxnId: line.bankTxnId,
        suggestions: suggestions.length,
        assignedTo: assignee?.id ?? null,
      },
    });
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
    cards.push({ refKey: `recon:${exceptionId}`, build: (locale) => reconExceptionCard(data, locale) });
  }

  await insertMany(uow.tx, bankTransactions, txns);
  await payInstallments(uow, paid);
  await insertMany(uow.tx, allocations, allocationRows);
  await insertMany(uow.tx, reconExceptions, exceptionRows);
  await uow.auditMany([...importAudits, ...matchAudits]);
  await learnPayers(uow, learned, knownPayers);
  const finance = { kind: 'channel' as const, name: policy.financeChannel };
  await uow.postMany(cards.map((c) => ({ target: finance, ...c })));
  if (paid.size > 0) await queueCardsOfInstallments(uow, arrayParam([...paid.keys()], 'uuid'));
  return { matched, suggested, exceptions };
}

function toleranceOf(uow: UnitOfWork, tier: string | null | undefined, currency: string): Tolerance {
  const policy = uow.deps.policy.reconcile;
  const t: TolerancePolicy = (tier ? own(policy.tiers, tier) : undefined) ?? policy.tolerance;
  const scale = 10 ** decimalsOf(currency);
  return {
    under: { percent: t.under.percent, maxMinor: Math.round(t.under.max * scale) },
    over: { percent: t.over.percent, maxMinor: Math.round(t.over.max * scale) },
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
