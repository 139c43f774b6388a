// Owns the order statistics reports use: the median and p90 the way PostgreSQL's percentile_cont computes them.

// Linear interpolation between the closest ranks; null for no values.
export function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = fraction * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const low = sorted[lo] as number;
  const high = sorted[hi] as number;
  return low + (high - low) * (rank - lo);
}

// part / whole as 0..1, null when there is no whole.
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

// 0.3125 → 31.3 (one decimal), null stays null.
export function percentOf(r: number | null): number | null {
  return r === null ? null : Math.round(r * 1000) / 10;
}

// Amounts per currency, in minor units; a roll-up across currencies keeps them apart.
export type Totals = Record<string, number>;

export function addTotals(a: Totals, b: Totals): Totals {
  const out: Totals = { ...a };
  for (const [currency, minor] of Object.entries(b)) out[currency] = (out[currency] ?? 0) + minor;
  return out;
}
