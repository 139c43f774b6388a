// Owns reading the rates a conversion may use: per direction of each asked pair, the latest on or before a date.
import { and, desc, eq, inArray, lte, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { fxRates } from '../../db/schema.ts';
import { type FxRate, parseRate } from '../../domain/fx/rate.ts';

export function rowToRate(r: {
  base: string;
  quote: string;
  rate: string;
  rateDate: string;
  source: string;
}): FxRate {
  // numeric(20,10) comes back as "7.1234000000": exact, and always within parseRate's digits.
  const rate = parseRate(r.rate) ?? { num: 0n, den: 1n };
  return { base: r.base, quote: r.quote, rate, on: r.rateDate, source: r.source };
}

const columns = {
  base: fxRates.base,
  quote: fxRates.quote,
  rate: fxRates.rate,
  rateDate: fxRates.rateDate,
  source: fxRates.source,
};

// Rates from any of `from` into `to` (and back, for inverses), the newest on or before `on` per direction; the most
// recently recorded first where two sources quote one day. The domain's pickRate chooses among them.
export async function ratesInto(
  db: Executor,
  from: readonly string[],
  to: string,
  on: string,
): Promise<FxRate[]> {
  const others = [...new Set(from.filter((c) => c !== to))];
  if (others.length === 0) return [];
  const rows = await db
    .selectDistinctOn([fxRates.base, fxRates.quote], columns)
    .from(fxRates)
    .where(
      and(
        lte(fxRates.rateDate, on),
        or(
          and(inArray(fxRates.base, others), eq(fxRates.quote, to)),
          and(eq(fxRates.base, to), inArray(fxRates.quote, others)),
        ),
      ),
    )
    .orderBy(fxRates.base, fxRates.quote, desc(fxRates.rateDate), desc(fxRates.recordedAt));
  return rows.map(rowToRate);
}

// The latest rate of every pair (optionally one currency's, on or before a date): what `fx` and GET /api/fx-rates show.
export async function latestRates(
  db: Executor,
  filter: { currency?: string | undefined; on?: string | undefined } = {},
): Promise<FxRate[]> {
  const rows = await db
    .selectDistinctOn([fxRates.base, fxRates.quote], columns)
    .from(fxRates)
    .where(
      and(
        filter.on ? lte(fxRates.rateDate, filter.on) : undefined,
        filter.currency
          ? or(eq(fxRates.base, filter.currency), eq(fxRates.quote, filter.currency))
          : undefined,
      ),
    )
    .orderBy(fxRates.base, fxRates.quote, desc(fxRates.rateDate), desc(fxRates.recordedAt))
    .limit(500);
  return rows.map(rowToRate);
}
