// Owns telling a line a bank export repeats (same bank id, same booking: skipped and reported) from a bank id reused
// for a different booking (a broken file: refused).
import type { StatementLine } from './statement-csv.ts';

export interface RepeatedLine {
  // The line (or camt.053 entry number) that repeats, and the one it repeats.
  line: number;
  firstLine: number;
  // The bank's id, or null when the bank gave none and the line is known by a hash of what it says.
  bankTxnId: string | null;
}

// Everything the importer keeps of a line, compared as written: a repeat carries the very same booking.
export function sameBooking(a: StatementLine, b: StatementLine): boolean {
  return (
    a.bookedOn === b.bookedOn &&
    a.amountMinor === b.amountMinor &&
    a.currency === b.currency &&
    a.payer === b.payer &&
    a.payerAccount === b.payerAccount &&
    a.memo === b.memo &&
    (a.account ?? null) === (b.account ?? null)
  );
}

// The file's lines with each repeat taken out (the first occurrence stays), and the repeats, in file order.
export function withoutRepeats<T extends StatementLine>(
  lines: readonly T[],
  keyOf: (line: T) => string,
): { lines: T[]; repeats: RepeatedLine[] } {
  const first = new Map<string, T>();
  const kept: T[] = [];
  const repeats: RepeatedLine[] = [];
  for (const line of lines) {
    const key = keyOf(line);
    const earlier = first.get(key);
    if (earlier) {
      repeats.push({ line: line.line, firstLine: earlier.line, bankTxnId: line.bankTxnId || null });
      continue;
    }
    first.set(key, line);
    kept.push(line);
  }
  return { lines: kept, repeats };
}
