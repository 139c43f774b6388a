import { describe, expect, it } from 'vitest';
import { convertMinor, convertOn, divideHalfEven, pickRate, rollUp } from '../../../src/domain/fx/convert.ts';
import { type FxRate, parseRate, rateProblems, rateText } from '../../../src/domain/fx/rate.ts';

const r = (text: string) => {
  const rate = parseRate(text);
  if (!rate) throw new Error(`bad rate ${text}`);
  return rate;
};
const fx = (base: string, quote: string, rate: string, on: string, source = 'manual'): FxRate => ({
  base,
  quote,
  rate: r(rate),
  on,
  source,
});

describe('divideHalfEven', () => {
  it.each<[bigint, bigint, bigint]>([
    [5n, 2n, 2n], // 2.5 → 2
    [7n, 2n, 4n], // 3.5 → 4
    [-5n, 2n, -2n],
    [-7n, 2n, -4n],
    [26n, 10n, 3n],
    [24n, 10n, 2n],
    [0n, 3n, 0n],
  ])('%i/%i → %i', (num, den, out) => {
    expect(divideHalfEven(num, den)).toBe(out);
  });
});

describe('convertMinor: minor-unit exponents and rounding', () => {
  it.each<[string, number, string, string, string, number]>([
    ['USD→CNY 2→2 decimals', 10_000, 'USD', 'CNY', '7.1234', 71_234],
    ['USD→CNY rounds half-even down', 1, 'USD', 'CNY', '7.125', 7], // 0.07125 CNY → 7.125 fen → 7
    ['USD→CNY rounds half-even up', 1, 'USD', 'CNY', '7.135', 7], // 7.135 → 7
    ['exact half to even', 1, 'USD', 'CNY', '2.5', 2],
    ['exact half to even (odd below)', 1, 'USD', 'CNY', '3.5', 4],
    ['JPY (0 decimals) → CNY', 1_000, 'JPY', 'CNY', '0.0483', 4_830], // ¥1000 → 48.30 CNY
    ['CNY → JPY', 4_830, 'CNY', 'JPY', '20.7', 1_000], // 48.30 CNY → 999.81 → 1000 JPY
    ['USD → JPY', 150, 'USD', 'JPY', '150.25', 225], // 1.50 USD → 225.375 → 225
    ['USD → KWD (3 decimals)', 100, 'USD', 'KWD', '0.3075', 308], // 1.00 USD → 0.3075 KWD → 307.5 → 308
    ['same currency untouched', 12_345, 'CNY', 'CNY', '9', 12_345],
    ['negative (refund) mirrors', -1, 'USD', 'CNY', '2.5', -2],
  ])('%s', (_name, minor, from, to, rate, out) => {
    expect(convertMinor(minor, from, to, r(rate))).toBe(out);
  });

  it('refuses a result beyond a safe integer rather than losing cents', () => {
    expect(() => convertMinor(Number.MAX_SAFE_INTEGER, 'USD', 'VND', r('25000'))).toThrow(RangeError);
  });
});

describe('pickRate: latest on or before the date, either direction', () => {
  const known = [
    fx('USD', 'CNY', '7.10', '2026-12-01'),
    fx('USD', 'CNY', '7.20', '2026-12-04'),
    fx('USD', 'CNY', '7.30', '2026-12-09'),
    fx('CNY', 'USD', '0.125', '2026-12-05'),
  ];
  it.each<[string, string, string, string, string | null, string | null, boolean | null]>([
    ['direct, latest before', 'USD', 'CNY', '2026-12-04', '7.2', '2026-12-04', false],
    ['inverse newer wins', 'USD', 'CNY', '2026-12-06', '8', '2026-12-05', true],
    ['future rate ignored', 'USD', 'CNY', '2026-12-08', '8', '2026-12-05', true],
    ['inverse of direct', 'CNY', 'USD', '2026-12-02', rateText({ num: 10n, den: 71n }), '2026-12-01', true],
    ['before any rate', 'USD', 'CNY', '2026-11-30', null, null, null],
    ['other pair', 'EUR', 'CNY', '2026-12-31', null, null, null],
  ])('%s', (_name, from, to, on, rate, date, inverted) => {
    const got = pickRate(known, from, to, on);
    expect(got ? rateText(got.rate) : null).toBe(rate);
    expect(got?.on ?? null).toBe(date);
    expect(got?.inverted ?? null).toBe(inverted);
  });

  it('on one date a direct quote wins over an inverse one', () => {
    const got = pickRate(
      [fx('CNY', 'USD', '0.125', '2026-12-05'), fx('USD', 'CNY', '7.5', '2026-12-05')],
      'USD',
      'CNY',
      '2026-12-05',
    );
    expect(got && rateText(got.rate)).toBe('7.5');
  });
});

describe('convertOn: a missing rate is a typed value naming the pair and the date', () => {
  it('names USD→CNY and the date', () => {
    const got = convertOn([], 100, 'USD', 'CNY', '2026-12-05');
    expect(got.ok).toBe(false);
    if (got.ok) return;
    expect(got.error.code).toBe('fx_rate_missing');
    expect(got.error.vars).toEqual({ base: 'USD', quote: 'CNY', date: '2026-12-05' });
  });
  it('needs no rate within one currency', () => {
    expect(convertOn([], 100, 'CNY', 'CNY', '2026-12-05')).toEqual({ ok: true, minor: 100, rate: null });
  });
});

describe('rollUp', () => {
  const known = [fx('USD', 'CNY', '7', '2026-12-01'), fx('JPY', 'CNY', '0.05', '2026-11-30')];
  it('sums each currency converted once and lists the rates used', () => {
    const got = rollUp(
      known,
      [
        { currency: 'CNY', minor: 100 },
        { currency: 'USD', minor: 1_000 },
        { currency: 'JPY', minor: 1_000 },
      ],
      'CNY',
      '2026-12-05',
    );
    expect(got).toMatchObject({ ok: true, minor: 100 + 7_000 + 5_000 });
    expect(got.ok && got.rates.map((x) => `${x.base}${x.quote}@${x.on}`)).toEqual([
      'USDCNY@2026-12-01',
      'JPYCNY@2026-11-30',
    ]);
  });
  it('a missing pair makes the total unknown and names it', () => {
    const got = rollUp(known, [{ currency: 'EUR', minor: 5 }], 'CNY', '2026-12-05');
    expect(got).toEqual({
      ok: false,
      currency: 'CNY',
      missing: [{ from: 'EUR', to: 'CNY', on: '2026-12-05' }],
    });
  });
});

describe('rateProblems: each bad field named', () => {
  const ok = { base: 'USD', quote: 'CNY', rate: '7.1234', on: '2026-12-05' };
  const codes = (input: Parameters<typeof rateProblems>[0]) =>
    rateProblems(input).map((e) => [e.code, e.field]);
  it.each<[string, Partial<typeof ok>, unknown]>([
    ['valid', {}, []],
    ['lower-case code', { base: 'usd' }, [['fx_currency', 'base']]],
    ['__proto__ as currency', { quote: '__proto__' }, [['fx_currency', 'quote']]],
    ['four letters', { quote: 'CNYY' }, [['fx_currency', 'quote']]],
    ['same currency', { quote: 'USD' }, [['fx_same_currency', 'quote']]],
    ['zero', { rate: '0' }, [['fx_rate_zero', 'rate']]],
    ['zero with decimals', { rate: '0.000' }, [['fx_rate_zero', 'rate']]],
    ['negative', { rate: '-7.1' }, [['fx_rate_format', 'rate']]],
    ['exponent', { rate: '1e3' }, [['fx_rate_format', 'rate']]],
    ['too many decimals', { rate: '7.12345678901' }, [['fx_rate_format', 'rate']]],
    ['huge', { rate: '1000001' }, [['fx_rate_range', 'rate']]],
    ['tiny', { rate: '0.0000001' }, [['fx_rate_range', 'rate']]],
    ['bad date', { on: '2026-13-40' }, [['fx_date', 'date']]],
  ])('%s', (_name, change, out) => {
    expect(codes({ ...ok, ...change })).toEqual(out);
  });
});
