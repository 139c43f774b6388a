import { describe, expect, it } from 'vitest';
import { checkSplitTotal, parseSplit } from '../../src/domain/reconcile/split.ts';

describe('parseSplit', () => {
  const ok: [string, string, string, string][] = [
    ['one order', 'SO-2026-00012 300.00', 'CNY', 'SO-2026-00012=30000 rest:open'],
    ['two orders, comma', 'SO-1 300, SO-2 200.50', 'CNY', 'SO-1=30000 SO-2=20050 rest:open'],
    [
      'thousands separator is not a part separator',
      'SO-1 1,200.00; SO-2 5',
      'CNY',
      'SO-1=120000 SO-2=500 rest:open',
    ],
    ['an installment by position', 'so-1#2 100', 'CNY', 'SO-1#2=10000 rest:open'],
    ['an invoice number written with spaces', 'inv 2026 0102 500', 'CNY', 'INV 2026 0102=50000 rest:open'],
    [
      'full-width and Chinese separators, rest as credit',
      'ＳＯ－１ ３００，SO-2：200；余额 预收',
      'CNY',
      'SO-1=30000 SO-2=20000 rest:credit',
    ],
    ['lines and "rest: credit"', 'INV-9 10\nrest: credit', 'CNY', 'INV-9=1000 rest:credit'],
    ['"open" keeps the rest on the exception', 'SO-1 10, open', 'CNY', 'SO-1=1000 rest:open'],
    ['yen has no decimals', 'SO-1 1200', 'JPY', 'SO-1=1200 rest:open'],
  ];
  it.each(ok)('%s', (_name, text, currency, expected) => {
    const r = parseSplit(text, currency);
    const parts = r.parts.map((p) => `${p.target}${p.position ? `#${p.position}` : ''}=${p.amountMinor}`);
    expect([...parts, `rest:${r.rest}`].join(' ')).toBe(expected);
  });

  const bad: [string, string, string, string, Record<string, unknown>][] = [
    ['nothing but the rest', 'credit', 'CNY', 'recon_split_empty', {}],
    ['no amount', 'SO-1', 'CNY', 'recon_split_syntax', { n: 1, value: 'SO-1' }],
    ['a word for an amount', 'SO-1 300, SO-2 abc', 'CNY', 'recon_split_syntax', { n: 2 }],
    [
      'too many decimals for the currency',
      'SO-1 10.5',
      'JPY',
      'recon_split_amount',
      { n: 1, target: 'SO-1', currency: 'JPY' },
    ],
    ['zero', 'SO-1 0', 'CNY', 'recon_split_amount', { n: 1 }],
    ['negative', 'SO-1 -5', 'CNY', 'recon_split_amount', { n: 1 }],
  ];
  it.each(bad)('%s → %s', (_name, text, currency, code, vars) => {
    expect(() => parseSplit(text, currency)).toThrow(
      expect.objectContaining({ code, field: 'split', vars: expect.objectContaining(vars) }),
    );
  });

  it('the parts may add up to the line, not more', () => {
    const { parts } = parseSplit('SO-1 300, SO-2 200', 'CNY');
    expect(() => checkSplitTotal(parts, 50_000, 'CNY')).not.toThrow();
    expect(() => checkSplitTotal(parts, 49_999, 'CNY')).toThrow(
      expect.objectContaining({
        code: 'recon_split_total',
        vars: { total: 'CNY 500.00', available: 'CNY 499.99' },
      }),
    );
  });
});
