// Owns an installment's status, derived from its allocations and the date — never stored, never set by hand.
import { addDays } from '../time.ts';

export type InstallmentStatus = 'scheduled' | 'due' | 'overdue' | 'partly_paid' | 'paid' | 'written_off';

export interface AllocationFact {
  amountMinor: number;
  // auto | manual (cash received) or write_off (closed without cash)
  kind: string;
  undone: boolean;
}

// How many days before the due date an installment counts as due rather than scheduled.
export const dueWindowDays = 7;

// `today` is the org's local date (YYYY-MM-DD).
export function installmentStatus(
  installment: { amountMinor: number; dueOn: string },
  allocations: readonly AllocationFact[],
  today: string,
): InstallmentStatus {
  const active = allocations.filter((a) => !a.undone);
  const cash = active.filter((a) => a.kind !== 'write_off').reduce((s, a) => s + a.amountMinor, 0);
  const writtenOff = active.filter((a) => a.kind === 'write_off').reduce((s, a) => s + a.amountMinor, 0);
  if (cash + writtenOff >= installment.amountMinor) return cash === 0 ? 'written_off' : 'paid';
  if (cash > 0) return 'partly_paid';
  if (today > installment.dueOn) return 'overdue';
  if (today >= addDays(installment.dueOn, -dueWindowDays)) return 'due';
  return 'scheduled';
}
