// Owns the figures a file's summary card gives of its exceptions: per kind how many, how much per currency, the oldest.

export interface KindTally {
  kind: string;
  count: number;
  // Money is never added across currencies: one sum per currency, in the order they first came.
  amounts: { currency: string; minor: number }[];
  // The earliest booking day among them (YYYY-MM-DD).
  oldest: string;
}

export interface ExceptionTally {
  count: number;
  kinds: KindTally[];
}

export interface TalliedException {
  kind: string;
  amountMinor: number;
  currency: string;
  bookedOn: string;
}

export function emptyTally(): ExceptionTally {
  return { count: 0, kinds: [] };
}

// Adds one exception in place: a file may raise tens of thousands, so no copy per line.
export function tallyException(tally: ExceptionTally, e: TalliedException): void {
  tally.count++;
  let kind = tally.kinds.find((k) => k.kind === e.kind);
  if (!kind) {
    kind = { kind: e.kind, count: 0, amounts: [], oldest: e.bookedOn };
    tally.kinds.push(kind);
  }
  kind.count++;
  if (e.bookedOn < kind.oldest) kind.oldest = e.bookedOn;
  const sum = kind.amounts.find((a) => a.currency === e.currency);
  if (sum) sum.minor += e.amountMinor;
  else kind.amounts.push({ currency: e.currency, minor: e.amountMinor });
}

// The kinds as the card lists them: the one waiting longest first, then the larger count.
export function kindsOldestFirst(tally: ExceptionTally): KindTally[] {
  return [...tally.kinds].sort(
    (a, b) => a.oldest.localeCompare(b.oldest) || b.count - a.count || a.kind.localeCompare(b.kind),
  );
}
