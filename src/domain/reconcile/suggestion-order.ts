// Owns the order an exception lists its suggestions in: the confidence each shows, highest first.
import type { Proposal } from './matcher.ts';

// How far what the installments owe is from the line; a part payment's gap is unknown here, so it ranks last.
function gapMinor(p: Proposal): number {
  if (p.fit === 'partial') return Number.POSITIVE_INFINITY;
  return p.excessMinor + p.writeOffs.reduce((sum, w) => sum + w.amountMinor, 0);
}

function earliestDue(p: Proposal): string {
  return p.allocations.map((a) => a.dueOn).sort()[0] ?? '';
}

// The card numbers them and "Confirm 1" is the primary button: the percent a person reads must fall down the list,
// whatever order the search found them in. Ties: the amount closest to the line's, then the oldest due date.
export function highestConfidenceFirst(suggestions: readonly Proposal[]): Proposal[] {
  return [...suggestions].sort(
    (a, b) =>
      b.confidence - a.confidence ||
      gapMinor(a) - gapMinor(b) ||
      earliestDue(a).localeCompare(earliestDue(b)),
  );
}
