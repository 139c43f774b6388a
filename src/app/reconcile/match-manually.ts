// Use case: finance matches an exception's bank line by hand to order numbers (or installment ids), oldest installment first.
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { bankTransactions, installments, orders, reconExceptions } from '../../db/schema.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import { isUuid, orderNumberOf } from '../../domain/ids.ts';
import { formatMoney } from '../../domain/money.ts';
import type { Proposal } from '../../domain/reconcile/matcher.ts';
import { reconExceptionCard } from '../../messages/catalogue/reconcile.ts';
import { allowed } from '../access/ask.ts';
import type { UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { publishReconResolved } from '../webhooks/publish-record-event.ts';
import { decidedAt, exceptionCardData } from './exception-card-data.ts';
import { lockOpenException } from './lock-open-exception.ts';
import { activeAllocationsOf, postAllocations } from './post-allocations.ts';

export type MatchManuallyOutcome =
  | { matched: true; allocations: number; orders: string[] }
  | { matched: false; by: string }
  | { matched: false; stale: true }
  | { matched: false; forbidden: true };

// "SO-2026-00001, so202600002；SO-2026-00003" → the three numbers as orders carry them: people paste lists with
// either comma, any case, and the compact form the exception card quotes.
export function parseOrderList(input: string): string[] {
  const refs = input
    .split(/[,，;；\s]+/)
    .map((r) => r.trim())
    .filter((r) => r !== '')
    .map((r) => (isUuid(r) ? r.toLowerCase() : orderNumberOf(r)));
  return [...new Set(refs)];
}

export async function matchManually(
  deps: AppDeps,
  actor: UserActor,
  exceptionId: string,
  input: string | readonly string[] | undefined,
): Promise<MatchManuallyOutcome> {
  if (!allowed(deps, actor, 'recon.decide')) return { matched: false, forbidden: true };
  if (!isUuid(exceptionId)) throw notFound('recon_exception_unknown', { id: exceptionId });
  const refs = typeof input === 'string' ? parseOrderList(input) : parseOrderList((input ?? []).join(','));
  if (refs.length === 0) throw invalid('recon_match_unknown', 'orders', { value: '""' });
  return inTransaction(deps, actor, async (uow) => {
    const taken = await lockOpenException(uow, exceptionId);
    if (!taken.open) return { matched: false, by: taken.by };
    const row = taken.row;
    const [txn] = await uow.tx
      .select()
      .from(bankTransactions)
      .where(eq(bankTransactions.id, row.bankTransactionId))
      .for('update');
    if (!txn) throw new Error(`bank transaction ${row.bankTransactionId} is missing`);
    if ((await activeAllocationsOf(uow, txn.id)).length > 0) return { matched: false, stale: true };

    const ids = refs.filter(isUuid);
    const numbers = refs.filter((r) => !isUuid(r));
    // Locked so a payment recorded meanwhile cannot be paid twice from this line.
    const candidates = await uow.tx
      .select({
        id: installments.id,
        dueOn: installments.dueOn,
        position: installments.position,
        amountMinor: installments.amountMinor,
        paidMinor: installments.paidMinor,
        currency: installments.currency,
        orderNumber: orders.number,
        customerId: orders.customerId,
      })
      .from(installments)
      .innerJoin(orders, eq(orders.id, installments.orderId))
      .where(
        and(
          eq(orders.status, 'approved'),
          or(
            numbers.length > 0 ? inArray(sql`upper(${orders.number})`, numbers) : sql`false`,
            ids.length > 0 ? inArray(installments.id, ids) : sql`false`,
          ),
        ),
      )
      .orderBy(asc(installments.dueOn), asc(installments.position), asc(installments.id))
      .for('update', { of: installments });
    const unknown = refs.filter((r) =>
      isUuid(r)
        ? !candidates.some((c) => c.id === r)
        : !candidates.some((c) => c.orderNumber.toUpperCase() === r),
    );
    if (unknown.length > 0) throw invalid('recon_match_unknown', 'orders', { value: unknown.join(', ') });
    const foreign = candidates.find((c) => c.currency !== txn.currency);
    if (foreign)
      throw invalid('recon_match_currency', 'orders', {
        value: foreign.orderNumber,
        currency: foreign.currency,
        expected: txn.currency,
      });
    const open = candidates.filter((c) => c.paidMinor < c.amountMinor);
    const owed = open.reduce((s, c) => s + c.amountMinor - c.paidMinor, 0);
    const orderNumbers = [...new Set(candidates.map((c) => c.orderNumber))];
    const locale = deps.policy.org.locale;
    if (txn.amountMinor > owed)
      throw invalid('recon_match_exceeds', 'orders', {
        value: orderNumbers.join(', '),
        amount: formatMoney(txn.amountMinor, txn.currency, locale),
        owed: formatMoney(owed, txn.currency, locale),
      });

    let left = txn.amountMinor;
    const allocations: Proposal['allocations'] = [];
    for (const c of open) {
      if (left === 0) break;
      const amountMinor = Math.min(left, c.amountMinor - c.paidMinor);
      allocations.push({ installmentId: c.id, orderNumber: c.orderNumber, dueOn: c.dueOn, amountMinor });
      left -= amountMinor;
    }
    const paidOrders = [...new Set(allocations.map((a) => a.orderNumber))];
    const customerId = open.find((c) => c.id === allocations[0]?.installmentId)?.customerId ?? '';
    await postAllocations(uow, {
      bankTransactionId: txn.id,
      proposal: {
        basis: 'reference',
        fit: allocations.length > 1 ? 'combination' : 'exact',
        customerId,
        allocations,
        writeOffs: [],
        excessMinor: 0,
        confidence: 1,
        tied: false,
      },
      kind: 'manual',
      reason: `matched manually by ${actor.user.name} to ${paidOrders.join(', ')}`,
    });
    await uow.tx
      .update(reconExceptions)
      .set({ status: 'resolved', resolvedBy: actor.user.id, resolvedAt: uow.now })
      .where(and(eq(reconExceptions.id, row.id), eq(reconExceptions.status, 'open')));
    await uow.audit({
      action: 'recon_exception.match',
      entityType: 'recon_exception',
      entityId: row.id,
      before: { status: 'open' },
      after: { status: 'resolved', orders: paidOrders, customerId },
    });
    await publishReconResolved(uow, row.id, 'matched');
    const at = decidedAt(deps, uow.now);
    await uow.update(`recon:${row.id}`, (cardLocale) =>
      reconExceptionCard(
        {
          ...exceptionCardData(row, txn),
          bankTransactionId: txn.id,
          matched: { by: actor.user.name, at, orders: paidOrders.join(', ') },
        },
        cardLocale,
      ),
    );
    return { matched: true, allocations: allocations.length, orders: paidOrders };
  });
}
