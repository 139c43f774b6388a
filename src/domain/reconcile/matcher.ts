// Owns matching one bank line to an open installment: the memo names the order, the amount equals what is still owed.

export type ExceptionKind = 'unknown_reference' | 'amount_mismatch' | 'currency_mismatch' | 'no_reference';

export interface BankLine {
  amountMinor: number;
  currency: string;
  memo: string | null;
}

export interface CandidateInstallment {
  id: string;
  position: number;
  label: string;
  dueOn: string;
  amountMinor: number;
  paidMinor: number;
  currency: string;
}

export interface CandidateOrder {
  id: string;
  number: string;
  installments: readonly CandidateInstallment[];
}

export type MatchOutcome =
  | {
      kind: 'match';
      orderId: string;
      orderNumber: string;
      installment: CandidateInstallment;
      reason: string;
    }
  // `reference`: the order number (or, for unknown_reference, the token) the memo names.
  | { kind: 'exception'; exception: ExceptionKind; reference: string | null };

const joiners = /^[\s\-_.·/\u2010-\u2015\u2212]*$/;
const maxKeyLength = 40;
// What an order number looks like once compacted: a short letter prefix and a run of digits (SO202600012).
const referenceShape = /^[A-Z]{1,5}\d{4,}$/;

// An order number reduced to what survives any way a payer might type it: "SO-2026-00012" → "SO202600012".
export function referenceKey(text: string): string {
  return text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

// Every key a memo could be naming: runs of letters/digits joined across spaces and dashes, whole tokens only,
// so "ＳＯ－2026－00012", "so 2026 00012" and "货款SO2026-00012。" all yield "SO202600012", but "SO202600012X" does not.
export function referenceCandidates(memo: string | null): string[] {
  if (!memo) return [];
  const text = memo.normalize('NFKC').toUpperCase();
  const runs: { value: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(/[A-Z0-9]+/g))
    runs.push({ value: m[0], start: m.index, end: m.index + m[0].length });
  const found = new Set<string>();
  for (let i = 0; i < runs.length; i++) {
    let key = '';
    for (let j = i; j < runs.length; j++) {
      const run = runs[j];
      if (!run) break;
      const previous = runs[j - 1];
      if (j > i && previous && !joiners.test(text.slice(previous.end, run.start))) break;
      key += run.value;
      if (key.length > maxKeyLength) break;
      if (/\d/.test(key)) found.add(key);
    }
  }
  return [...found];
}

function outstanding(i: CandidateInstallment): number {
  return i.amountMinor - i.paidMinor;
}

// `orders` are the orders whose referenceKey is among referenceCandidates(line.memo), with their installments.
export function matchLine(line: BankLine, orders: readonly CandidateOrder[]): MatchOutcome {
  const candidates = referenceCandidates(line.memo);
  const named = candidates
    .map((key) => orders.find((o) => referenceKey(o.number) === key))
    .filter((o): o is CandidateOrder => o !== undefined);
  if (named.length === 0) {
    // The longest order-number-like token, so "SO-2026-99999" is reported whole rather than as "SO2026".
    const reference =
      candidates.filter((c) => referenceShape.test(c)).sort((a, b) => b.length - a.length)[0] ?? null;
    return { kind: 'exception', exception: reference ? 'unknown_reference' : 'no_reference', reference };
  }
  for (const order of named) {
    const open = order.installments
      .filter(
        (i) => outstanding(i) > 0 && i.currency === line.currency && outstanding(i) === line.amountMinor,
      )
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.position - b.position);
    const installment = open[0];
    if (installment) {
      return {
        kind: 'match',
        orderId: order.id,
        orderNumber: order.number,
        installment,
        reason: `memo names ${order.number}; amount equals the outstanding amount of installment ${installment.position} (${installment.label}, due ${installment.dueOn})`,
      };
    }
  }
  const first = named[0] as CandidateOrder;
  const openAnywhere = named.flatMap((o) => o.installments.filter((i) => outstanding(i) > 0));
  const sameCurrency = openAnywhere.some((i) => i.currency === line.currency);
  return {
    kind: 'exception',
    exception: openAnywhere.length > 0 && !sameCurrency ? 'currency_mismatch' : 'amount_mismatch',
    reference: first.number,
  };
}
