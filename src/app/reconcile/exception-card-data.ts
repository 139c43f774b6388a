// Owns what every exception card shows of its exception and bank line, so each decision only adds its own stamp.
import { and, desc, eq, inArray } from 'drizzle-orm';
import {
  auditLog,
  type bankTransactions,
  installments,
  orders,
  type reconExceptions,
  users,
} from '../../db/schema.ts';
import type { Proposal } from '../../domain/reconcile/matcher.ts';
import type { SplitRest } from '../../domain/reconcile/split.ts';
import { localDate, localTime } from '../../domain/time.ts';
import type { ReconCardKind, ReconExceptionCardData, SplitView } from '../../messages/catalogue/reconcile.ts';
import type { AppDeps } from '../deps.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import { activeAllocationsOf } from './post-allocations.ts';

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

// What a split card lists: every active allocation of the line by order#installment, with the split's stamp.
export async function splitView(
  uow: UnitOfWork,
  bankTransactionId: string,
  stamp: { by: string; at: string; remainderMinor: number; rest: SplitRest },
): Promise<SplitView> {
  const active = await activeAllocationsOf(uow, bankTransactionId);
  const labels =
    active.length === 0
      ? []
      : await uow.tx
          .select({ id: installments.id, orderNumber: orders.number, position: installments.position })
          .from(installments)
          .innerJoin(orders, eq(orders.id, installments.orderId))
          .where(
            inArray(
              installments.id,
              active.map((a) => a.installmentId),
            ),
          );
  const parts = active
    .filter((a) => a.kind !== 'write_off')
    .map((a) => {
      const l = labels.find((x) => x.id === a.installmentId);
      return { label: l ? `${l.orderNumber}#${l.position}` : a.installmentId, amountMinor: a.amountMinor };
    });
  return { ...stamp, parts };
}

// The split an exception still carries (its latest split, while the line has allocations left), so any later
// redraw of the card — acknowledge, a reminder — keeps the split lines instead of the matcher's old suggestions.
export async function splitSoFar(
  deps: AppDeps,
  uow: UnitOfWork,
  exceptionId: string,
  bankTransactionId: string,
): Promise<SplitView | undefined> {
  const [last] = await uow.tx
    .select({ at: auditLog.at, after: auditLog.after, by: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        eq(auditLog.entityType, 'recon_exception'),
        eq(auditLog.entityId, exceptionId),
        eq(auditLog.action, 'recon_exception.split'),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1);
  if (!last) return undefined;
  const after = last.after as { remainderMinor: number; rest: SplitRest | null };
  const view = await splitView(uow, bankTransactionId, {
    by: last.by ?? '?',
    at: decidedAt(deps, last.at),
    remainderMinor: after.remainderMinor,
    rest: after.rest ?? 'open',
  });
  // An undone split leaves nothing allocated: the card is an ordinary open exception again.
  return view.parts.length > 0 ? view : undefined;
}
