// Use case steps: the payment events (payment.received when money is applied, payment.reversed when an undo takes it
// back), each carrying the payment as GET /api/payments shows it after the change, so a webhook and a poll book alike.
import { readPaymentRecord } from '../../db/sync/payment-record-query.ts';
import { syncRecord } from '../sync/read-changes.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { type EventOccurrence, publishEvent, publishEvents } from './publish-event.ts';
import { installmentData } from './publish-record-event.ts';

interface AllocationItem {
  allocationId: string;
  installmentId: string;
  kind: string;
}

async function paymentNow(uow: UnitOfWork, bankTransactionId: string) {
  const row = await readPaymentRecord(uow.tx, bankTransactionId);
  const payment = row ? syncRecord(uow.deps.keyring, row) : { id: bankTransactionId };
  const list = (key: string) => (payment[key] as AllocationItem[] | undefined) ?? [];
  return {
    payment,
    header: {
      bankTransactionId,
      bankReference: payment.bankReference ?? null,
      bookedOn: payment.bookedOn ?? null,
      currency: payment.currency ?? null,
      amountMinor: payment.amountMinor ?? null,
      payer: payment.payer ?? null,
      customerId: payment.customerId ?? null,
    },
    // This change's own rows (by allocation id), each beside its installment as it now stands.
    mine: async (key: string, ids: ReadonlySet<string>) =>
      Promise.all(
        list(key)
          .filter((a) => ids.has(a.allocationId))
          .map(async (a) => ({ ...(await installmentData(uow, a.installmentId)), ...a })),
      ),
  };
}

// Money in: a receipt recorded from the ERP, or a bank line posted by reconciliation. `allocations` and `writeOffs`
// are what this posting did; `payment` is the whole payment now (every allocation, the unallocated rest and as what).
export function paymentReceived(
  uow: UnitOfWork,
  bankTransactionId: string,
  allocationIds: readonly string[],
): EventOccurrence {
  return {
    // A bank line can be matched, undone and matched again: each posting is its own event.
    key: `${bankTransactionId}|${uow.now.toISOString()}`,
    data: async () => {
      const now = await paymentNow(uow, bankTransactionId);
      const ids = new Set(allocationIds);
      return {
        ...now.header,
        allocations: await now.mine('allocations', ids),
        writeOffs: await now.mine('writeOffs', ids),
        payment: now.payment,
      };
    },
  };
}

export async function publishPaymentReceived(
  uow: UnitOfWork,
  bankTransactionId: string,
  allocationIds: readonly string[],
): Promise<void> {
  await publishEvents(uow, 'payment.received', [paymentReceived(uow, bankTransactionId, allocationIds)]);
}

// An undo: `reversed` is what this undo took back (reverse what you booked of it); `payment` is the payment now.
export async function publishPaymentReversed(
  uow: UnitOfWork,
  bankTransactionId: string,
  allocationIds: readonly string[],
): Promise<void> {
  // A concurrent undo may have taken everything back first: nothing was reversed here, so nothing to tell.
  if (allocationIds.length === 0) return;
  await publishEvent(uow, 'payment.reversed', `${bankTransactionId}|${uow.now.toISOString()}`, async () => {
    const now = await paymentNow(uow, bankTransactionId);
    return {
      ...now.header,
      reversed: await now.mine('reversed', new Set(allocationIds)),
      payment: now.payment,
    };
  });
}
