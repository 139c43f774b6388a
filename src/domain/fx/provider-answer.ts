// Owns reading a rate provider's answer (Frankfurter's shape, also the ECB-based services': { base, date, rates }) into
// rate inputs; every problem names the field of the answer at fault. Pure.
import { type DomainError, invalid } from '../errors.ts';
import { isCurrencyCode, type RateInput, rateProblems } from './rate.ts';

export type ProviderReading = { ok: true; rates: RateInput[] } | { ok: false; problems: DomainError[] };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// A number as the provider wrote it, without float noise: 7.1234 stays "7.1234" (JSON numbers print shortest-exact).
function rateTextOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    const text = String(value);
    return /e/i.test(text) ? value.toFixed(10).replace(/0+$/, '') : text;
  }
  return null;
}

export function readProviderAnswer(body: unknown): ProviderReading {
  if (!isRecord(body)) return { ok: false, problems: [invalid('fx_provider_shape', 'body')] };
  const base = typeof body.base === 'string' ? body.base : '';
  const on = typeof body.date === 'string' ? body.date : '';
  const problems: DomainError[] = [];
  if (!isCurrencyCode(base)) problems.push(invalid('fx_provider_shape', 'base'));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(on)) problems.push(invalid('fx_provider_shape', 'date'));
  if (!isRecord(body.rates)) problems.push(invalid('fx_provider_shape', 'rates'));
  if (problems.length > 0 || !isRecord(body.rates)) return { ok: false, problems };
  const rates: RateInput[] = [];
  for (const quote of Object.keys(body.rates)) {
    if (!Object.hasOwn(body.rates, quote) || quote === base) continue;
    const rate = rateTextOf(body.rates[quote]);
    const input = { base, quote, rate: rate ?? '', on };
    const wrong = rateProblems(input, `rates.${quote}.`);
    if (wrong.length > 0) problems.push(...wrong);
    else rates.push(input);
  }
  if (problems.length > 0) return { ok: false, problems };
  if (rates.length === 0) return { ok: false, problems: [invalid('fx_provider_shape', 'rates')] };
  return { ok: true, rates };
}
