// Owns the credit score (0–100) and grade of a customer, computed from its payment history alone.
import { daysBetween } from '../time.ts';

export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';

// One installment of the customer's approved orders; dates are local YYYY-MM-DD.
export interface PaymentRecord {
  dueOn: string;
  amountMinor: number;
  paidMinor: number;
  // The day it was paid in full; null while anything is still owed.
  paidOn: string | null;
}

export interface PaymentHistory {
  today: string;
  customerSince: string;
  installments: readonly PaymentRecord[];
}

export interface CreditScore {
  score: number;
  grade: Grade;
  // Share of the installments already due that were paid in full by their due date; null with nothing due yet.
  onTimeRatio: number | null;
  // Average days past due of the installments already due (paid late, or still open); null with nothing due.
  avgDaysLate: number | null;
  overdueMinor: number;
  maxDaysOverdue: number;
  // Average days-to-pay of the last 90 days minus that of the 90 before: above 0 means paying slower.
  dsoTrendDays: number | null;
  tenureDays: number;
}

const trendWindowDays = 90;

function average(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

export function gradeOf(score: number): Grade {
  if (score >= 85) return 'A';
  if (score >= 70) return 'B';
  if (score >= 55) return 'C';
  if (score >= 40) return 'D';
  return 'E';
}

// Weights: paying on time 40, how late 20, what is overdue now 20, the trend 10, tenure 10. A part without
// data gets 70 % of its weight, so a new customer lands in C — neither trusted nor punished.
export function creditScore(history: PaymentHistory): CreditScore {
  const { today } = history;
  const settled = (r: PaymentRecord) => r.paidOn !== null && r.paidMinor >= r.amountMinor;
  const due = history.installments.filter((r) => r.dueOn <= today);
  const onTime = due.filter((r) => settled(r) && (r.paidOn ?? '') <= r.dueOn).length;
  const onTimeRatio = due.length === 0 ? null : onTime / due.length;
  const avgDaysLate = average(
    due.map((r) => Math.max(0, daysBetween(r.dueOn, settled(r) ? (r.paidOn ?? today) : today))),
  );
  const overdue = history.installments.filter((r) => r.dueOn < today && !settled(r));
  const overdueMinor = overdue.reduce((s, r) => s + (r.amountMinor - r.paidMinor), 0);
  const maxDaysOverdue = overdue.reduce((m, r) => Math.max(m, daysBetween(r.dueOn, today)), 0);

  const paid = history.installments.filter(settled).map((r) => ({
    ago: daysBetween(r.paidOn ?? today, today),
    daysToPay: daysBetween(r.dueOn, r.paidOn ?? today),
  }));
  const recent = average(paid.filter((p) => p.ago < trendWindowDays).map((p) => p.daysToPay));
  const earlier = average(
    paid.filter((p) => p.ago >= trendWindowDays && p.ago < 2 * trendWindowDays).map((p) => p.daysToPay),
  );
  const dsoTrendDays = recent === null || earlier === null ? null : recent - earlier;
  const tenureDays = Math.max(0, daysBetween(history.customerSince, today));

  const part = (weight: number, fraction: number | null) =>
    weight * (fraction === null ? 0.7 : Math.min(1, Math.max(0, fraction)));
  const raw =
    part(40, onTimeRatio) +
    part(20, avgDaysLate === null ? null : 1 - avgDaysLate / 30) +
    part(20, 1 - maxDaysOverdue / 60) +
    part(10, dsoTrendDays === null ? null : 1 - Math.max(0, dsoTrendDays) / 30) +
    part(10, tenureDays / 365);
  const score = Math.round(raw);
  return {
    score,
    grade: gradeOf(score),
    onTimeRatio,
    avgDaysLate,
    overdueMinor,
    maxDaysOverdue,
    dsoTrendDays,
    tenureDays,
  };
}
