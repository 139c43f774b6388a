import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../src/config/policy.ts';
import {
  type Candidate,
  type LeadFacts,
  type RoutingDecision,
  rerouteAfterDecline,
  routeLead,
  routingTakesTurns,
} from '../../../src/domain/leads/routing.ts';
import { parseWorkingHours } from '../../../src/domain/roster/working-hours.ts';

// Monday 10:00 in Shanghai.
const now = new Date('2026-11-02T02:00:00Z');
const officeHours =
  parseWorkingHours('09:00-18:00 Mon-Fri') ??
  (() => {
    throw new Error('unreadable hours');
  })();

const rules: RoutingRule[] = [
  { name: 'Existing customers', when: { existingCustomer: true }, assign: { strategy: 'account-owner' } },
  {
    name: 'East manufacturing',
    when: { region: ['east'], industry: ['manufacturing'] },
    assign: { strategy: 'round-robin', pool: { region: 'east', skill: 'manufacturing' } },
  },
  {
    name: 'East web',
    when: { region: ['east'], source: ['web'] },
    assign: { strategy: 'round-robin', pool: { region: 'east' } },
  },
  { name: 'Everyone else', when: {}, assign: { strategy: 'claim', channel: 'leads-pool' } },
];

function rep(id: string, name: string, over: Partial<Candidate> = {}): Candidate {
  return {
    id,
    name,
    roles: ['rep'],
    region: 'east',
    skills: ['manufacturing'],
    active: true,
    outOfOfficeUntil: null,
    capacity: null,
    openLeads: 0,
    dailyCapacity: null,
    offeredToday: 0,
    managerId: 'm1',
    industries: [],
    weight: 1,
    timezone: 'Asia/Shanghai',
    workingHours: officeHours,
    ...over,
  };
}

const manager = (id: string, name: string, over: Partial<Candidate> = {}) =>
  rep(id, name, { roles: ['manager'], skills: [], managerId: null, ...over });

const east = [rep('a', 'Amy'), rep('b', 'Bo'), rep('c', 'Cai'), manager('m1', 'Meng'), manager('m2', 'Ma')];
const mfg: LeadFacts = { region: 'East', industry: 'manufacturing', source: 'web', existingCustomer: null };
const later = new Date('2026-11-09T00:00:00Z');
const earlier = new Date('2026-11-01T00:00:00Z');

type Row = [
  string,
  {
    lead?: LeadFacts;
    candidates?: Candidate[];
    cursor?: Record<string, string>;
    exclude?: string[];
    rules?: RoutingRule[];
  },
  Partial<RoutingDecision> & { kind: RoutingDecision['kind'] },
];

const table: Row[] = [
  [
    'round-robin starts at the first rep by name without a cursor',
    {},
    {
      kind: 'offer',
      userId: 'a',
      cursor: { rule: 'East manufacturing', userId: 'a' },
      reason: { rule: 'East manufacturing', strategy: 'round-robin', detail: {} },
    },
  ],
  [
    'round-robin picks the rep after the cursor',
    { cursor: { 'East manufacturing': 'a' } },
    {
      kind: 'offer',
      userId: 'b',
      reason: { rule: 'East manufacturing', strategy: 'round-robin', detail: { previous: 'Amy' } },
    },
  ],
  [
    'round-robin wraps around after the last rep',
    { cursor: { 'East manufacturing': 'c' } },
    { kind: 'offer', userId: 'a' },
  ],
  [
    'round-robin order is by name, not by id or insertion',
    {
      candidates: [rep('z1', 'Cai'), rep('z2', 'Amy'), rep('z3', 'Bo'), manager('m1', 'Meng')],
      cursor: { 'East manufacturing': 'z2' },
    },
    { kind: 'offer', userId: 'z3' },
  ],
  [
    'same name: the id breaks the tie',
    { candidates: [rep('y', 'Li'), rep('x', 'Li')], cursor: { 'East manufacturing': 'x' } },
    { kind: 'offer', userId: 'y' },
  ],
  [
    'skips an out-of-office rep',
    {
      candidates: [rep('a', 'Amy'), rep('b', 'Bo', { outOfOfficeUntil: later }), rep('c', 'Cai')],
      cursor: { 'East manufacturing': 'a' },
    },
    { kind: 'offer', userId: 'c' },
  ],
  [
    'a rep whose out-of-office ended is back in turn',
    {
      candidates: [rep('a', 'Amy'), rep('b', 'Bo', { outOfOfficeUntil: earlier })],
      cursor: { 'East manufacturing': 'a' },
    },
    { kind: 'offer', userId: 'b' },
  ],
  [
    'skips an inactive rep and one at capacity',
    {
      candidates: [
        rep('a', 'Amy'),
        rep('b', 'Bo', { active: false }),
        rep('c', 'Cai', { capacity: 3, openLeads: 3 }),
        rep('d', 'Dai', { capacity: 3, openLeads: 2 }),
      ],
      cursor: { 'East manufacturing': 'a' },
    },
    { kind: 'offer', userId: 'd' },
  ],
  [
    'a cursor pointing at someone who left the pool still moves on in name order',
    {
      candidates: [rep('a', 'Amy'), rep('c', 'Cai'), rep('b', 'Bo', { region: 'west' })],
      cursor: { 'East manufacturing': 'b' },
    },
    { kind: 'offer', userId: 'c' },
  ],
  [
    'the pool needs the skill: without it the next rule (region only) takes the lead',
    { candidates: [rep('a', 'Amy', { skills: [] }), rep('b', 'Bo', { skills: ['retail'] })] },
    {
      kind: 'offer',
      userId: 'a',
      reason: {
        rule: 'East web',
        strategy: 'round-robin',
        detail: { overflowedFrom: ['East manufacturing'] },
      },
    },
  ],
  [
    'everyone out of office: overflows to the claim rule',
    {
      candidates: [rep('a', 'Amy', { outOfOfficeUntil: later }), rep('b', 'Bo', { active: false })],
    },
    {
      kind: 'claim',
      channel: 'leads-pool',
      reason: {
        rule: 'Everyone else',
        strategy: 'claim',
        detail: { overflowedFrom: ['East manufacturing', 'East web'] },
      },
    },
  ],
  [
    'no rule left: the pool manager gets it',
    {
      rules: rules.slice(0, 2),
      candidates: [
        rep('a', 'Amy', { capacity: 1, openLeads: 1 }),
        manager('m2', 'Ma'),
        manager('m1', 'Meng'),
      ],
    },
    {
      kind: 'offer',
      userId: 'm1',
      reason: {
        rule: null,
        strategy: 'manager',
        detail: { overflowedFrom: ['East manufacturing'], managerOf: 'pool' },
      },
    },
  ],
  [
    'pool manager out of office: any other manager',
    {
      rules: rules.slice(0, 2),
      candidates: [
        rep('a', 'Amy', { active: false }),
        manager('m1', 'Meng', { outOfOfficeUntil: later }),
        manager('m2', 'Ma'),
      ],
    },
    {
      kind: 'offer',
      userId: 'm2',
      reason: {
        rule: null,
        strategy: 'manager',
        detail: { overflowedFrom: ['East manufacturing'], managerOf: 'any' },
      },
    },
  ],
  [
    'no matching rule at all: any manager',
    { rules: rules.slice(1, 2), lead: { ...mfg, region: 'north' } },
    {
      kind: 'offer',
      userId: 'm2',
      reason: { rule: null, strategy: 'manager', detail: { managerOf: 'any' } },
    },
  ],
  [
    'nobody on the roster can take it: unrouted, never a wrong person',
    { rules: rules.slice(1, 2), candidates: [rep('a', 'Amy', { active: false })] },
    { kind: 'unrouted' },
  ],
  [
    'an existing customer goes to its account owner',
    { lead: { ...mfg, existingCustomer: { id: 'k1', name: 'ACME', ownerId: 'c' } } },
    {
      kind: 'offer',
      userId: 'c',
      reason: { rule: 'Existing customers', strategy: 'account-owner', detail: { customer: 'ACME' } },
    },
  ],
  [
    'an account owner out of office overflows to round-robin',
    {
      lead: { ...mfg, existingCustomer: { id: 'k1', name: 'ACME', ownerId: 'c' } },
      candidates: [rep('a', 'Amy'), rep('c', 'Cai', { outOfOfficeUntil: later })],
    },
    {
      kind: 'offer',
      userId: 'a',
      reason: {
        rule: 'East manufacturing',
        strategy: 'round-robin',
        detail: { overflowedFrom: ['Existing customers'] },
      },
    },
  ],
  [
    'an existing customer without owner overflows',
    { lead: { ...mfg, existingCustomer: { id: 'k1', name: 'ACME', ownerId: null } } },
    { kind: 'offer', userId: 'a' },
  ],
  [
    'source condition: a chat lead in the east does not match "East web"',
    { lead: { ...mfg, industry: 'retail', source: 'chat' } },
    {
      kind: 'claim',
      channel: 'leads-pool',
      reason: { rule: 'Everyone else', strategy: 'claim', detail: {} },
    },
  ],
  [
    'a lead without region only matches rules without a region condition',
    { lead: { ...mfg, region: null } },
    { kind: 'claim', channel: 'leads-pool' },
  ],
  [
    'managers and finance are not in a round-robin pool',
    {
      candidates: [
        manager('m1', 'Meng', { region: 'east', skills: ['manufacturing'] }),
        rep('f', 'Fan', { roles: ['finance'] }),
      ],
    },
    { kind: 'claim' },
  ],
  [
    'declined reps are excluded',
    { exclude: ['a', 'b'] },
    {
      kind: 'offer',
      userId: 'c',
      reason: { rule: 'East manufacturing', strategy: 'round-robin', detail: { declinedBy: ['Amy', 'Bo'] } },
    },
  ],
];

describe('routeLead', () => {
  it.each(table)('%s', (_name, given, expected) => {
    const decision = routeLead({
      lead: given.lead ?? mfg,
      rules: given.rules ?? rules,
      candidates: given.candidates ?? east,
      cursors: given.cursor ?? {},
      now,
      exclude: given.exclude ?? [],
    });
    expect(decision).toMatchObject(expected);
    if (expected.reason) expect(decision.reason).toEqual(expected.reason);
  });

  it('round-robin spreads consecutive leads evenly over the pool', () => {
    const counts: Record<string, number> = {};
    let cursor: string | undefined;
    for (let i = 0; i < 9; i++) {
      const d = routeLead({
        lead: mfg,
        rules,
        candidates: east,
        cursors: { 'East manufacturing': cursor },
        now,
      });
      if (d.kind !== 'offer') throw new Error('expected an offer');
      cursor = d.cursor?.userId;
      counts[d.userId] = (counts[d.userId] ?? 0) + 1;
    }
    expect(counts).toEqual({ a: 3, b: 3, c: 3 });
  });
});

describe('routingTakesTurns', () => {
  const customer = { id: 'k1', name: 'Acme', ownerId: 'a' };
  const claimOnly: RoutingRule[] = [
    { name: 'All', when: {}, assign: { strategy: 'claim', channel: 'pool' } },
  ];
  it.each<[string, LeadFacts, readonly RoutingRule[], boolean]>([
    ['east manufacturing is offered round-robin', mfg, rules, true],
    ['east web is offered round-robin', { ...mfg, industry: 'retail' }, rules, true],
    [
      'east from chat falls to the claim channel',
      { ...mfg, industry: 'retail', source: 'chat' },
      rules,
      false,
    ],
    ['another region falls to the claim channel', { ...mfg, region: 'west' }, rules, false],
    [
      'an existing customer goes to its owner first',
      { ...mfg, region: 'west', existingCustomer: customer },
      rules,
      true,
    ],
    ['a claim-only policy never takes turns', mfg, claimOnly, false],
    ['no matching rule: a manager is picked by load', { ...mfg, region: 'west' }, rules.slice(0, 3), true],
    ['no rules at all', mfg, [], true],
  ])('%s', (_name, lead, given, expected) => {
    expect(routingTakesTurns(given, lead)).toBe(expected);
    // A lead that takes no turn is posted for claiming whoever is on the roster and wherever the cursors stand.
    if (!expected) {
      for (const candidates of [east, []]) {
        const d = routeLead({ lead, rules: given, candidates, cursors: { 'East manufacturing': 'b' }, now });
        expect(d.kind).toBe('claim');
      }
    }
  });
});

describe('rerouteAfterDecline', () => {
  it.each<
    [
      string,
      { rule: string | null; exclude: string[]; cursor?: Record<string, string>; lead?: LeadFacts },
      Partial<RoutingDecision>,
    ]
  >([
    [
      'the next rep of the same rule, not an earlier rule',
      { rule: 'East manufacturing', exclude: ['a'], cursor: { 'East manufacturing': 'a' } },
      {
        kind: 'offer',
        userId: 'b',
        reason: {
          rule: 'East manufacturing',
          strategy: 'round-robin',
          detail: { declinedBy: ['Amy'], previous: 'Amy' },
        },
      },
    ],
    [
      'skips everyone who declined before',
      { rule: 'East manufacturing', exclude: ['a', 'b'], cursor: { 'East manufacturing': 'b' } },
      { kind: 'offer', userId: 'c' },
    ],
    [
      'all declined: the pool manager',
      { rule: 'East manufacturing', exclude: ['a', 'b', 'c'], cursor: { 'East manufacturing': 'c' } },
      {
        kind: 'offer',
        userId: 'm1',
        reason: {
          rule: null,
          strategy: 'manager',
          detail: {
            overflowedFrom: ['East manufacturing'],
            declinedBy: ['Amy', 'Bo', 'Cai'],
            managerOf: 'pool',
          },
        },
      },
    ],
    [
      'the account owner declined: the owner’s manager',
      {
        rule: 'Existing customers',
        exclude: ['c'],
        lead: { ...mfg, existingCustomer: { id: 'k', name: 'ACME', ownerId: 'c' } },
      },
      { kind: 'offer', userId: 'm1' },
    ],
    [
      'a manager declined a fallback offer: another manager',
      { rule: null, exclude: ['a', 'b', 'c', 'm1'] },
      {
        kind: 'offer',
        userId: 'm2',
        reason: {
          rule: null,
          strategy: 'manager',
          detail: { declinedBy: ['Amy', 'Bo', 'Cai', 'Meng'], managerOf: 'any' },
        },
      },
    ],
    ['every manager declined: unrouted', { rule: null, exclude: ['m1', 'm2'] }, { kind: 'unrouted' }],
  ])('%s', (_name, given, expected) => {
    const decision = rerouteAfterDecline({
      lead: given.lead ?? mfg,
      rules,
      candidates: east,
      cursors: given.cursor ?? {},
      now,
      exclude: given.exclude,
      rule: given.rule,
    });
    expect(decision).toMatchObject(expected);
    if (expected.reason) expect(decision.reason).toEqual(expected.reason);
  });
});
