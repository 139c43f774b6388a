import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../src/config/policy.ts';
import {
  type ExtraConditions,
  type ExtraFacts,
  languageKey,
  matchExtra,
  parseCompanySize,
  parseDealSize,
} from '../../../src/domain/leads/conditions.ts';
import { placeKey, provinceOfCity } from '../../../src/domain/leads/places.ts';
import { type Candidate, type LeadFacts, routeLead } from '../../../src/domain/leads/routing.ts';
import { parseWorkingHours } from '../../../src/domain/roster/working-hours.ts';
import { reasonText } from '../../../src/messages/catalogue/leads.ts';

describe('places fold to one key', () => {
  it.each([
    ['province', '广东省', 'guangdong'],
    ['province', '广东', 'guangdong'],
    ['province', 'Guangdong', 'guangdong'],
    ['province', 'GUANGDONG Province', 'guangdong'],
    ['province', 'Ｇｕａｎｇｄｏｎｇ', 'guangdong'],
    ['province', '广西壮族自治区', 'guangxi'],
    ['province', '广西', 'guangxi'],
    ['province', '新疆维吾尔自治区', 'xinjiang'],
    ['province', 'Inner Mongolia', 'neimenggu'],
    ['province', '内蒙古', 'neimenggu'],
    ['province', '香港特别行政区', 'hongkong'],
    ['province', 'Hong Kong', 'hongkong'],
    ['province', '陕西', 'shaanxi'],
    ['province', '山西省', 'shanxi'],
    ['city', '深圳市', 'shenzhen'],
    ['city', '深圳', 'shenzhen'],
    ['city', 'shenzhen', 'shenzhen'],
    ['city', 'ＳｈｅｎＺｈｅｎ', 'shenzhen'],
    ['city', "Xi'an", 'xian'],
    ['city', '西安市', 'xian'],
    ['city', 'Shenzhen City', 'shenzhen'],
    // Not in the table: still folded so two spellings of it meet.
    ['city', '义乌市', '义乌'],
    ['city', ' 义乌 ', '义乌'],
    ['city', 'Yiwu', 'yiwu'],
  ] as const)('%s %s → %s', (kind, text, key) => {
    expect(placeKey(kind, text)).toBe(key);
  });

  it('blank is no place, and a known city knows its province', () => {
    expect(placeKey('city', '  ')).toBeNull();
    expect(placeKey('province', null)).toBeNull();
    expect(provinceOfCity('shenzhen')).toBe('guangdong');
    expect(provinceOfCity('义乌')).toBeNull();
  });
});

describe('reading size, deal and language', () => {
  it.each([
    ['200', 200],
    ['1,200', 1200],
    ['200人', 200],
    ['５００', 500],
    ['500+', 500],
    ['50-200', 50],
    ['50~200人', 50],
    ['1000 employees', 1000],
    ['', null],
    ['about fifty', 'invalid'],
    ['-5', 'invalid'],
  ] as const)('company size %j → %j', (text, expected) => {
    expect(parseCompanySize(text)).toBe(expected);
  });

  it.each([
    ['500000', { minor: 50_000_000, currency: 'CNY' }],
    ['500,000', { minor: 50_000_000, currency: 'CNY' }],
    ['50万', { minor: 50_000_000, currency: 'CNY' }],
    ['1.2万', { minor: 1_200_000, currency: 'CNY' }],
    ['¥80,000', { minor: 8_000_000, currency: 'CNY' }],
    ['80000元', { minor: 8_000_000, currency: 'CNY' }],
    ['USD 20000', { minor: 2_000_000, currency: 'USD' }],
    ['20k USD', { minor: 2_000_000, currency: 'USD' }],
    ['$1,500.50', { minor: 150_050, currency: 'USD' }],
    ['', null],
    ['lots', 'invalid'],
  ] as const)('deal size %j → %j', (text, expected) => {
    expect(parseDealSize(text, 'CNY')).toEqual(expected);
  });

  it.each([
    ['English', 'en'],
    ['英语', 'en'],
    ['en-US', 'en'],
    ['EN', 'en'],
    ['中文', 'zh'],
    ['zh-CN', 'zh'],
    ['Mandarin', 'zh'],
    ['日语', 'ja'],
    ['', null],
  ] as const)('language %j → %j', (text, expected) => {
    expect(languageKey(text)).toBe(expected);
  });
});

describe('matchExtra', () => {
  const lead: ExtraFacts = {
    province: '广东',
    city: '深圳市',
    companySize: 300,
    dealSize: { minor: 30_000_000, currency: 'CNY' },
    language: 'English',
  };
  it.each<[string, ExtraConditions, ExtraFacts, unknown]>([
    ['no extra conditions: matches, nothing named', {}, lead, []],
    ['province by pinyin', { province: ['Guangdong'] }, lead, [{ kind: 'province', value: 'guangdong' }]],
    [
      'province one of several',
      { province: ['浙江', '广东省'] },
      lead,
      [{ kind: 'province', value: 'guangdong' }],
    ],
    ['another province', { province: ['浙江'] }, lead, null],
    [
      'province from a known city alone',
      { province: ['广东'] },
      { city: 'Shenzhen' },
      [{ kind: 'province', value: 'guangdong' }],
    ],
    ['no province or city on the lead', { province: ['广东'] }, {}, null],
    ['city width and case', { city: ['ＳＨＥＮＺＨＥＮ'] }, lead, [{ kind: 'city', value: 'shenzhen' }]],
    ['other city', { city: ['广州'] }, lead, null],
    [
      'size in range',
      { companySize: { min: 50, max: 500 } },
      lead,
      [{ kind: 'companySize', min: 50, max: 500 }],
    ],
    [
      'size at the upper end (inclusive)',
      { companySize: { max: 300 } },
      lead,
      [{ kind: 'companySize', min: null, max: 300 }],
    ],
    ['size below', { companySize: { min: 500 } }, lead, null],
    ['size unknown', { companySize: { min: 1 } }, { companySize: null }, null],
    [
      'size band',
      { companySize: ['medium', 'large'] },
      lead,
      [{ kind: 'companySize', min: 250, max: 999, band: 'large' }],
    ],
    ['size outside bands', { companySize: ['micro'] }, lead, null],
    [
      'deal in range, major units, currency named',
      { dealSize: { min: 100_000, max: 500_000, currency: 'CNY' } },
      lead,
      [{ kind: 'dealSize', min: 100_000, max: 500_000, currency: 'CNY' }],
    ],
    ['deal in another currency', { dealSize: { min: 100_000, currency: 'USD' } }, lead, null],
    [
      'deal without currency compares in the lead’s own',
      { dealSize: { min: 100 } },
      { dealSize: { minor: 20_000, currency: 'USD' } },
      [{ kind: 'dealSize', min: 100, max: null, currency: 'USD' }],
    ],
    ['deal too small', { dealSize: { min: 500_000 } }, lead, null],
    ['no deal on the lead', { dealSize: { min: 1 } }, {}, null],
    ['language by name', { language: ['en'] }, lead, [{ kind: 'language', value: 'en' }]],
    [
      'language written in Chinese in the rule',
      { language: ['英语'] },
      lead,
      [{ kind: 'language', value: 'en' }],
    ],
    ['other language', { language: ['zh'] }, lead, null],
    [
      'all at once, in a stable order',
      {
        language: ['en'],
        province: ['广东'],
        city: ['深圳'],
        companySize: { min: 100 },
        dealSize: { max: 1_000_000 },
      },
      lead,
      [
        { kind: 'city', value: 'shenzhen' },
        { kind: 'province', value: 'guangdong' },
        { kind: 'companySize', min: 100, max: null },
        { kind: 'dealSize', min: null, max: 1_000_000, currency: 'CNY' },
        { kind: 'language', value: 'en' },
      ],
    ],
    ['one failing condition fails the rule', { province: ['广东'], language: ['ja'] }, lead, null],
  ])('%s', (_, when, facts, expected) => {
    expect(matchExtra(when, facts)).toEqual(expected);
  });
});

// Monday 10:00 in Shanghai.
const now = new Date('2026-11-02T02:00:00Z');
const hours = parseWorkingHours('09:00-18:00 Mon-Fri');
if (!hours) throw new Error('unreadable hours');

const rep = (id: string, name: string, region: string): Candidate => ({
  id,
  name,
  roles: ['rep'],
  region,
  skills: [],
  active: true,
  outOfOfficeUntil: null,
  capacity: null,
  openLeads: 0,
  dailyCapacity: null,
  offeredToday: 0,
  managerId: null,
  industries: [],
  weight: 1,
  timezone: 'Asia/Shanghai',
  workingHours: hours,
});

const rules: RoutingRule[] = [
  {
    name: 'Shenzhen big deals',
    when: { city: ['深圳'], dealSize: { min: 1_000_000, currency: 'CNY' } },
    assign: { strategy: 'round-robin', pool: { region: 'sz' } },
  },
  {
    name: 'South',
    when: { province: ['广东省', '广西'], companySize: { min: 50, max: 500 } },
    assign: { strategy: 'round-robin', pool: { region: 'south' } },
  },
  {
    name: 'Enterprise',
    when: { companySize: ['enterprise'] },
    assign: { strategy: 'round-robin', pool: { region: 'ent' } },
  },
  {
    name: 'English desk',
    when: { language: ['English'] },
    assign: { strategy: 'round-robin', pool: { region: 'intl' } },
  },
  { name: 'Everyone else', when: {}, assign: { strategy: 'round-robin', pool: { region: 'rest' } } },
];
const candidates = [
  rep('s', 'Su', 'south'),
  rep('z', 'Zhou', 'sz'),
  rep('e', 'Eva', 'ent'),
  rep('i', 'Ian', 'intl'),
  rep('r', 'Ran', 'rest'),
];

const base: LeadFacts = { region: null, industry: null, source: 'web', existingCustomer: null };

describe('routing on province, city, size, deal and language', () => {
  it.each<[string, Partial<LeadFacts>, string, string, string]>([
    [
      'a Guangdong company of 200 people goes South, named in words',
      { province: 'Guangdong', companySize: 200 },
      's',
      'rule South (province Guangdong, 50–500 employees), round-robin: you were next',
      '规则「South（省份 广东、员工 50–500 人）」，轮流分配：轮到你了',
    ],
    [
      'a Shenzhen lead with a 2,000,000 deal goes to the Shenzhen rule first',
      { city: '深圳市', dealSize: { minor: 200_000_000, currency: 'CNY' } },
      'z',
      'rule Shenzhen big deals (city Shenzhen, deal from CNY 1,000,000), round-robin: you were next',
      '规则「Shenzhen big deals（城市 深圳、预计金额 ¥1,000,000 起）」，轮流分配：轮到你了',
    ],
    [
      'a small Shenzhen deal falls to South through the city’s province',
      { city: 'Shenzhen', dealSize: { minor: 500_000, currency: 'CNY' }, companySize: 80 },
      's',
      'rule South (province Guangdong, 50–500 employees), round-robin: you were next',
      '规则「South（省份 广东、员工 50–500 人）」，轮流分配：轮到你了',
    ],
    [
      'a company of 5,000 matches the enterprise band',
      { province: '广东', companySize: 5000 },
      'e',
      'rule Enterprise (enterprise company), round-robin: you were next',
      '规则「Enterprise（集团级企业）」，轮流分配：轮到你了',
    ],
    [
      'an English speaker from elsewhere',
      { province: 'Zhejiang', language: 'en-GB' },
      'i',
      'rule English desk (speaks English), round-robin: you were next',
      '规则「English desk（语言 英语）」，轮流分配：轮到你了',
    ],
    [
      'a lead with none of the facts falls through, with no conditions named',
      {},
      'r',
      'rule Everyone else, round-robin: you were next',
      '规则「Everyone else」，轮流分配：轮到你了',
    ],
  ])('%s', (_, facts, userId, en, zh) => {
    const d = routeLead({ lead: { ...base, ...facts }, rules, candidates, cursors: {}, now });
    expect(d.kind).toBe('offer');
    if (d.kind !== 'offer') return;
    expect(d.userId).toBe(userId);
    expect(reasonText(d.reason, 'en')).toBe(en);
    expect(reasonText(d.reason, 'zh-CN')).toBe(zh);
  });

  it('a matched rule with nobody available overflows, and the next rule names its own conditions', () => {
    const d = routeLead({
      lead: { ...base, province: '广东', companySize: 200, language: 'English' },
      rules,
      candidates: candidates.map((c) => (c.id === 's' ? { ...c, active: false } : c)),
      cursors: {},
      now,
    });
    expect(d.kind === 'offer' && d.userId).toBe('i');
    expect(reasonText(d.reason, 'en')).toBe(
      'rule English desk (speaks English), round-robin: you were next · nobody available under South',
    );
  });
});
