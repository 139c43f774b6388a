// Owns tying a bank line to the receipt recorded before it (ERP or chat), so the installments are not paid twice.
import { eq } from 'drizzle-orm';
import { bankTransactions } from '../../db/schema.ts';
import type { OpenReceipt } from '../../domain/reconcile/matcher.ts';
import type { UnitOfWork } from '../unit-of-work.ts';

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
