// Owns receivables aging (0–30 / 31–60 / 61–90 / 90+ days overdue) and the collection rate of a period.

export type AgingBucket = '0-30' | '31-60' | '61-90' | '90+';
export const agingBuckets: readonly AgingBucket[] = ['0-30', '31-60', '61-90', '90+'];

// Amounts per currency, in minor units.
export type Totals = Record<string, number>;

export function agingBucket(daysOverdue: number): AgingBucket {
  if (daysOverdue <= 30) return '0-30';
  if (daysOverdue <= 60) return '31-60';
  if (daysOverdue <= 90) return '61-90';
  return '90+';
}

export function ageReceivables(
  overdue: readonly { daysOverdue: number; outstandingMinor: number; currency: string }[],
): Record<AgingBucket, Totals> {
  const out: Record<AgingBucket, Totals> = { '0-30': {}, '31-60': {}, '61-90': {}, '90+': {} };
  for (const i of overdue) {
    const bucket = out[agingBucket(i.daysOverdue)];
    bucket[i.currency] = (bucket[i.currency] ?? 0) + i.outstandingMinor;
  }
  return out;
}

export interface CollectionRate {
  currency: string;
  dueMinor: number;
  collectedMinor: number;
  // 0..100, one decimal; null when nothing fell due.
  percent: number | null;
}

// Of what fell due in the period, how much has come in (never counting more than each installment's amount).
export function collectionRate(
  due: readonly { amountMinor: number; paidMinor: number; currency: string }[],
): CollectionRate[] {
  const by = new Map<string, { dueMinor: number; collectedMinor: number }>();
  for (const i of due) {
    const t = by.get(i.currency) ?? { dueMinor: 0, collectedMinor: 0 };
    t.dueMinor += i.amountMinor;
    t.collectedMinor += Math.min(i.paidMinor, i.amountMinor);
    by.set(i.currency, t);
  }
  return [...by]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, t]) => ({
      currency,
      ...t,
      percent: t.dueMinor === 0 ? null : Math.round((t.collectedMinor * 1000) / t.dueMinor) / 10,
    }));
}
