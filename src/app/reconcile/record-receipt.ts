// Use case: a receipt recorded outside a bank statement (the ERP, or finance saying "mark received" in chat),
// posted as allocations through the matcher's own code, oldest open installment first, the rep told.

import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { allocations, bankTransactions, customers, installments, orders } from '../../db/schema.ts';
import { type InstallmentStatus, installmentStatus } from '../../domain/collections/installment-status.ts';
import { conflict, invalid, notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { formatMoney, parseAmount } from '../../domain/money.ts';
import type { Allocation } from '../../domain/reconcile/matcher.ts';
import { localDate } from '../../domain/time.ts';
import { receiptCard } from '../../messages/catalogue/receipts.ts';
import { allowed } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { orderWhere } from '../orders/load-order.ts';
import { inTransaction } from '../unit-of-work.ts';
import { postAllocations } from './post-allocations.ts';

export interface ReceiptInput {
  // Exactly one of the two: the order's number (oldest open installment first) or one installment.
  order?: string;
  installmentId?: string;
  // As typed: "1234.50" (no currency sign, no float on the way).
  amount: string;
  // Defaults to the order's currency; a different one is refused.
  currency?: string;
  // YYYY-MM-DD; defaults to today in the org's time zone.
  receivedOn?: string;
  // The ERP's document number: one receipt per reference.
  reference?: string;
  source: 'erp' | 'manual';
}

export type ReceiptOutcome =
  | {
      recorded: true;
      bankTransactionId: string;
      orderNumber: string;
      currency: string;
      amountMinor: number;
      installments: { id: string; label: string; amountMinor: number; status: InstallmentStatus }[];
    }
  | { recorded: false; forbidden: true };

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function validDate(text: string): boolean {
  if (!isoDate.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

export async function recordReceipt(
  deps: AppDeps,
  actor: Actor,
  input: ReceiptInput,
): Promise<ReceiptOutcome> {
  // Cash is finance's word: a rep cannot close their own receivable; the ERP (an API key) can.
  if (!allowed(deps, actor, 'payment.record')) return { recorded: false, forbidden: true };
  const today = localDate(deps.clock.now(), deps.policy.org.timezone);
  const receivedOn = input.receivedOn?.trim() || today;
  if (!validDate(receivedOn)) throw invalid('receipt_date', 'date', { value: receivedOn });
  if (receivedOn > today) throw invalid('receipt_date_future', 'date', { value: receivedOn, today });
  if ((input.order === undefined) === (input.installmentId === undefined))
    throw invalid('receipt_target', 'order');
  if (input.installmentId !== undefined && !isUuid(input.installmentId))
    throw invalid('receipt_installment', 'installmentId', { value: input.installmentId });

  return inTransaction(deps, actor, async (uow) => {
    const [order] = await uow.tx
      .select({
        id: orders.id,
        number: orders.number,
        ownerId: orders.ownerId,
        currency: orders.currency,
        customerId: orders.customerId,
        customerName: customers.name,
      })
      .from(orders)
      .innerJoin(customers, eq(customers.id, orders.customerId))
      .where(
        and(
          eq(orders.status, 'approved'),
          input.installmentId !== undefined
            ? sql`${orders.id} = (select ${installments.orderId} from ${installments} where ${installments.id} = ${input.installmentId})`
            : orderWhere(input.order ?? ''),
        ),
      );
    if (!order)
      throw input.installmentId !== undefined
        ? notFound('receipt_unknown_installment', { value: input.installmentId })
        : notFound('receipt_unknown_order', { value: input.order ?? '' });
    const currency = (input.currency ?? order.currency).trim().toUpperCase();
    if (currency !== order.currency)
      throw invalid('receipt_currency', 'currency', { value: currency, expected: order.currency });
    const amountMinor = parseAmount(input.amount, currency);
    if (amountMinor === null || amountMinor <= 0)
      throw invalid('receipt_amount', 'amount', { value: input.amount });

    // Locked in id order, as matching, the roll-up triggers and a cancel or edit lock a plan (two open installments
    // locked in another order by each side deadlock); then paid oldest first. A statement import racing this receipt
    // sees what is left after it.
    const locked = await uow.tx
      .select({
        id: installments.id,
        label: installments.label,
        amountMinor: installments.amountMinor,
        paidMinor: installments.paidMinor,
        dueOn: installments.dueOn,
        position: installments.position,
      })
      .from(installments)
      .where(
        and(
          eq(installments.orderId, order.id),
          gt(sql`${installments.amountMinor} - ${installments.paidMinor}`, 0),
          ...(input.installmentId !== undefined ? [eq(installments.id, input.installmentId)] : []),
        ),
      )
      .orderBy(asc(installments.id))
      .for('update');
    const open = locked.toSorted((x, y) => x.dueOn.localeCompare(y.dueOn) || x.position - y.position);
    const owed = open.reduce((s, i) => s + i.amountMinor - i.paidMinor, 0);
    // A credit needs a refund-or-apply decision by finance; a receipt beyond what is owed is refused, not guessed.
    if (amountMinor > owed)
      throw invalid('receipt_exceeds_owed', 'amount', {
        value: input.amount,
        owed: formatMoney(owed, currency),
        order: order.number,
      });

    const reference = input.reference?.trim() || null;
    const bankTxnId = `${input.source}:${reference ?? randomUUID()}`;
    const [txn] = await uow.tx
      .insert(bankTransactions)
      .values({
        bankTxnId,
        bookedOn: receivedOn,
        amountMinor,
        currency,
        payer: order.customerName,
        memo: reference ? `${order.number} ${reference}` : order.number,
        createdAt: uow.now,
      })
      .onConflictDoNothing({ target: bankTransactions.bankTxnId })
      .returning({ id: bankTransactions.id });
    if (!txn) throw conflict('receipt_duplicate_reference', { value: reference ?? '' });

    const split: Allocation[] = [];
    let left = amountMinor;
    for (const i of open) {
      if (left === 0) break;
      const take = Math.min(left, i.amountMinor - i.paidMinor);
      split.push({ installmentId: i.id, orderNumber: order.number, dueOn: i.dueOn, amountMinor: take });
      left -= take;
    }
    const who = actor.kind === 'user' ? actor.user.name : actor.kind === 'api' ? actor.keyName : actor.name;
    await postAllocations(uow, {
      bankTransactionId: txn.id,
      proposal: {
        basis: 'reference',
        fit: split.length > 1 ? 'combination' : 'exact',
        customerId: order.customerId,
        allocations: split,
        writeOffs: [],
        excessMinor: 0,
        confidence: 1,
        tied: false,
      },
      kind: input.source,
      reason: `${input.source === 'erp' ? 'ERP receipt' : 'marked received'} by ${who}${reference ? ` (${reference})` : ''}`,
    });
    await uow.audit({
      action: 'receipt.record',
      entityType: 'bank_transaction',
      entityId: txn.id,
      after: { orderId: order.id, amountMinor, currency, receivedOn, reference, source: input.source },
    });

    // Status is derived from the allocations, never stored: read them back as every other view does.
    const ids = split.map((a) => a.installmentId);
    const facts = await uow.tx
      .select({
        installmentId: allocations.installmentId,
        amountMinor: allocations.amountMinor,
        kind: allocations.kind,
        undoneAt: allocations.undoneAt,
      })
      .from(allocations)
      .where(inArray(allocations.installmentId, ids));
    const paid = split.map((a) => {
      const row = open.find((i) => i.id === a.installmentId);
      if (!row) throw new Error(`installment ${a.installmentId} vanished`);
      const status = installmentStatus(
        row,
        facts
          .filter((f) => f.installmentId === row.id)
          .map((f) => ({ amountMinor: f.amountMinor, kind: f.kind, undone: f.undoneAt !== null })),
        today,
      );
      return { id: row.id, label: row.label, amountMinor: a.amountMinor, status };
    });
    const data = {
      orderNumber: order.number,
      customer: order.customerName,
      amountMinor,
      currency,
      receivedOn,
      reference,
      by: who,
      installments: paid,
      labels: uow.deps.policy.labels.book,
    };
    await uow.post({ kind: 'user', userId: order.ownerId }, `receipt:${txn.id}`, (locale) =>
      receiptCard(data, locale),
    );
    return {
      recorded: true,
      bankTransactionId: txn.id,
      orderNumber: order.number,
      currency,
      amountMinor,
      installments: paid,
    };
  });
}
