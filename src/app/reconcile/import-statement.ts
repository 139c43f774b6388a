// Use case: import a bank statement — skip known lines, post what the matcher is sure of, raise the rest to finance.

import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { bankTransactions, statementImports } from '../../db/schema.ts';
import { lockForTransaction } from '../../db/transaction-lock.ts';
import { DomainError, invalid } from '../../domain/errors.ts';
import { own } from '../../domain/own.ts';
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
import { demand } from '../access/ask.ts';
import { type Actor, type AppDeps, actorLabel } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { matchLines } from './match-statement-lines.ts';

export interface ImportResult {
  importId: string;
  total: number;
  imported: number;
  skipped: number;
  matched: number;
  // Of the exceptions, those that came with at least one suggestion for finance to confirm.
  suggested: number;
  exceptions: number;
  // New lines of money going out (fees, refunds, payments): kept for the record, neither matched nor exceptions.
  outgoing: number;
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

// Problems of the whole file (no line to point at): the file is said to be unreadable, not to have bad lines, and its
// refusal already says nothing was imported.
const fileWide = new Set<StatementProblem['reason']>([
  'empty',
  'missing_column',
  'duplicate_column',
  'xml',
  'doctype',
  'depth',
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
    ...(count > 0 && !parsed.problems.some((p) => fileWide.has(p.reason))
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
  // Cash is finance's word: a statement decides which receivables are paid (a chat file, the API, the CLI alike).
  demand(deps, actor, 'recon.import', {}, 'file_statement_not_finance');
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
    await lockForTransaction(uow.tx, 'closeloop:statement-import');
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

    const outcome = await matchLines(
      uow,
      { importId: statement.id, fileName: fileName ?? null, total: parsed.lines.length },
      fresh,
    );
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
