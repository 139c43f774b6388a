import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alikeCompanyGrams,
  companyCore,
  companyThreshold,
  contactKey,
  type DedupeCandidate,
  fuzzyDuplicate,
  similarity,
} from '../../../src/domain/leads/dedupe.ts';
import { normalisePhone } from '../../../src/domain/leads/normalise.ts';

describe('companyCore: one company written several ways', () => {
  it.each<[string, string[]]>([
    [
      '星辰精密制造',
      [
        '上海星辰精密制造有限公司',
        '星辰精密制造（上海）有限公司',
        '上海市星辰精密制造股份有限公司',
        '星辰精密制造',
      ],
    ],
    ['青禾生物科技', ['杭州青禾生物科技股份有限公司', '青禾生物科技(杭州)有限公司', '浙江杭州青禾生物科技']],
    [
      'northwindtraders',
      [
        'Northwind Traders Ltd.',
        'NORTHWIND TRADERS CO., LTD',
        'Northwind Traders (Shanghai) Co., Ltd.',
        'northwind traders inc',
      ],
    ],
    ['acme', ['ACME Co., Ltd.', 'Ａｃｍｅ　Ｌｔｄ', 'acme, inc.']],
  ])('%s', (core, spellings) => {
    for (const s of spellings) expect({ s, core: companyCore(s) }).toEqual({ s, core });
  });

  it('keeps a name that is only a place', () => {
    expect(companyCore('上海有限公司')).toBe('上海');
  });

  it('keeps bracketed words that are not places', () => {
    expect(companyCore('星辰（精密）制造')).toBe('星辰精密制造');
    expect(companyCore('Contoso (Pharma) Ltd')).toBe('contosopharma');
  });
});

describe('one phone in four formats', () => {
  it.each([
    '138 0013 8000',
    '+86 138-0013-8000',
    '１３８００１３８０００',
    '0086 13800138000',
    '(+86) 13800138000',
  ])('%s', (raw) => {
    expect(normalisePhone(raw, 'CN')).toBe('+8613800138000');
  });
});

describe('fuzzyDuplicate', () => {
  const open = [
    { id: 'xc', companyCore: companyCore('上海星辰精密制造有限公司'), contact: contactKey('王伟') },
    { id: 'nw', companyCore: companyCore('Northwind Traders Ltd.'), contact: contactKey('Emily Carter') },
    { id: 'qh', companyCore: companyCore('杭州青禾生物科技股份有限公司'), contact: contactKey('李娜') },
  ];
  const incoming = (company: string, contact: string) => ({
    companyCore: companyCore(company),
    contact: contactKey(contact),
  });

  it.each<[string, string, string, string | null]>([
    ['same company, same person', '星辰精密制造（上海）有限公司', '王 伟', 'xc'],
    ['English spelling variants', 'NORTHWIND TRADERS CO., LTD', 'emily  carter', 'nw'],
    ['a typo in the company name', 'Northwind Tradrs Ltd', 'Emily Carter', 'nw'],
    ['a similar but different company', '上海星辰精密仪器有限公司', '王伟', null],
    ['a different company with a shared word', 'Northwind Trading Ltd', 'Emily Carter', null],
    ['same company, another person', '上海星辰精密制造有限公司', '张强', null],
    ['a different biotech in the same city', '杭州青松生物科技有限公司', '李娜', null],
  ])('%s', (_name, company, contact, expected) => {
    expect(fuzzyDuplicate(incoming(company, contact), open)?.id ?? null).toBe(expected);
  });

  it('similarity is symmetric and 1 only for equal strings', () => {
    expect(similarity('星辰精密制造', '星辰精密仪器')).toBeCloseTo(0.6);
    expect(similarity('abc', 'abd')).toBe(similarity('abd', 'abc'));
    expect(similarity('a', 'a')).toBe(1);
    expect(similarity('', '')).toBe(0);
  });
});

describe('alikeCompanyGrams: the bigrams that bound the alike-company look-up', () => {
  const distinctGrams = (text: string) => {
    const chars = [...text];
    return new Set(chars.slice(1).map((c, i) => `${chars[i]}${c}`));
  };
  // What the look-up reads: the open leads sharing the prefix and containing one of the bigrams.
  const bounded = (core: string, open: readonly DedupeCandidate[]) => {
    const grams = alikeCompanyGrams(core);
    const prefix = [...core].slice(0, 2).join('');
    return open.filter(
      (c) =>
        [...c.companyCore].slice(0, 2).join('') === prefix &&
        (grams === null || grams.some((g) => distinctGrams(c.companyCore).has(g))),
    );
  };

  it('every company alike enough contains one of them (random texts from a few characters)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', '星', '辰', ' '), { minLength: 0, maxLength: 16 }),
        fc.array(fc.constantFrom('a', 'b', 'c', '星', '辰', ' '), { minLength: 0, maxLength: 16 }),
        (x, y) => {
          const a = x.join('');
          const b = y.join('');
          if (similarity(a, b) < companyThreshold) return;
          const grams = alikeCompanyGrams(a);
          if (grams === null) expect(b).toBe(a);
          else expect(grams.some((g) => distinctGrams(b).has(g))).toBe(true);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('leaves out most leads that share only the prefix', () => {
    const open = ['acmeglobal', 'acmetrading', 'acmeglobel', 'acme', 'acorn'].map((companyCore, i) => ({
      id: `c${i}`,
      companyCore,
      contact: 'lilei',
    }));
    expect(bounded('acmeglobal', open).map((c) => c.companyCore)).toEqual(['acmeglobal', 'acmeglobel']);
  });

  it('the look-up finds exactly what fuzzyDuplicate finds over every lead sharing the prefix', () => {
    // Names from a few syllables, so many pairs sit right around the thresholds.
    let state = 7;
    const pick = (from: readonly string[]) => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return from[(state >>> 8) % from.length] ?? '';
    };
    const sample = (count: number): DedupeCandidate[] =>
      Array.from({ length: count }, (_, i) => ({
        id: `c${i}`,
        companyCore: Array.from({ length: 1 + (i % 5) }, () =>
          pick(['星辰', '精密', '制造', 'ac', 'me', 'ro', 'bo', '仪器', 't']),
        ).join(''),
        contact: Array.from({ length: 1 + (i % 3) }, () => pick(['li', 'lei', '王', '伟', 'a', 'my'])).join(
          '',
        ),
      }));
    const open = sample(600);
    const incoming = [...sample(600), { id: 'short', companyCore: 't', contact: 'a' }];
    let found = 0;
    for (const row of incoming) {
      const prefix = [...row.companyCore].slice(0, 2).join('');
      const expected = fuzzyDuplicate(
        row,
        open.filter((c) => [...c.companyCore].slice(0, 2).join('') === prefix),
      );
      expect(fuzzyDuplicate(row, bounded(row.companyCore, open))).toEqual(expected);
      if (expected) found++;
    }
    // The sample is only a test if it has both outcomes in number.
    expect(found).toBeGreaterThan(20);
    expect(found).toBeLessThan(incoming.length - 20);
  });
});
