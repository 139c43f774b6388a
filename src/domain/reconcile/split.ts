// Owns reading what finance types to split one bank line: "<order | order#n | invoice> <amount>" parts and what
// becomes of the rest (a credit for the customer, or left open on the exception).
import { invalid } from '../errors.ts';
import { formatMoney, parseAmount } from '../money.ts';

export type SplitRest = 'credit' | 'open';

export interface SplitPart {
  // 1-based position in what was typed, so an error can say "part 2".
  n: number;
  target: string;
  // The installment position when written "SO-2026-00012#2"; null for the order (oldest open first) or an invoice.
  position: number | null;
  amountMinor: number;
}

export interface SplitRequest {
  parts: SplitPart[];
  rest: SplitRest;
}

// Parts are separated by new lines, semicolons, full-width commas, or a comma before the next order number
// (a comma between digits is a thousands separator: "SO-1 1,200.00").
const separators = /\n|;|；|，|、|,(?=\s*[^\d\s])/;
const restCredit = /^(?:(?:rest|remainder|余额|剩余)\s*[:：=]?\s*)?(?:credit|预收|余额)$/i;
const restOpen = /^(?:(?:rest|remainder|余额|剩余)\s*[:：=]?\s*)?(?:open|exception|异常|待处理)$/i;
// The target may contain spaces ("INV 2026 0102"); the amount is the last run of digits.
const partShape = /^(\S.*?)(?:#(\d+))?(?:\s*[:：=]\s*|\s+)(-?[\d.,]+)$/;

export function parseSplit(text: string, currency: string): SplitRequest {
  const entries = text
    .normalize('NFKC')
    .split(separators)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const parts: SplitPart[] = [];
  let rest: SplitRest = 'open';
  for (const entry of entries) {
    if (restCredit.test(entry)) {
      rest = 'credit';
      continue;
    }
    if (restOpen.test(entry)) {
      rest = 'open';
      continue;
    }
    const n = parts.length + 1;
    const m = partShape.exec(entry);
    if (!m) throw invalid('recon_split_syntax', 'split', { n, value: entry });
    const target = (m[1] as string).trim().toUpperCase();
    const amountText = (m[3] as string).trim();
    const amountMinor = parseAmount(amountText, currency);
    if (amountMinor === null || amountMinor <= 0)
      throw invalid('recon_split_amount', 'split', { n, target, value: amountText, currency });
    const position = m[2] === undefined ? null : Number(m[2]);
    if (position !== null && position < 1)
      throw invalid('recon_split_unknown', 'split', { n, value: `${target}#${m[2]}` });
    parts.push({ n, target, position, amountMinor });
  }
  if (parts.length === 0) throw invalid('recon_split_empty', 'split');
  return { parts, rest };
}

// The parts may not take more than the line still has to give.
export function checkSplitTotal(parts: readonly SplitPart[], availableMinor: number, currency: string): void {
  const total = parts.reduce((s, p) => s + p.amountMinor, 0);
  if (total > availableMinor)
    throw invalid('recon_split_total', 'split', {
      total: formatMoney(total, currency),
      available: formatMoney(availableMinor, currency),
    });
}
