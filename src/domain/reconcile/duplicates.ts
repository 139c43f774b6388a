// Owns spotting the same money reported twice: a line equal to one already imported under another bank id.
import { daysBetween } from '../time.ts';

export interface SeenLine {
  bankTxnId: string | null;
  bookedOn: string;
  amountMinor: number;
  currency: string;
  payer: string | null;
  memo: string | null;
}

// Banks re-send a payment under a new id a day or two later (a correction, an export overlap); past this it is
// more likely a genuine repeat payment.
export const duplicateWindowDays = 3;

function norm(text: string | null): string {
  return (text ?? '').trim().toLowerCase();
}

function same(a: string | null, b: string | null): boolean {
  return norm(a) === norm(b);
}

// Lines that could be twins share this key; index seen lines by it so a large file is not compared pairwise.
export function twinKey(line: SeenLine): string {
  return `${line.amountMinor}|${line.currency}|${norm(line.payer)}|${norm(line.memo)}`;
}

// The earliest seen line with the same amount, currency, payer and memo within the window under another bank id.
// A line that names neither payer nor memo has nothing to compare by, so it is never called a duplicate.
export function findTwin(line: SeenLine, seen: readonly SeenLine[]): SeenLine | null {
  if (!line.payer?.trim() && !line.memo?.trim()) return null;
  let twin: SeenLine | null = null;
  for (const s of seen) {
    if (s.bankTxnId === line.bankTxnId) continue;
    if (s.amountMinor !== line.amountMinor || s.currency !== line.currency) continue;
    if (!same(s.payer, line.payer) || !same(s.memo, line.memo)) continue;
    if (Math.abs(daysBetween(s.bookedOn, line.bookedOn)) > duplicateWindowDays) continue;
    if (!twin || s.bookedOn < twin.bookedOn) twin = s;
  }
  return twin;
}
