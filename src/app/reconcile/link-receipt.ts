// Owns tying a bank line to the receipt recorded before it (ERP or chat): which receipts are still waiting for
// their money, and marking the line as that receipt's so the installments are not paid twice.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { allocations, bankTransactions, installments, orders } from '../../db/schema.ts';
import { isUuid } from '../../domain/ids.ts';
import type { OpenReceipt } from '../../domain/reconcile/matcher.ts';
import type { UnitOfWork } from '../unit-of-work.ts';

// record-receipt.ts keys a receipt "erp:<reference>" or "manual:<reference>" (a random id when none was given).
const receiptKey = /^(erp|manual):(.+)$/;

// Receipts of this amount and currency no bank line has confirmed yet, locked so two imports cannot both claim one.
export async function openReceipts(
  uow: UnitOfWork,
  line: { amountMinor: number; currency: string },
): Promise<OpenReceipt[]> {
  const linked = sql`exists (select 1 from ${bankTransactions} l where l.receipt_id = ${bankTransactions.id})`;
  const rows = await uow.tx
    .select({
      id: bankTransactions.id,
      bankTxnId: bankTransactions.bankTxnId,
      customerId: bankTransactions.customerId,
      amountMinor: bankTransactions.amountMinor,
      currency: bankTransactions.currency,
      receivedOn: bankTransactions.bookedOn,
      orderNumber: sql<string>`(select ${orders.number} from ${allocations}
        join ${installments} on ${installments.id} = ${allocations.installmentId}
        join ${orders} on ${orders.id} = ${installments.orderId}
        where ${allocations.bankTransactionId} = ${bankTransactions.id} limit 1)`,
    })
    .from(bankTransactions)
    .where(
      and(
        isNull(bankTransactions.importId),
        eq(bankTransactions.status, 'matched'),
        eq(bankTransactions.amountMinor, line.amountMinor),
        eq(bankTransactions.currency, line.currency),
        sql`${bankTransactions.bankTxnId} ~ '^(erp|manual):'`,
        sql`not ${linked}`,
      ),
    )
    .orderBy(bankTransactions.bookedOn, bankTransactions.id)
    .for('update');
  return rows.flatMap((r) => {
    const reference = receiptKey.exec(r.bankTxnId)?.[2] ?? null;
    if (r.customerId === null || r.orderNumber === null) return [];
    return [
      {
        id: r.id,
        customerId: r.customerId,
        orderNumber: r.orderNumber,
        amountMinor: r.amountMinor,
        currency: r.currency,
        reference: reference === null || isUuid(reference) ? null : reference,
        receivedOn: r.receivedOn,
      },
    ];
  });
}

// Marks the bank line as the receipt's money: matched, nothing allocated again, audited.
export async function linkReceipt(
  uow: UnitOfWork,
  input: { bankTransactionId: string; receipt: OpenReceipt; by: 'reference' | 'payer' },
): Promise<void> {
  await uow.tx
    .update(bankTransactions)
    .set({ status: 'matched', receiptId: input.receipt.id, customerId: input.receipt.customerId })
    .where(eq(bankTransactions.id, input.bankTransactionId));
  await uow.audit({
    action: 'bank_transaction.link_receipt',
    entityType: 'bank_transaction',
    entityId: input.bankTransactionId,
    before: { status: 'unmatched', receiptId: null },
    after: {
      status: 'matched',
      receiptId: input.receipt.id,
      orderNumber: input.receipt.orderNumber,
      reference: input.receipt.reference,
      by: input.by,
    },
  });
}
