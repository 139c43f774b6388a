// Owns what an exchange rate is: an exact decimal (never a float) for one currency pair on one date, and its checks.
import { type DomainError, invalid } from '../errors.ts';
import { isReservedName } from '../own.ts';

// An exact rate: units of `quote` one unit of `base` buys, as num/den (den a power of ten when read from decimals).
export interface Rational {
  num: bigint;
  den: bigint;
}

export interface FxRate {
  base: string;
  quote: string;
  rate: Rational;
  // The org-calendar date the rate is for (YYYY-MM-DD).
  on: string;
  source: string;
}

// A rate above this or below its inverse is surely a typo (no currency pair is a million to one).
export const maxRate = 1_000_000;
export const rateDecimals = 10;

export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && !isReservedName(code);
}

// "7.1234" → 71234/10000 without a float; null when malformed.
export function parseRate(text: string): Rational | null {
  const m = /^(\d{1,7})(?:\.(\d{1,10}))?$/.exec(text.trim());
  if (!m) return null;
  const frac = m[2] ?? '';
  return { num: BigInt(`${m[1]}${frac}`), den: 10n ** BigInt(frac.length) };
}

// The rate as the decimal it was written in (7.1234), for cards and JSON; a repeating inverse is cut at 10 decimals.
export function rateText(rate: Rational): string {
  const scale = 10n ** BigInt(rateDecimals);
  const scaled = (rate.num * scale) / rate.den;
  const whole = scaled / scale;
  const frac = (scaled % scale).toString().padStart(rateDecimals, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

export function inverse(rate: Rational): Rational {
  return { num: rate.den, den: rate.num };
}

// A real calendar day written YYYY-MM-DD (not 2026-02-30, not month 94): it reads back as itself.
export const isDate = (d: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
};

export interface RateInput {
  base: string;
  quote: string;
  rate: string;
  on: string;
}

// Every problem of one written rate, each naming its field (prefix it for a file line or a nested body).
export function rateProblems(input: RateInput, prefix = ''): DomainError[] {
  const problems: DomainError[] = [];
  const f = (name: string) => `${prefix}${name}`;
  for (const side of ['base', 'quote'] as const) {
    if (!isCurrencyCode(input[side]))
      problems.push(invalid('fx_currency', f(side), { field: f(side), currency: input[side] }));
  }
  if (problems.length === 0 && input.base === input.quote)
    problems.push(invalid('fx_same_currency', f('quote'), { currency: input.base }));
  const rate = parseRate(input.rate);
  if (rate === null) problems.push(invalid('fx_rate_format', f('rate'), { rate: input.rate }));
  else if (rate.num === 0n) problems.push(invalid('fx_rate_zero', f('rate'), { rate: input.rate }));
  else if (rate.num > BigInt(maxRate) * rate.den || rate.num * BigInt(maxRate) < rate.den)
    problems.push(invalid('fx_rate_range', f('rate'), { rate: input.rate, max: maxRate }));
  if (!isDate(input.on)) problems.push(invalid('fx_date', f('date'), { date: input.on }));
  return problems;
}
