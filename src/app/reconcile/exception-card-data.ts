// Owns what every exception card shows of its exception and bank line, so each decision only adds its own stamp.
import type { bankTransactions, reconExceptions } from '../../db/schema.ts';
import type { Proposal } from '../../domain/reconcile/matcher.ts';
import { localDate, localTime } from '../../domain/time.ts';
import type { ReconCardKind, ReconExceptionCardData } from '../../messages/catalogue/reconcile.ts';
import type { AppDeps } from '../deps.ts';

type ExceptionRow = typeof reconExceptions.$inferSelect;
type BankLine = typeof bankTransactions.$inferSelect;

export function exceptionCardData(row: ExceptionRow, txn: BankLine): ReconExceptionCardData {
  return {
    exceptionId: row.id,
    kind: row.kind as ReconCardKind,
    reference: row.detail,
    bookedOn: txn.bookedOn,
    amountMinor: txn.amountMinor,
    currency: txn.currency,
    payer: txn.payer,
    memo: txn.memo,
    bankTxnId: txn.bankTxnId,
    suggestions: (row.suggestions as Proposal[] | null) ?? [],
  };
}

// "2026-11-02 10:00" in the org's zone: when a decision was taken, as the card says it.
export function decidedAt(deps: AppDeps, now: Date): string {
  const tz = deps.policy.org.timezone;
  return `${localDate(now, tz)} ${localTime(now, tz)}`;
}
