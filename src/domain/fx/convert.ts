// Owns converting an amount between currencies: integer minor units × an exact rate, rounded half-even, and choosing
// which known rate applies on a date (the app reads the candidates; the choice and the arithmetic are here).
import { type DomainError, notFound } from '../errors.ts';
import { decimalsOf } from '../money.ts';
import { type FxRate, inverse, type Rational } from './rate.ts';

// The rate used for one conversion, as it was found: direct, or the inverse of the pair's opposite quote.
export interface AppliedRate {
  base: string;
  quote: string;
  rate: Rational;
  on: string;
  source: string;
  inverted: boolean;
}

// Half-even (banker's) rounding of num/den for a positive den: an exact half goes to the even neighbour.
export function divideHalfEven(num: bigint, den: bigint): bigint {
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  let q = n / d;
  const twice = (n % d) * 2n;
  if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

// amountMinor of `from` → minor units of `to` at `rate` (units of `to` per unit of `from`), minor exponents applied.
export function convertMinor(amountMinor: number, from: string, to: string, rate: Rational): number {
  if (from === to) return amountMinor;
  const shift = decimalsOf(to) - decimalsOf(from);
  let num = BigInt(amountMinor) * rate.num;
  let den = rate.den;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  const out = divideHalfEven(num, den);
  if (out > BigInt(Number.MAX_SAFE_INTEGER) || out < BigInt(Number.MIN_SAFE_INTEGER))
    throw new RangeError(`${amountMinor} ${from} in ${to} is beyond a safe integer`);
  return Number(out);
}

export function missingRate(from: string, to: string, on: string): DomainError {
  return notFound('fx_rate_missing', { base: from, quote: to, date: on });
}

// The latest rate on or before `on` for from→to among `known` (either direction); on one date a direct quote wins
// over an inverse one, and the candidates' order (newest recorded first) breaks any remaining tie.
export function pickRate(known: readonly FxRate[], from: string, to: string, on: string): AppliedRate | null {
  let best: AppliedRate | null = null;
  for (const r of known) {
    if (r.on > on) continue;
    const direct = r.base === from && r.quote === to;
    const inverted = r.base === to && r.quote === from;
    if (!direct && !inverted) continue;
    const better = !best || r.on > best.on || (r.on === best.on && best.inverted && direct);
    if (better)
      best = {
        base: from,
        quote: to,
        rate: direct ? r.rate : inverse(r.rate),
        on: r.on,
        source: r.source,
        inverted,
      };
  }
  return best;
}

export type Converted =
  | { ok: true; minor: number; rate: AppliedRate | null }
  | { ok: false; error: DomainError; from: string; to: string; on: string };

// One amount into `to` with the rate that applies on `on`; the same currency needs no rate; no rate is a value
// naming the pair and date, so a card can say so instead of showing a wrong number.
export function convertOn(
  known: readonly FxRate[],
  amountMinor: number,
  from: string,
  to: string,
  on: string,
): Converted {
  if (from === to) return { ok: true, minor: amountMinor, rate: null };
  const rate = pickRate(known, from, to, on);
  if (!rate) return { ok: false, error: missingRate(from, to, on), from, to, on };
  return { ok: true, minor: convertMinor(amountMinor, from, to, rate.rate), rate };
}

export interface CurrencyTotal {
  currency: string;
  minor: number;
}

export type Rollup =
  | { ok: true; currency: string; minor: number; rates: AppliedRate[] }
  | { ok: false; currency: string; missing: { from: string; to: string; on: string }[] };

// Per-currency figures summed in `to`: each converted once (not line by line), the rates used listed; any missing
// rate makes the total unknown and names every missing pair.
export function rollUp(
  known: readonly FxRate[],
  totals: readonly CurrencyTotal[],
  to: string,
  on: string,
): Rollup {
  let minor = 0;
  const rates: AppliedRate[] = [];
  const missing: { from: string; to: string; on: string }[] = [];
  for (const t of totals) {
    const c = convertOn(known, t.minor, t.currency, to, on);
    if (!c.ok) missing.push({ from: c.from, to: c.to, on: c.on });
    else {
      minor += c.minor;
      if (c.rate) rates.push(c.rate);
    }
  }
  return missing.length > 0 ? { ok: false, currency: to, missing } : { ok: true, currency: to, minor, rates };
}
