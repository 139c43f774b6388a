// Use case: finance splits one bank line across several orders / installments with amounts; the rest becomes the
// customer's credit or stays open on the exception. Undone like any match (recon.undo).
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { bankTransactions, customers, installments, orders, reconExceptions } from '../../db/schema.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { formatMoney } from '../../domain/money.ts';
import { type Allocation, referenceKey } from '../../domain/reconcile/matcher.ts';
import { checkSplitTotal, parseSplit, type SplitRest } from '../../domain/reconcile/split.ts';
import { reconExceptionCard } from '../../messages/catalogue/reconcile.ts';
import { allowed } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { publishReconResolved } from '../webhooks/publish-record-event.ts';
import { decidedAt, exceptionCardData, splitView } from './exception-card-data.ts';
import { lockOpenException } from './lock-open-exception.ts';
import { activeAllocationsOf, learnPayer, postAllocations } from './post-allocations.ts';

export type SplitOutcome =
  | { split: true; parts: number; remainderMinor: number; currency: string; rest: SplitRest }
  | { split: false; by: string }
  | { split: false; forbidden: true };

interface Candidate {
  id: string;
  orderNumber: string;
  position: number;
  invoiceNo: string | null;
  dueOn: string;
  owedMinor: number;
  currency: string;
  customerId: string;
  customerName: string;
}

const key = (text: string) => referenceKey(text);

export async function splitException(
  deps: AppDeps,
  actor: UserActor,
  exceptionId: string,
  input: string | undefined,
): Promise<SplitOutcome> {
  if (!allowed(deps, actor, 'recon.decide')) return { split: false, forbidden: true };
  if (!isUuid(exceptionId)) throw notFound('recon_exception_unknown', { id: exceptionId });
  return inTransaction(deps, actor, async (uow) => {
    const taken = await lockOpenException(uow, exceptionId);
    if (!taken.open) return { split: false, by: taken.by };
    const row = taken.row;
    const [txn] = await uow.tx
      .select()
      .from(bankTransactions)
      .where(eq(bankTransactions.id, row.bankTransactionId))
      .for('update');
    if (!txn) throw new Error(`bank transaction ${row.bankTransactionId} is missing`);
    const request = parseSplit(input ?? '', txn.currency);
    // A split left open may be split again: only what no earlier part took is left to give.
    const before = await activeAllocationsOf(uow, txn.id);
    const available =
      txn.amountMinor - before.filter((a) => a.kind !== 'write_off').reduce((s, a) => s + a.amountMinor, 0);
    checkSplitTotal(request.parts, available, txn.currency);

    const candidates = await candidatesFor(
      uow,
      request.parts.map((p) => key(p.target)),
    );
    const owed = new Map(candidates.map((c) => [c.id, c.owedMinor]));
    const allocations: Allocation[] = [];
    let customer: { id: string; name: string; n: number } | null = null;
    for (const part of request.parts) {
      const k = key(part.target);
      const label = part.position === null ? part.target : `${part.target}#${part.position}`;
      const byOrder = candidates.filter((c) => key(c.orderNumber) === k);
      const pool =
        part.position !== null
          ? byOrder.filter((c) => c.position === part.position)
          : byOrder.length > 0
            ? byOrder
            : candidates.filter((c) => c.invoiceNo !== null && key(c.invoiceNo) === k);
      if (pool.length === 0) throw invalid('recon_split_unknown', 'split', { n: part.n, value: label });
      const first = pool[0] as Candidate;
      if (first.currency !== txn.currency)
        throw invalid('recon_split_currency', 'split', {
          n: part.n,
          target: label,
          currency: first.currency,
          expected: txn.currency,
        });
      // A payment comes from one customer; its credit, if any, is that customer's.
      if (customer && customer.id !== first.customerId)
        throw invalid('recon_split_customers', 'split', {
          n: part.n,
          target: label,
          customer: first.customerName,
          first: customer.name,
          firstN: customer.n,
        });
      customer ??= { id: first.customerId, name: first.customerName, n: part.n };
      const open = pool.reduce((s, c) => s + (owed.get(c.id) ?? 0), 0);
      if (part.amountMinor > open)
        throw invalid('recon_split_exceeds', 'split', {
          n: part.n,
          target: label,
          amount: formatMoney(part.amountMinor, txn.currency),
          owed: formatMoney(open, txn.currency),
        });
      // Within an order, oldest open installment first, as a manual match does.
      let left = part.amountMinor;
      for (const c of pool) {
        const take = Math.min(left, owed.get(c.id) ?? 0);
        if (take === 0) continue;
        owed.set(c.id, (owed.get(c.id) ?? 0) - take);
        const same = allocations.find((a) => a.installmentId === c.id);
        if (same) same.amountMinor += take;
        else
          allocations.push({
            installmentId: c.id,
            orderNumber: c.orderNumber,
            dueOn: c.dueOn,
            amountMinor: take,
          });
        left -= take;
        if (left === 0) break;
      }
    }
    if (!customer) throw new Error('a split without parts passed parsing');
    const splitMinor = request.parts.reduce((s, p) => s + p.amountMinor, 0);
    const remainderMinor = available - splitMinor;
    const orderList = [...new Set(allocations.map((a) => a.orderNumber))];
    await postAllocations(uow, {
      bankTransactionId: txn.id,
      proposal: {
        basis: 'reference',
        fit: remainderMinor > 0 ? 'overpayment' : allocations.length > 1 ? 'combination' : 'exact',
        customerId: customer.id,
        allocations,
        writeOffs: [],
        excessMinor: remainderMinor,
        confidence: 1,
        tied: false,
      },
      kind: 'manual',
      reason: `split by ${actor.user.name} across ${orderList.join(', ')}`,
    });
    await learnPayer(
      uow,
      { name: txn.payer, account: uow.deps.keyring.decrypt(txn.payerAccount) },
      customer.id,
    );
    const resolved = remainderMinor === 0 || request.rest === 'credit';
    if (resolved)
      await uow.tx
        .update(reconExceptions)
        .set({ status: 'resolved', resolvedBy: actor.user.id, resolvedAt: uow.now })
        .where(and(eq(reconExceptions.id, row.id), eq(reconExceptions.status, 'open')));
    await uow.audit({
      action: 'recon_exception.split',
      entityType: 'recon_exception',
      entityId: row.id,
      before: { status: 'open', availableMinor: available },
      after: {
        status: resolved ? 'resolved' : 'open',
        customerId: customer.id,
        parts: request.parts.map((p) => ({
          target: p.target,
          position: p.position,
          amountMinor: p.amountMinor,
        })),
        remainderMinor,
        rest: remainderMinor === 0 ? null : request.rest,
      },
    });
    await publishReconResolved(uow, row.id, 'split');
    const view = await splitView(uow, txn.id, {
      by: actor.user.name,
      at: decidedAt(deps, uow.now),
      remainderMinor,
      rest: request.rest,
    });
    await uow.update(`recon:${row.id}`, (locale) =>
      reconExceptionCard({ ...exceptionCardData(row, txn), bankTransactionId: txn.id, split: view }, locale),
    );
    return {
      split: true,
      parts: request.parts.length,
      remainderMinor,
      currency: txn.currency,
      rest: request.rest,
    };
  });
}

// Every installment a part may name — by order number, or by invoice number — with what it still owes, locked.
async function candidatesFor(uow: UnitOfWork, keys: string[]): Promise<Candidate[]> {
  const compact = (column: unknown) => sql<string>`upper(regexp_replace(${column}, '[^A-Za-z0-9]', '', 'g'))`;
  const rows = await uow.tx
    .select({
      id: installments.id,
      orderNumber: orders.number,
      position: installments.position,
      invoiceNo: installments.invoiceNo,
      dueOn: installments.dueOn,
      amountMinor: installments.amountMinor,
      paidMinor: installments.paidMinor,
      currency: installments.currency,
      customerId: orders.customerId,
      customerName: customers.name,
    })
    .from(installments)
    .innerJoin(orders, eq(orders.id, installments.orderId))
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(
      and(
        eq(orders.status, 'approved'),
        or(inArray(compact(orders.number), keys), inArray(compact(installments.invoiceNo), keys)),
      ),
    )
    .orderBy(asc(installments.dueOn), asc(installments.position), asc(installments.id))
    .for('update', { of: installments });
  return rows.map((r) => ({ ...r, owedMinor: Math.max(0, r.amountMinor - r.paidMinor) }));
}
