// Owns the webhooks of a statement's automatic matches: the payment.received and installment.paid a confirmed match
// queues, collected while the file is matched and queued together once its rows are written.
import type { UnitOfWork } from '../unit-of-work.ts';
import { listeningEndpoints, publishEvents } from '../webhooks/publish-event.ts';
import { paymentReceived } from '../webhooks/publish-payment-event.ts';
import { installmentOccurrence } from '../webhooks/publish-record-event.ts';

export interface StatementPaymentEvents {
  // A line the matcher posted: its allocation rows (write-offs among them, as a confirmed match reports them).
  posted(bankTransactionId: string, rows: readonly { allocationId: string; kind: string }[]): void;
  paidOff(installmentId: string, allocationId: string): void;
  // After the file's allocations and installments are written: the events read the payment as the feed shows it.
  publish(): Promise<void>;
}

// Who listens is asked once, before matching: when nobody does, a line costs nothing more than a branch.
export async function statementPaymentEvents(uow: UnitOfWork): Promise<StatementPaymentEvents> {
  const received = await listeningEndpoints(uow, 'payment.received');
  const paid = await listeningEndpoints(uow, 'installment.paid');
  const lines: { bankTransactionId: string; allocationIds: string[] }[] = [];
  const settled = new Map<string, string>();
  return {
    posted(bankTransactionId, rows) {
      if (received.length === 0 || !rows.some((r) => r.kind !== 'write_off')) return;
      lines.push({ bankTransactionId, allocationIds: rows.map((r) => r.allocationId) });
    },
    paidOff(installmentId, allocationId) {
      if (paid.length > 0) settled.set(installmentId, allocationId);
    },
    async publish() {
      const payments = lines.map((l) => paymentReceived(uow, l.bankTransactionId, l.allocationIds));
      await publishEvents(uow, 'payment.received', payments, received);
      const installments = [...settled].map(([id, by]) => installmentOccurrence(uow, id, by));
      await publishEvents(uow, 'installment.paid', installments, paid);
    },
  };
}
