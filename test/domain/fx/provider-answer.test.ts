// A provider's answer read into rate inputs: numbers kept as written, the base's own rate skipped, every problem named.
import { describe, expect, it } from 'vitest';
import { readProviderAnswer } from '../../../src/domain/fx/provider-answer.ts';

describe('readProviderAnswer', () => {
  it.each([
    [
      { base: 'USD', date: '2026-12-04', rates: { CNY: 7.1234, USD: 1 } },
      [{ base: 'USD', quote: 'CNY', rate: '7.1234', on: '2026-12-04' }],
    ],
    [
      { base: 'JPY', date: '2026-12-04', rates: { USD: 0.0066667, KWD: '0.00205' } },
      [
        { base: 'JPY', quote: 'USD', rate: '0.0066667', on: '2026-12-04' },
        { base: 'JPY', quote: 'KWD', rate: '0.00205', on: '2026-12-04' },
      ],
    ],
    // A tiny rate JSON prints with an exponent: written out in decimals instead.
    [
      { base: 'VND', date: '2026-12-04', rates: { USD: 4e-5 } },
      [{ base: 'VND', quote: 'USD', rate: '0.00004', on: '2026-12-04' }],
    ],
  ])('%j reads as rates', (body, rates) => {
    expect(readProviderAnswer(body)).toEqual({ ok: true, rates });
  });

  it.each([
    [null, ['body']],
    [[], ['body']],
    [{ base: 'usd', date: '2026-12-04', rates: { CNY: 7 } }, ['base']],
    [{ base: 'USD', date: 'yesterday', rates: { CNY: 7 } }, ['date']],
    [{ base: 'USD', date: '2026-12-04', rates: [] }, ['rates']],
    [{ base: 'USD', date: '2026-12-04', rates: {} }, ['rates']],
    [{ base: 'USD', date: '2026-12-04', rates: { CNY: -7 } }, ['rates.CNY.rate']],
    [{ base: 'USD', date: '2026-12-04', rates: { CNY: 7, EUR: 'x' } }, ['rates.EUR.rate']],
  ])('%j is refused naming %j', (body, fields) => {
    const read = readProviderAnswer(body);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems.map((p) => p.field)).toEqual(fields);
  });
});
