// Owns turning a payment plan template into dated installments whose amounts always sum to the order total.
import { splitByPercent } from '../money.ts';
import { addDays } from '../time.ts';

// The most installments a plan may have; a position beyond it names none (and would overflow the 32-bit column).
export const maxInstallments = 1000;

export interface PlanStep {
  label: string;
  percent: number;
  dueDays: number;
}

export interface PlannedInstallment {
  position: number;
  label: string;
  dueOn: string;
  amountMinor: number;
}

// startDate is YYYY-MM-DD (the local date the order was approved on); each step is due dueDays after it.
export function planInstallments(
  steps: readonly PlanStep[],
  totalMinor: number,
  startDate: string,
): PlannedInstallment[] {
  const amounts = splitByPercent(
    totalMinor,
    steps.map((s) => s.percent),
  );
  return steps.map((s, i) => ({
    position: i + 1,
    label: s.label,
    dueOn: addDays(startDate, s.dueDays),
    amountMinor: amounts[i] ?? 0,
  }));
}
