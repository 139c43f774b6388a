// Use case part: the payments of one order as audit-trail events — each allocation applied (from which bank line or
// receipt, auto-matched or confirmed by whom) and each undone — read from the allocations, which every way of paying
// writes (a statement import keeps its matches in one row per line, not on the order).
import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.ts';
import { allocations, bankTransactions, installments, users } from '../../db/schema.ts';

export interface PaymentTrailEvent {
  at: Date;
  // applied: money (or a write-off) put on the installment; undone: a match taken back.
  what: 'applied' | 'undone';
  // auto: the matcher on import; manual: finance (confirmed, matched, split, marked received); erp; write_off.
  how: string;
  // The person's name where they are on the roster, else the label (api:erp, system:…).
  by: string;
  amountMinor: number;
  currency: string;
  position: number;
  label: string;
  source: { receipt: boolean; reference: string; bookedOn: string; payer: string | null };
}

// The receipts' bank ids (src/app/reconcile/record-receipt.ts): <source>:<the ERP's or finance's reference>.
const receiptPrefix = /^(erp|manual):/;

export async function orderPaymentTrail(db: Executor, orderId: string): Promise<PaymentTrailEvent[]> {
  const maker = alias(users, 'maker');
  const undoer = alias(users, 'undoer');
  const rows = await db
    .select({
      createdAt: allocations.createdAt,
      createdBy: allocations.createdBy,
      maker: maker.name,
      undoneAt: allocations.undoneAt,
      undoneBy: allocations.undoneBy,
      undoer: undoer.name,
      kind: allocations.kind,
      amountMinor: allocations.amountMinor,
      currency: installments.currency,
      position: installments.position,
      label: installments.label,
      reference: bankTransactions.bankTxnId,
      importId: bankTransactions.importId,
      bookedOn: bankTransactions.bookedOn,
      payer: bankTransactions.payer,
    })
    .from(allocations)
    .innerJoin(installments, eq(installments.id, allocations.installmentId))
    .innerJoin(bankTransactions, eq(bankTransactions.id, allocations.bankTransactionId))
    .leftJoin(maker, eq(sql`'user:' || ${maker.email}`, allocations.createdBy))
    .leftJoin(undoer, eq(sql`'user:' || ${undoer.email}`, allocations.undoneBy))
    .where(eq(installments.orderId, orderId));
  return rows.flatMap((r) => {
    const receipt = r.importId === null && receiptPrefix.test(r.reference);
    const common = {
      how: r.kind,
      amountMinor: r.amountMinor,
      currency: r.currency,
      position: r.position,
      label: r.label,
      source: {
        receipt,
        reference: receipt ? r.reference.replace(receiptPrefix, '') : r.reference,
        bookedOn: r.bookedOn,
        payer: receipt ? null : r.payer,
      },
    };
    const applied: PaymentTrailEvent = {
      ...common,
      at: r.createdAt,
      what: 'applied',
      by: r.maker ?? r.createdBy,
    };
    if (r.undoneAt === null) return [applied];
    return [applied, { ...common, at: r.undoneAt, what: 'undone', by: r.undoer ?? r.undoneBy ?? '?' }];
  });
}
