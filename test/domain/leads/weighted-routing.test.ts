import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../src/config/policy.ts';
import {
  assignUnclaimed,
  type Candidate,
  escalateToManager,
  type LeadFacts,
  type RoutingDecision,
  type RoutingInput,
  routeLead,
  type WeightedState,
} from '../../../src/domain/leads/routing.ts';
import { parseWorkingHours, type WorkingHours } from '../../../src/domain/roster/working-hours.ts';
import { reasonText } from '../../../src/messages/catalogue/leads.ts';

const hours = (text: string): WorkingHours => {
  const parsed = parseWorkingHours(text);
  if (!parsed) throw new Error(`unreadable hours ${text}`);
  return parsed;
};

// Monday 10:00 in Shanghai (03:00 in Berlin).
const monday10 = new Date('2026-11-02T02:00:00Z');
// Sunday 03:00 in Shanghai: nobody works.
const sunday03 = new Date('2026-11-01T19:00:00Z');
const office = hours('09:00-18:00 Mon-Fri');

function rep(id: string, over: Partial<Candidate> = {}): Candidate {
  return {
    id,
    name: id.toUpperCase(),
    roles: ['rep'],
    region: 'east',
    skills: [],
    industries: [],
    active: true,
    outOfOfficeUntil: null,
    capacity: null,
    openLeads: 0,
    dailyCapacity: null,
    offeredToday: 0,
    managerId: 'boss',
    weight: 1,
    timezone: 'Asia/Shanghai',
    workingHours: office,
    ...over,
  };
}

const boss = rep('boss', { name: 'Meng', roles: ['manager'], region: null, managerId: null });
const lead: LeadFacts = { region: 'east', industry: 'manufacturing', source: 'web', existingCustomer: null };
const weightedRule: RoutingRule = {
  name: 'East · manufacturing',
  when: { region: ['east'] },
  assign: { strategy: 'weighted-round-robin', pool: { region: 'east' } },
};

// Routes `n` leads one after the other, carrying the rule's state like the routing_cursors row does.
function simulate(
  n: number,
  team: (i: number) => Candidate[],
  options: { rules?: RoutingRule[]; now?: (i: number) => Date; start?: WeightedState } = {},
) {
  const counts: Record<string, number> = {};
  const picks: string[] = [];
  let state = options.start;
  for (let i = 0; i < n; i++) {
    const d = routeLead({
      lead,
      rules: options.rules ?? [weightedRule],
      candidates: [...team(i), boss],
      cursors: {},
      weighted: { [weightedRule.name]: state },
      now: options.now?.(i) ?? monday10,
    });
    if (d.kind !== 'offer') throw new Error('expected an offer');
    if (d.weighted) state = d.weighted.state;
    counts[d.userId] = (counts[d.userId] ?? 0) + 1;
    picks.push(d.userId);
  }
  return { counts, picks, state };
}

const share = (counts: Record<string, number>, id: string, total: number) => (counts[id] ?? 0) / total;

describe('weighted round-robin over 10,000 leads', () => {
  it.each<[string, number[]]>([
    ['equal weights', [1, 1, 1, 1]],
    ['weights 1:2:3:4', [1, 2, 3, 4]],
    ['one heavy rep 10:1:1', [10, 1, 1]],
    ['seven reps 5:3:3:2:1:1:1', [5, 3, 3, 2, 1, 1, 1]],
  ])('%s: each share within 1%% of its weight', (_name, weights) => {
    const team = weights.map((w, i) => rep(`r${i}`, { weight: w }));
    const total = weights.reduce((a, b) => a + b, 0);
    const { counts } = simulate(10_000, () => team);
    weights.forEach((w, i) => {
      expect(Math.abs(share(counts, `r${i}`, 10_000) - w / total)).toBeLessThan(0.01);
    });
    // Well inside 1%: the engine is off by at most about one lead per rep.
    weights.forEach((w, i) => {
      expect(Math.abs((counts[`r${i}`] ?? 0) - (10_000 * w) / total)).toBeLessThanOrEqual(2);
    });
  });

  it('the same weights give the same sequence (deterministic, independent of roster order)', () => {
    const team = [rep('a', { weight: 2 }), rep('b'), rep('c', { weight: 3 })];
    const one = simulate(60, () => team).picks;
    const two = simulate(60, () => [...team].reverse()).picks;
    expect(one).toEqual(two);
  });

  it('spreads smoothly: with weights 3:1 the light rep never waits more than 4 leads', () => {
    const { picks } = simulate(400, () => [rep('a', { weight: 3 }), rep('b')]);
    const gaps = picks.flatMap((p, i) => (p === 'b' ? [i] : [])).map((at, k, all) => at - (all[k - 1] ?? -1));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(4);
  });

  it('weights changed mid-stream: the next 5,000 follow the new weights within 1%', () => {
    const before = [rep('a'), rep('b'), rep('c'), rep('d')];
    const after = [rep('a', { weight: 4 }), rep('b', { weight: 3 }), rep('c', { weight: 2 }), rep('d')];
    const first = simulate(5_000, () => before);
    const second = simulate(5_000, () => after, { start: first.state });
    expect(Math.abs(share(second.counts, 'a', 5_000) - 0.4)).toBeLessThan(0.01);
    expect(Math.abs(share(second.counts, 'b', 5_000) - 0.3)).toBeLessThan(0.01);
    expect(Math.abs(share(second.counts, 'c', 5_000) - 0.2)).toBeLessThan(0.01);
    expect(Math.abs(share(second.counts, 'd', 5_000) - 0.1)).toBeLessThan(0.01);
  });

  it('a rep joining mid-stream gets a fair share from then on, not a head start or a backlog', () => {
    const old = [rep('a'), rep('b'), rep('c')];
    const first = simulate(3_000, () => old);
    const second = simulate(4_000, () => [...old, rep('n')], { start: first.state });
    for (const id of ['a', 'b', 'c', 'n']) {
      expect(Math.abs(share(second.counts, id, 4_000) - 0.25)).toBeLessThan(0.01);
    }
    // Not a burst either: the newcomer gets one of the first four leads after joining.
    const firstFour = simulate(4, () => [...old, rep('n')], { start: first.state }).counts;
    expect(firstFour.n).toBe(1);
  });

  it('a rep leaving the pool: the others split the leads by their weights', () => {
    const first = simulate(1_000, () => [rep('a'), rep('b', { weight: 2 }), rep('c')]);
    const second = simulate(3_000, () => [rep('a'), rep('b', { weight: 2 })], { start: first.state });
    expect(Math.abs(share(second.counts, 'b', 3_000) - 2 / 3)).toBeLessThan(0.01);
    expect(second.counts.c).toBeUndefined();
  });
});

describe('availability', () => {
  const back = new Date('2026-11-09T01:00:00Z');

  it('a rep back from a week off gets no burst: exactly a fair share of the next leads, spread out', () => {
    // Bo is away for the first 2,000 leads (a week), then back.
    const team = (i: number) => [
      rep('a'),
      rep('bo', { outOfOfficeUntil: i < 2_000 ? back : null }),
      rep('c'),
    ];
    const { picks } = simulate(2_300, team);
    expect(picks.slice(0, 2_000)).not.toContain('bo');
    const afterReturn = picks.slice(2_000);
    // In every window of three consecutive leads after the return Bo gets at most one: no catch-up.
    for (let i = 0; i + 3 <= afterReturn.length; i++) {
      expect(afterReturn.slice(i, i + 3).filter((p) => p === 'bo').length).toBeLessThanOrEqual(1);
    }
    expect(afterReturn.filter((p) => p === 'bo')).toHaveLength(100);
  });

  it('out-of-office and inactive reps never get a lead', () => {
    const { counts } = simulate(1_000, () => [
      rep('a'),
      rep('b', { outOfOfficeUntil: new Date('2026-12-01T00:00:00Z') }),
      rep('c', { active: false }),
      rep('d'),
    ]);
    expect(counts).toEqual({ a: 500, d: 500 });
  });

  it('working hours: a Berlin rep gets nothing while it is night in Berlin and the Shanghai reps are on shift', () => {
    const berlin = rep('berlin', { timezone: 'Europe/Berlin', weight: 5 });
    const { counts } = simulate(300, () => [rep('a'), rep('b'), berlin]);
    expect(counts).toEqual({ a: 150, b: 150 });
  });

  it('working hours: when Berlin is on shift and Shanghai is not, the Berlin rep gets every lead', () => {
    // Monday 16:00 in Berlin = 23:00 in Shanghai.
    const at = new Date('2026-11-02T15:00:00Z');
    const berlin = rep('berlin', { timezone: 'Europe/Berlin' });
    const { counts } = simulate(50, () => [rep('a'), rep('b'), berlin], { now: () => at });
    expect(counts).toEqual({ berlin: 50 });
  });

  it('nobody on shift: the turn still goes round (no dump on the manager) and the reason says so', () => {
    const d = routeLead({
      lead,
      rules: [weightedRule],
      candidates: [rep('a'), rep('b'), boss],
      cursors: {},
      weighted: {},
      now: sunday03,
    });
    expect(d).toMatchObject({ kind: 'offer', userId: 'a' });
    expect(d.reason.detail.offShift).toBe(true);
    expect(reasonText(d.reason, 'en')).toBe(
      'rule East · manufacturing, weighted round-robin: you were next · nobody was on shift, so it waits for your next shift',
    );
  });

  it('a weight of 0 pauses a rep without removing them from the roster', () => {
    const { counts } = simulate(100, () => [rep('a'), rep('zero', { weight: 0 })]);
    expect(counts).toEqual({ a: 100 });
  });
});

// A deterministic stream of numbers in [0, 1) for the capacity simulation.
function lcg(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

describe('capacity caps', () => {
  it.each<[string, RoutingRule['assign']]>([
    ['weighted round-robin', { strategy: 'weighted-round-robin', pool: { region: 'east' } }],
    ['least-loaded', { strategy: 'least-loaded', pool: { region: 'east' } }],
    ['round-robin', { strategy: 'round-robin', pool: { region: 'east' } }],
  ])(
    '%s: open-lead and per-day caps are never exceeded over 10,000 leads; the rest overflow to the manager',
    (_n, assign) => {
      const rule: RoutingRule = { name: 'East', when: {}, assign };
      const team = [
        rep('a', { capacity: 5, weight: 3 }),
        rep('b', { capacity: 8, dailyCapacity: 40 }),
        rep('c', { dailyCapacity: 25, weight: 2 }),
        rep('d', { capacity: 3, dailyCapacity: 10 }),
      ];
      const random = lcg(7);
      let state: WeightedState | undefined;
      let cursor: string | undefined;
      const toManager: number[] = [];
      for (let i = 0; i < 10_000; i++) {
        // A new day every 200 leads; each lead already held is closed with probability 0.3 at each step.
        if (i % 200 === 0) for (const r of team) r.offeredToday = 0;
        for (const r of team) {
          let closed = 0;
          for (let k = 0; k < r.openLeads; k++) if (random() < 0.3) closed++;
          r.openLeads -= closed;
        }
        const d: RoutingDecision = routeLead({
          lead,
          rules: [rule],
          candidates: [...team, boss],
          cursors: { East: cursor },
          weighted: { East: state },
          now: monday10,
        });
        if (d.kind !== 'offer') throw new Error('expected an offer');
        if (d.weighted) state = d.weighted.state;
        if (d.cursor) cursor = d.cursor.userId;
        const taker = team.find((r) => r.id === d.userId);
        if (!taker) {
          expect(d.userId).toBe('boss');
          expect(d.reason).toEqual({
            rule: null,
            strategy: 'manager',
            detail: { overflowedFrom: ['East'], managerOf: 'pool' },
          });
          toManager.push(i);
          continue;
        }
        taker.openLeads++;
        taker.offeredToday++;
        expect(taker.capacity === null || taker.openLeads <= taker.capacity).toBe(true);
        expect(taker.dailyCapacity === null || taker.offeredToday <= taker.dailyCapacity).toBe(true);
      }
      // The caps do bind (some leads overflowed) but most leads stay with the reps.
      expect(toManager.length).toBeGreaterThan(0);
      expect(toManager.length).toBeLessThan(5_000);
    },
  );

  it('least-loaded picks the fewest open leads and says how many', () => {
    const d = routeLead({
      lead,
      rules: [{ name: 'East', when: {}, assign: { strategy: 'least-loaded', pool: {} } }],
      candidates: [
        rep('a', { openLeads: 4 }),
        rep('b', { openLeads: 2 }),
        rep('c', { openLeads: 2, offeredToday: 1 }),
      ],
      cursors: {},
      now: monday10,
    });
    expect(d).toMatchObject({ kind: 'offer', userId: 'b' });
    expect(reasonText(d.reason, 'en')).toBe('rule East, least-loaded: you had the fewest open leads (2)');
    expect(reasonText(d.reason, 'zh-CN')).toBe('规则「East」，最少负载：你的未结线索最少（2 条）');
  });
});

describe('skill match', () => {
  const rule: RoutingRule = { name: 'Experts', when: {}, assign: { strategy: 'skill-match', pool: {} } };
  const base = { rules: [rule], cursors: {}, now: monday10 };

  it.each<[string, Partial<RoutingInput>, Partial<RoutingDecision>]>([
    [
      'the rep whose skills cover the lead’s industry, least loaded first',
      {
        candidates: [
          rep('a', { skills: ['retail'] }),
          rep('b', { skills: ['Manufacturing'], openLeads: 3 }),
          rep('c', { industries: ['manufacturing'], openLeads: 1 }),
        ],
      },
      {
        kind: 'offer',
        userId: 'c',
        reason: {
          rule: 'Experts',
          strategy: 'skill-match',
          detail: { openLeads: 1, skill: 'manufacturing' },
        },
      },
    ],
    [
      'nobody has the skill: overflows to the manager',
      { candidates: [rep('a', { skills: ['retail'] }), boss] },
      {
        kind: 'offer',
        userId: 'boss',
        reason: {
          rule: null,
          strategy: 'manager',
          detail: { overflowedFrom: ['Experts'], managerOf: 'any' },
        },
      },
    ],
    [
      'a lead without industry cannot be skill-matched',
      { lead: { ...lead, industry: null }, candidates: [rep('a', { skills: ['manufacturing'] }), boss] },
      { kind: 'offer', userId: 'boss' },
    ],
  ])('%s', (_name, given, expected) => {
    const d = routeLead({ lead, candidates: [], ...base, ...given });
    expect(d).toMatchObject(expected);
  });

  it('the reason names the skill', () => {
    const d = routeLead({ lead, ...base, candidates: [rep('a', { skills: ['manufacturing'] })] });
    expect(reasonText(d.reason, 'en')).toBe(
      'rule Experts, skill match (manufacturing): you had the fewest open leads (0)',
    );
  });
});

describe('overflow and escalation', () => {
  const rules: RoutingRule[] = [
    weightedRule,
    { name: 'Backup', when: {}, assign: { strategy: 'least-loaded', pool: { region: 'west' } } },
  ];

  it('a full pool overflows to the next rule, then to the manager — never stranded', () => {
    const full = [
      rep('a', { capacity: 1, openLeads: 1 }),
      rep('w', { region: 'west', dailyCapacity: 1, offeredToday: 1 }),
    ];
    const d = routeLead({
      lead,
      rules,
      candidates: [...full, boss],
      cursors: {},
      weighted: {},
      now: monday10,
    });
    expect(d).toMatchObject({ kind: 'offer', userId: 'boss' });
    expect(reasonText(d.reason, 'en')).toBe(
      'no rep available, manager fallback: you manage the pool · nobody available under East · manufacturing, Backup',
    );
    const spare = routeLead({
      lead,
      rules,
      candidates: [full[0] as Candidate, rep('w', { region: 'west' }), boss],
      cursors: {},
      now: monday10,
    });
    expect(spare).toMatchObject({
      kind: 'offer',
      userId: 'w',
      reason: { rule: 'Backup', detail: { overflowedFrom: ['East · manufacturing'] } },
    });
  });

  it('escalation after K re-routes goes to the pool’s manager with the count in words', () => {
    const d = escalateToManager({
      lead,
      rules,
      candidates: [rep('a'), rep('b'), boss],
      cursors: {},
      now: monday10,
      exclude: ['a', 'b'],
      timedOut: ['a', 'b'],
      rule: weightedRule.name,
      reroutes: 2,
    });
    expect(d).toMatchObject({ kind: 'offer', userId: 'boss' });
    expect(reasonText(d.reason, 'en')).toBe(
      'not accepted after 2 re-routes, escalated to you as manager · not accepted in time by A, B',
    );
  });

  it('an unclaimed lead goes to the claim rule’s fallback pool by weighted round-robin', () => {
    const claimRules: RoutingRule[] = [
      {
        name: 'Pool',
        when: {},
        assign: {
          strategy: 'claim',
          channel: 'leads-east',
          fallbackAfter: 30,
          fallbackPool: { region: 'east' },
        },
      },
    ];
    const d = assignUnclaimed({
      lead,
      rules: claimRules,
      candidates: [rep('a', { weight: 1 }), rep('b', { weight: 3 }), boss],
      cursors: {},
      weighted: {},
      now: monday10,
      rule: 'Pool',
      unclaimedAfter: 30,
    });
    expect(d).toMatchObject({ kind: 'offer', userId: 'b', weighted: { rule: 'Pool' } });
    expect(reasonText(d.reason, 'en')).toBe(
      'rule Pool, weighted round-robin: you were next · nobody claimed it within 30 min',
    );
  });

  it('an unclaimed lead without a fallback pool goes to the rules below, then a manager', () => {
    const claimRules: RoutingRule[] = [
      { name: 'Pool', when: {}, assign: { strategy: 'claim', channel: 'leads-east', fallbackAfter: 30 } },
      { name: 'West', when: {}, assign: { strategy: 'least-loaded', pool: { region: 'west' } } },
    ];
    const input = { lead, rules: claimRules, cursors: {}, now: monday10, rule: 'Pool', unclaimedAfter: 30 };
    expect(assignUnclaimed({ ...input, candidates: [rep('w', { region: 'west' }), boss] })).toMatchObject({
      kind: 'offer',
      userId: 'w',
      reason: { rule: 'West', detail: { overflowedFrom: ['Pool'], unclaimedAfter: 30 } },
    });
    const toBoss = assignUnclaimed({ ...input, candidates: [rep('a'), boss] });
    expect(toBoss).toMatchObject({ kind: 'offer', userId: 'boss' });
    expect(reasonText(toBoss.reason, 'zh-CN')).toBe(
      '无可用销售，转主管：由值班主管接手 · 30 分钟内无人认领 · Pool、West 下无人可接',
    );
  });
});

describe('reason text', () => {
  it('says the rule and the strategy in both languages', () => {
    const d = routeLead({
      lead,
      rules: [weightedRule],
      candidates: [rep('a')],
      cursors: {},
      weighted: {},
      now: monday10,
    });
    expect(reasonText(d.reason, 'en')).toBe('rule East · manufacturing, weighted round-robin: you were next');
    expect(reasonText(d.reason, 'zh-CN')).toBe('规则「East · manufacturing」，加权轮流分配：轮到你了');
  });
});
