import { describe, expect, it } from 'vitest';
import { companyCore, contactKey, fuzzyDuplicate, similarity } from '../../../src/domain/leads/dedupe.ts';
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
