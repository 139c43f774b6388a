// Use case: import a bank statement — skip known lines, post what the matcher is sure of, raise the rest to finance.
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { TolerancePolicy } from '../../config/policy.ts';
import {
  bankTransactions,
  customers,
  installments,
  orders,
  reconExceptions,
  statementImports,
} from '../../db/schema.ts';
import { invalid } from '../../domain/errors.ts';
import { decimalsOf } from '../../domain/money.ts';
import {
  type MatchContext,
  matchLine,
  type Proposal,
  referenceCandidates,
  type Tolerance,
} from '../../domain/reconcile/matcher.ts';
import { parseStatementCamt } from '../../domain/reconcile/statement-camt.ts';
import {
  type ParsedStatement,
  parseStatementCsv,
  type StatementColumn,
  type StatementLine,
} from '../../domain/reconcile/statement-csv.ts';
import { parseStatementMt940 } from '../../domain/reconcile/statement-mt940.ts';
import {
  proposalReason,
  type ReconCardKind,
  reconExceptionCard,
} from '../../messages/catalogue/reconcile.ts';
import { type Actor, type AppDeps, actorLabel } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { customerOfPayer, financeAssignee, learnPayer, postAllocations } from './post-allocations.ts';

export interface ImportResult {
  importId: string;
  total: number;
  imported: number;
  skipped: number;
  matched: number;
  exceptions: number;
}

export type StatementFormat = 'csv' | 'camt053' | 'mt940';

export interface StatementInput {
  text: string;
  fileName?: string;
  // Detected from the content when absent: XML is camt.053, ":20:" and ":61:" tags are MT940, the rest CSV.
  format?: StatementFormat;
  columns?: Partial<Record<StatementColumn, string>>;
}

export function detectFormat(text: string): StatementFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) return 'camt053';
  if (/^:20:/m.test(start) && /^:61:/m.test(start)) return 'mt940';
  return 'csv';
}

function parse(input: StatementInput): { format: StatementFormat; parsed: ParsedStatement } {
  const format = input.format ?? detectFormat(input.text);
  const parsed =
    format === 'camt053'
      ? parseStatementCamt(input.text)
      : format === 'mt940'
        ? parseStatementMt940(input.text)
        : parseStatementCsv(input.text, input.columns);
  return { format, parsed };
}

// A line the bank gave no id is known by what it says: the same booking exported twice hashes the same.
function txnKey(line: StatementLine): string {
  if (line.bankTxnId !== '') return line.bankTxnId;
  const facts = [line.account, line.payerAccount, line.bookedOn, line.amountMinor, line.currency, line.memo];
  return `h:${createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 40)}`;
}

export async function importStatement(
  deps: AppDeps,
  actor: Actor,
  input: StatementInput | { csv: string; fileName?: string },
): Promise<ImportResult> {
  const source =
    'csv' in input ? { text: input.csv, fileName: input.fileName, format: 'csv' as const } : input;
  const { format, parsed } = parse(source);
  const first = parsed.problems[0];
  if (first) {
    const badLines = new Set(parsed.problems.map((p) => `${p.line}|${p.field}`)).size;
    const prefix = format === 'csv' ? 'statement' : `statement_${format}`;
    const field =
      format === 'camt053'
        ? `xml.${first.field}`
        : format === 'mt940'
          ? `lines.${first.line}`
          : first.reason === 'empty'
            ? 'csv'
            : first.field === 'header'
              ? `header.${first.value ?? ''}`
              : first.field === 'csv'
                ? `rows.${first.line}`
                : `rows.${first.line}.${first.field}`;
    throw invalid(`${prefix}_${first.reason}`, field, {
      line: first.line,
      column: first.field,
      value: first.value ?? '',
      detail: first.detail ?? '',
      count: badLines,
    });
  }
  const fileName = source.fileName;

  return inTransaction(deps, actor, async (uow) => {
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

    let imported = 0;
    let matched = 0;
    let exceptions = 0;
    for (const read of parsed.lines) {
      const line = { ...read, bankTxnId: txnKey(read) };
      // A line already imported (this file again, or an overlapping export) keeps its first fate.
      const [txn] = await uow.tx
        .insert(bankTransactions)
        .values({
          bankTxnId: line.bankTxnId,
          importId: statement.id,
          bookedOn: line.bookedOn,
          amountMinor: line.amountMinor,
          currency: line.currency,
          payer: line.payer,
          payerAccount: line.payerAccount,
          memo: line.memo,
          createdAt: uow.now,
        })
        .onConflictDoNothing({ target: bankTransactions.bankTxnId })
        .returning({ id: bankTransactions.id });
      if (!txn) continue;
      imported++;
      await uow.audit({
        action: 'bank_transaction.import',
        entityType: 'bank_transaction',
        entityId: txn.id,
        after: { ...line, importId: statement.id },
      });
      // Money going out (fees, refunds, supplier payments) is kept for the record but is no receivable.
      if (line.amountMinor < 0) continue;
      if (await settle(uow, txn.id, line)) matched++;
      else exceptions++;
    }

    const counts = { linesNew: imported, linesSkipped: parsed.lines.length - imported };
    await uow.tx.update(statementImports).set(counts).where(eq(statementImports.id, statement.id));
    const result = {
      importId: statement.id,
      total: parsed.lines.length,
      imported,
      skipped: counts.linesSkipped,
      matched,
      exceptions,
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

// Matches one new line: posts a sure match (leaving any credit as a task for finance), raises anything else
// to the finance channel with the matcher's top suggestions. True when posted.
async function settle(uow: UnitOfWork, bankTransactionId: string, line: StatementLine): Promise<boolean> {
  const ctx = await matchContext(uow, line);
  const outcome = matchLine(line, ctx);
  const policy = uow.deps.policy;
  let kind: ReconCardKind;
  let suggestions: Proposal[] = [];
  let creditMinor = 0;
  if (outcome.kind === 'auto') {
    const { proposal } = outcome;
    await postAllocations(uow, {
      bankTransactionId,
      proposal,
      kind: 'auto',
      reason: proposalReason(proposal, line.currency, 'en'),
    });
    // A match found through the memo is as good as a confirmation of who the payer is.
    if (proposal.basis === 'reference')
      await learnPayer(uow, { name: line.payer, account: line.payerAccount }, proposal.customerId);
    if (proposal.fit !== 'overpayment') return true;
    kind = 'credit';
    creditMinor = proposal.excessMinor;
    suggestions = [proposal];
  } else {
    kind = outcome.exception;
    suggestions = outcome.suggestions;
  }
  const reference = outcome.reference;
  const assignee = await financeAssignee(uow);
  const [exception] = await uow.tx
    .insert(reconExceptions)
    .values({
      bankTransactionId,
      kind,
      detail: reference,
      assignedTo: assignee?.id ?? null,
      suggestions: kind === 'credit' ? null : suggestions,
      createdAt: uow.now,
    })
    .returning({ id: reconExceptions.id });
  if (!exception) throw new Error('insert returned no row');
  await uow.audit({
    action: 'recon_exception.open',
    entityType: 'recon_exception',
    entityId: exception.id,
    after: {
      kind,
      reference,
      bankTransactionId,
      bankTxnId: line.bankTxnId,
      suggestions: suggestions.length,
      assignedTo: assignee?.id ?? null,
    },
  });
  const data = {
    exceptionId: exception.id,
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
  await uow.post(
    { kind: 'channel', name: policy.reconcile.financeChannel },
    `recon:${exception.id}`,
    (locale) => reconExceptionCard(data, locale),
  );
  return kind === 'credit';
}

const openInstallmentColumns = {
  id: installments.id,
  orderId: installments.orderId,
  orderNumber: orders.number,
  customerId: orders.customerId,
  position: installments.position,
  label: installments.label,
  dueOn: installments.dueOn,
  amountMinor: installments.amountMinor,
  settledMinor: installments.paidMinor,
  currency: installments.currency,
};

// What the matcher needs for one line, with every candidate installment locked so two imports cannot both pay one.
async function matchContext(uow: UnitOfWork, line: StatementLine): Promise<MatchContext> {
  const policy = uow.deps.policy.reconcile;
  const keys = referenceCandidates(line.memo);
  const referenced: MatchContext['referenced'][number][] = [];
  if (keys.length > 0) {
    const found = await uow.tx
      .select({ id: orders.id, number: orders.number, status: orders.status })
      .from(orders)
      .where(inArray(sql<string>`upper(regexp_replace(${orders.number}, '[^A-Za-z0-9]', '', 'g'))`, keys));
    const approved = found.filter((o) => o.status === 'approved').map((o) => o.id);
    const rows =
      approved.length === 0
        ? []
        : await uow.tx
            .select(openInstallmentColumns)
            .from(installments)
            .innerJoin(orders, eq(orders.id, installments.orderId))
            .where(inArray(installments.orderId, approved))
            .orderBy(installments.id)
            .for('update', { of: installments });
    // An order that is not approved (yet, or any more) is named but owes nothing: an amount mismatch for finance.
    for (const o of found)
      referenced.push({ orderNumber: o.number, installments: rows.filter((r) => r.orderId === o.id) });
  }
  const payerCustomer =
    referenced.length > 0
      ? null
      : await customerOfPayer(uow, { name: line.payer, account: line.payerAccount });
  const payerInstallments =
    payerCustomer === null
      ? []
      : await uow.tx
          .select(openInstallmentColumns)
          .from(installments)
          .innerJoin(orders, eq(orders.id, installments.orderId))
          .where(
            and(
              eq(orders.customerId, payerCustomer),
              eq(orders.status, 'approved'),
              sql`${installments.paidMinor} < ${installments.amountMinor}`,
            ),
          )
          .orderBy(installments.dueOn, installments.id)
          .limit(60)
          .for('update', { of: installments });
  const sameAmount =
    referenced.length > 0 || payerCustomer !== null
      ? []
      : await uow.tx
          .select(openInstallmentColumns)
          .from(installments)
          .innerJoin(orders, eq(orders.id, installments.orderId))
          .where(
            and(
              eq(orders.status, 'approved'),
              eq(installments.currency, line.currency),
              // Spelled as installments_open_amount_idx is, so the partial index answers it.
              sql`${installments.paidMinor} < ${installments.amountMinor}`,
              sql`(${installments.amountMinor} - ${installments.paidMinor}) = ${line.amountMinor}`,
            ),
          )
          .orderBy(installments.dueOn, installments.id)
          .limit(3);
  const customerIds = [
    ...new Set([...referenced.flatMap((o) => o.installments), ...payerInstallments].map((i) => i.customerId)),
  ];
  const tiers = new Map(
    customerIds.length === 0
      ? []
      : (
          await uow.tx
            .select({ id: customers.id, tier: customers.tier })
            .from(customers)
            .where(inArray(customers.id, customerIds))
        ).map((c) => [c.id, c.tier]),
  );
  const scale = 10 ** decimalsOf(line.currency);
  const toMinor = (t: TolerancePolicy): Tolerance => ({
    under: { percent: t.under.percent, maxMinor: Math.round(t.under.max * scale) },
    over: { percent: t.over.percent, maxMinor: Math.round(t.over.max * scale) },
  });
  return {
    referenced,
    payerCustomer,
    payerInstallments,
    sameAmount,
    toleranceFor: (customerId) => {
      const tier = tiers.get(customerId);
      return toMinor((tier ? policy.tiers[tier] : undefined) ?? policy.tolerance);
    },
    autoConfirmAbove: policy.autoConfirmAbove,
  };
}
