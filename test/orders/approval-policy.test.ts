import { describe, expect, it } from 'vitest';
import {
  approvalChain,
  type ChainResult,
  type OrderFacts,
  type PolicyLevel,
  type RosterUser,
} from '../../src/domain/orders/approval-policy.ts';

const levels: PolicyLevel[] = [
  { name: 'manager', when: {}, approvers: 'requester.manager', mode: 'any' },
  { name: 'finance', when: { amountOver: 100000 }, approvers: { role: 'finance' }, mode: 'any' },
  { name: 'legal', when: { nonStandardTerms: true }, approvers: { role: 'legal' }, mode: 'all' },
  { name: 'discount', when: { discountOver: 15 }, approvers: { users: ['dir@x.com'] }, mode: 'any' },
  { name: 'cfo', when: { creditRisk: 'medium' }, approvers: { role: 'cfo' }, mode: 'any' },
];

const u = (id: string, roles: string[], active = true): RosterUser => ({
  id,
  email: `${id}@x.com`,
  roles,
  active,
});
const roster: RosterUser[] = [
  u('rep', ['rep']),
  u('boss', ['manager']),
  u('fin1', ['finance']),
  u('fin2', ['finance']),
  u('fin3', ['finance'], false),
  u('law', ['legal']),
  u('dir', ['director']),
  u('cfo', ['cfo']),
];
const rep = { id: 'rep', managerId: 'boss' };

const base: OrderFacts = {
  totalMinor: 5_000_000,
  currency: 'CNY',
  maxDiscountPercent: 0,
  nonStandardTerms: false,
  creditRisk: 'low',
};

const names = (r: ChainResult) => (r.ok ? r.chain.map((l) => `${l.name}:${l.approverIds.join('+')}`) : r);

describe('approvalChain', () => {
  it.each<[string, Partial<OrderFacts>, string[]]>([
    ['small standard order: manager only', {}, ['manager:boss']],
    ['exactly 100,000.00 CNY is not over', { totalMinor: 10_000_000 }, ['manager:boss']],
    [
      '100,000.01 CNY adds finance (inactive fin3 left out)',
      { totalMinor: 10_000_001 },
      ['manager:boss', 'finance:fin1+fin2'],
    ],
    [
      'JPY has no minor unit: 100,001 yen is over',
      { totalMinor: 100_001, currency: 'JPY' },
      ['manager:boss', 'finance:fin1+fin2'],
    ],
    ['JPY 100,000 yen is not over', { totalMinor: 100_000, currency: 'JPY' }, ['manager:boss']],
    ['non-standard terms add legal', { nonStandardTerms: true }, ['manager:boss', 'legal:law']],
    ['15 % discount is not over 15', { maxDiscountPercent: 15 }, ['manager:boss']],
    ['15.5 % discount adds the listed user', { maxDiscountPercent: 15.5 }, ['manager:boss', 'discount:dir']],
    ['medium credit risk adds cfo', { creditRisk: 'medium' }, ['manager:boss', 'cfo:cfo']],
    ['high credit risk also meets "medium"', { creditRisk: 'high' }, ['manager:boss', 'cfo:cfo']],
    [
      'everything at once keeps policy order',
      { totalMinor: 20_000_000, nonStandardTerms: true, maxDiscountPercent: 20, creditRisk: 'high' },
      ['manager:boss', 'finance:fin1+fin2', 'legal:law', 'discount:dir', 'cfo:cfo'],
    ],
  ])('%s', (_name, facts, expected) => {
    expect(names(approvalChain(levels, { ...base, ...facts }, rep, roster))).toEqual(expected);
  });

  it('numbers levels in the chain, not in the policy, and carries the mode', () => {
    const r = approvalChain(levels, { ...base, nonStandardTerms: true }, rep, roster);
    expect(r.ok && r.chain.map((l) => [l.index, l.name, l.mode])).toEqual([
      [0, 'manager', 'any'],
      [1, 'legal', 'all'],
    ]);
  });

  it.each<[string, { managerId: string | null }, RosterUser[], Partial<OrderFacts>, unknown]>([
    ['no manager', { managerId: null }, roster, {}, { reason: 'no_manager', level: 'manager', index: 0 }],
    [
      'manager inactive',
      { managerId: 'boss' },
      [u('boss', ['manager'], false), ...roster.slice(2)],
      {},
      { reason: 'no_manager', level: 'manager', index: 0 },
    ],
    [
      'no active finance user',
      { managerId: 'boss' },
      roster.filter((x) => !x.roles.includes('finance') || !x.active || x.id === 'fin3'),
      { totalMinor: 20_000_000 },
      { reason: 'no_role', level: 'finance', index: 1, role: 'finance' },
    ],
    [
      'listed users not on the roster',
      { managerId: 'boss' },
      roster.filter((x) => x.id !== 'dir'),
      { maxDiscountPercent: 50 },
      { reason: 'no_users', level: 'discount', index: 3, emails: ['dir@x.com'] },
    ],
  ])('a level that resolves to nobody is an error, never skipped: %s', (_n, req, people, facts, expected) => {
    const r = approvalChain(levels, { ...base, ...facts }, { id: 'rep', ...req }, people);
    expect(r).toEqual({ ok: false, unresolved: expected });
  });

  it('the requester never approves their own order', () => {
    const finRep = { id: 'fin1', managerId: 'boss' };
    expect(names(approvalChain(levels, { ...base, totalMinor: 20_000_000 }, finRep, roster))).toEqual([
      'manager:boss',
      'finance:fin2',
    ]);
    const onlyFinance = roster.filter((x) => x.id !== 'fin2');
    expect(approvalChain(levels, { ...base, totalMinor: 20_000_000 }, finRep, onlyFinance)).toMatchObject({
      ok: false,
      unresolved: { reason: 'no_role', level: 'finance' },
    });
  });
});

describe('region conditions', () => {
  const regional: PolicyLevel[] = [
    { name: 'manager', when: {}, approvers: 'requester.manager', mode: 'any' },
    { name: 'export', when: { region: ['Overseas', 'HK'] }, approvers: { role: 'legal' }, mode: 'any' },
  ];
  it.each<[string | null | undefined, string[]]>([
    ['overseas', ['manager', 'export']],
    [' HK ', ['manager', 'export']],
    ['east', ['manager']],
    [null, ['manager']],
    [undefined, ['manager']],
  ])('customer region %s → %j', (region, names) => {
    const result = approvalChain(regional, { ...base, region }, rep, roster);
    expect(result.ok && result.chain.map((l) => l.name)).toEqual(names);
  });
});

describe('out-of-office stand-ins', () => {
  const now = new Date('2026-11-02T02:00:00Z');
  const away = new Date('2026-11-09T00:00:00Z');
  const people: RosterUser[] = [
    u('rep', ['rep']),
    { ...u('boss', ['manager']), managerId: 'vp', awayUntil: away },
    u('vp', ['director']),
    u('deputy', ['manager']),
    { ...u('fin1', ['finance']), managerId: 'cfo', awayUntil: away },
    u('fin2', ['finance']),
    u('cfo', ['cfo']),
    { ...u('law', ['legal']), awayUntil: new Date('2026-11-01T00:00:00Z'), managerId: 'vp' },
  ];
  const levels2: PolicyLevel[] = [
    { name: 'manager', when: {}, approvers: 'requester.manager', mode: 'any' },
    { name: 'finance', when: {}, approvers: { role: 'finance' }, mode: 'any' },
    { name: 'legal', when: {}, approvers: { role: 'legal' }, mode: 'any' },
  ];
  const chain = (options: Parameters<typeof approvalChain>[4]) => {
    const r = approvalChain(levels2, base, rep, people, options);
    if (!r.ok) throw new Error('chain failed');
    return r.chain.map((l) => [l.name, l.approverIds, l.standIns]);
  };

  it.each<[string, Parameters<typeof approvalChain>[4], unknown[]]>([
    [
      'without a clock nobody is away',
      {},
      [
        ['manager', ['boss'], {}],
        ['finance', ['fin1', 'fin2'], {}],
        ['legal', ['law'], {}],
      ],
    ],
    [
      "an away approver's manager stands in; someone back from leave approves again",
      { now },
      [
        ['manager', ['vp'], { vp: 'boss' }],
        ['finance', ['cfo', 'fin2'], { cfo: 'fin1' }],
        ['legal', ['law'], {}],
      ],
    ],
    [
      'a named delegate goes before the manager',
      { now, delegates: { 'boss@x.com': 'deputy@x.com', 'fin1@x.com': 'fin2@x.com' } },
      [
        ['manager', ['deputy'], { deputy: 'boss' }],
        ['finance', ['fin2'], { fin2: 'fin1' }],
        ['legal', ['law'], {}],
      ],
    ],
    [
      'a delegate who is the requester is skipped for the manager',
      { now, delegates: { 'boss@x.com': 'rep@x.com' } },
      [
        ['manager', ['vp'], { vp: 'boss' }],
        ['finance', ['cfo', 'fin2'], { cfo: 'fin1' }],
        ['legal', ['law'], {}],
      ],
    ],
  ])('%s', (_name, options, expected) => {
    expect(chain(options)).toEqual(expected);
  });

  it('an away approver with no one to stand in keeps the card', () => {
    const alone: RosterUser[] = [u('rep', ['rep']), { ...u('boss', ['manager']), awayUntil: away }];
    const r = approvalChain([levels2[0] as PolicyLevel], base, rep, alone, { now });
    expect(r).toEqual({
      ok: true,
      chain: [{ index: 0, name: 'manager', mode: 'any', approverIds: ['boss'], standIns: {} }],
    });
  });
});

describe('customer tier and margin conditions', () => {
  const levels3: PolicyLevel[] = [
    { name: 'manager', when: {}, approvers: 'requester.manager', mode: 'any' },
    {
      name: 'key-account',
      when: { customerTier: ['strategic'] },
      approvers: { role: 'director' },
      mode: 'any',
    },
    { name: 'thin-margin', when: { marginBelow: 20 }, approvers: { role: 'cfo' }, mode: 'any' },
  ];
  it.each<[string, Partial<OrderFacts>, string[]]>([
    ['standard tier, healthy margin', { customerTier: 'standard', marginPercent: 35 }, ['manager']],
    [
      'strategic customer (any case)',
      { customerTier: 'Strategic', marginPercent: 35 },
      ['manager', 'key-account'],
    ],
    ['margin 19.9 % is thin', { marginPercent: 19.9 }, ['manager', 'thin-margin']],
    ['margin exactly 20 % is not below 20', { marginPercent: 20 }, ['manager']],
    ['unknown cost counts as thin', { marginPercent: null }, ['manager', 'thin-margin']],
    [
      'a loss is thin',
      { customerTier: 'strategic', marginPercent: -5 },
      ['manager', 'key-account', 'thin-margin'],
    ],
  ])('%s', (_name, patch, names) => {
    const result = approvalChain(levels3, { ...base, ...patch }, rep, roster);
    expect(result.ok && result.chain.map((l) => l.name)).toEqual(names);
  });
});
