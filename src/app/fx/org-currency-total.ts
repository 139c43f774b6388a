// Owns turning per-currency report figures into one org-currency total with the rates (and their dates) it used;
// the per-currency figures stay as they are beside it.
import type { Executor } from '../../db/client.ts';
import { rollUp } from '../../domain/fx/convert.ts';
import { rateText } from '../../domain/fx/rate.ts';
import { ratesInto } from './read-rates.ts';

export interface OrgCurrencyTotal {
  currency: string;
  // Null when some currency has no rate on or before the date (then `missing` names each pair).
  minor: number | null;
  rates: { base: string; quote: string; rate: string; date: string; inverted: boolean }[];
  missing: { from: string; to: string; on: string }[];
}

export async function orgCurrencyTotal(
  db: Executor,
  totals: Readonly<Record<string, number>>,
  currency: string,
  on: string,
): Promise<OrgCurrencyTotal> {
  const list = Object.entries(totals).map(([c, minor]) => ({ currency: c, minor }));
  const known = await ratesInto(
    db,
    list.map((t) => t.currency),
    currency,
    on,
  );
  const r = rollUp(known, list, currency, on);
  if (!r.ok) return { currency, minor: null, rates: [], missing: r.missing };
  const rates = r.rates.map((x) => ({
    base: x.base,
    quote: x.quote,
    rate: rateText(x.rate),
    date: x.on,
    inverted: x.inverted,
  }));
  return { currency, minor: r.minor, rates, missing: [] };
}
