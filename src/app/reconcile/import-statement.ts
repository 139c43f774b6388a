// Use case: import a bank statement — skip known lines, pay installments the memo and amount point to, raise the rest to finance.
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  allocations,
  bankTransactions,
  installments,
  orders,
  reconExceptions,
  statementImports,
} from '../../db/schema.ts';
import { invalid } from '../../domain/errors.ts';
import { type CandidateOrder, matchLine, referenceCandidates } from '../../domain/reconcile/matcher.ts';
import { parseStatementCsv, type StatementLine } from '../../domain/reconcile/statement-csv.ts';
import { reconExceptionCard } from '../../messages/catalogue/reconcile.ts';
import { type Actor, type AppDeps, actorLabel } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';

export interface ImportResult {
  importId: string;
  total: number;
  imported: number;
  skipped: number;
  matched: number;
  exceptions: number;
}

export async function importStatement(
  deps: AppDeps,
  actor: Actor,
  input: { csv: string; fileName?: string },
): Promise<ImportResult> {
  const parsed = parseStatementCsv(input.csv);
  const first = parsed.problems[0];
  if (first) {
    const badLines = new Set(parsed.problems.map((p) => p.line)).size;
    const field =
      first.reason === 'empty'
        ? 'csv'
        : first.field === 'header'
          ? `header.${first.value ?? ''}`
          : first.field === 'csv'
            ? `rows.${first.line}`
            : `rows.${first.line}.${first.field}`;
    throw invalid(`statement_${first.reason}`, field, {
      line: first.line,
      column: first.field,
      value: first.value ?? '',
      detail: first.detail ?? '',
      count: badLines,
    });
  }

  return inTransaction(deps, actor, async (uow) => {
    const [statement] = await uow.tx
      .insert(statementImports)
      .values({
        fileName: input.fileName ?? null,
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
    for (const line of parsed.lines) {
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
      after: { fileName: input.fileName ?? null, ...result },
    });
    return result;
  });
}

// Pays the installment the line points to, or opens an exception card in the finance channel. True when paid.
async function settle(uow: UnitOfWork, bankTransactionId: string, line: StatementLine): Promise<boolean> {
  const outcome = matchLine(line, await candidateOrders(uow, line));
  if (outcome.kind === 'match') {
    const target = outcome.installment;
    // Guarded by the amount still owed, so a concurrent payment of the same installment cannot overpay it.
    const [paid] = await uow.tx
      .update(installments)
      .set({
        paidMinor: sql`${installments.paidMinor} + ${line.amountMinor}`,
        paidAt: uow.now,
      })
      .where(
        and(
          eq(installments.id, target.id),
          sql`${installments.amountMinor} - ${installments.paidMinor} = ${line.amountMinor}`,
        ),
      )
      .returning({ paidMinor: installments.paidMinor });
    if (paid) {
      const [allocation] = await uow.tx
        .insert(allocations)
        .values({
          bankTransactionId,
          installmentId: target.id,
          amountMinor: line.amountMinor,
          kind: 'auto',
          reason: outcome.reason,
          createdBy: actorLabel(uow.actor),
          createdAt: uow.now,
        })
        .returning({ id: allocations.id });
      await uow.tx
        .update(bankTransactions)
        .set({ status: 'matched' })
        .where(eq(bankTransactions.id, bankTransactionId));
      await uow.audit({
        action: 'installment.pay',
        entityType: 'installment',
        entityId: target.id,
        before: { paidMinor: target.paidMinor, paidAt: null },
        after: {
          paidMinor: paid.paidMinor,
          paidAt: uow.now,
          allocationId: allocation?.id,
          bankTransactionId,
        },
      });
      return true;
    }
  }
  const kind = outcome.kind === 'exception' ? outcome.exception : 'amount_mismatch';
  const reference = outcome.kind === 'exception' ? outcome.reference : outcome.orderNumber;
  const [exception] = await uow.tx
    .insert(reconExceptions)
    .values({ bankTransactionId, kind, detail: reference, createdAt: uow.now })
    .returning({ id: reconExceptions.id });
  if (!exception) throw new Error('insert returned no row');
  await uow.audit({
    action: 'recon_exception.open',
    entityType: 'recon_exception',
    entityId: exception.id,
    after: { kind, reference, bankTransactionId, bankTxnId: line.bankTxnId },
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
  };
  await uow.post(
    { kind: 'channel', name: uow.deps.policy.reconcile.financeChannel },
    `recon:${exception.id}`,
    (locale) => reconExceptionCard(data, locale),
  );
  return false;
}

// The approved orders the memo may name, with their installments locked so two imports cannot both pay one.
async function candidateOrders(uow: UnitOfWork, line: StatementLine): Promise<CandidateOrder[]> {
  const keys = referenceCandidates(line.memo);
  if (keys.length === 0) return [];
  const found = await uow.tx
    .select({ id: orders.id, number: orders.number, status: orders.status })
    .from(orders)
    .where(inArray(sql<string>`upper(regexp_replace(${orders.number}, '[^A-Za-z0-9]', '', 'g'))`, keys));
  if (found.length === 0) return [];
  const rows = await uow.tx
    .select({
      id: installments.id,
      orderId: installments.orderId,
      position: installments.position,
      label: installments.label,
      dueOn: installments.dueOn,
      amountMinor: installments.amountMinor,
      paidMinor: installments.paidMinor,
      currency: installments.currency,
    })
    .from(installments)
    .where(
      inArray(
        installments.orderId,
        found.map((o) => o.id),
      ),
    )
    .orderBy(installments.id)
    .for('update');
  // An order that is not approved (yet, or any more) is named but owes nothing: an amount mismatch for finance.
  return found.map((o) => ({
    id: o.id,
    number: o.number,
    installments: o.status === 'approved' ? rows.filter((r) => r.orderId === o.id) : [],
  }));
}
