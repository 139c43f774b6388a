import { describe, expect, it } from 'vitest';
import { funnelOf, type LeadJourney } from '../../../src/domain/reports/funnel.ts';
import { deriveKpi, kpiMonoid } from '../../../src/domain/reports/kpi.ts';
import { namedPeriod, periodInstants, rangePeriod, splitRange } from '../../../src/domain/reports/period.ts';
import { countBackDso, dailySeries, expectedCashByWeek } from '../../../src/domain/reports/receivables.ts';
import { monthlyTargetOf, periodTarget } from '../../../src/domain/reports/targets.ts';
import { flatten, type Person, rollUp } from '../../../src/domain/reports/tree.ts';

const d = (iso: string) => new Date(iso);

describe('periods', () => {
  it.each([
    ['today', '2026-11-04', '2026-11-04', '2026-11-04'],
    ['yesterday', '2026-11-04', '2026-11-03', '2026-11-03'],
    ['week', '2026-11-04', '2026-11-02', '2026-11-04'],
    ['lastweek', '2026-11-04', '2026-10-26', '2026-11-01'],
    ['本月', '2026-11-04', '2026-11-01', '2026-11-04'],
    ['quarter', '2026-11-04', '2026-10-01', '2026-11-04'],
    ['quarter', '2026-03-31', '2026-01-01', '2026-03-31'],
  ])('%s on %s is %s..%s', (word, today, from, to) => {
    expect(namedPeriod(word, today)).toMatchObject({ from, to });
  });
  it('reads ranges and refuses bad ones', () => {
    expect(splitRange('2026-10-01..2026-10-31')).toEqual(['2026-10-01', '2026-10-31']);
    expect(splitRange('2026-10-01–2026-10-31')).toEqual(['2026-10-01', '2026-10-31']);
    expect(rangePeriod('2026-10-31', '2026-10-01')).toBe('reversed');
    expect(rangePeriod('2026-02-30', '2026-03-01')).toBe('bad_date');
    expect(rangePeriod('2020-01-01', '2026-01-01')).toBe('too_long');
  });
  it.each([
    // PostgreSQL has no year 0; the day after 9999-12-31 has no YYYY-MM-DD.
    ['0000-01-01', '0000-12-31', 'out_of_range'],
    ['9999-01-01', '9999-12-31', 'out_of_range'],
    ['2999-06-01', '3000-01-01', 'out_of_range'],
    ['1899-12-31', '1900-01-02', 'out_of_range'],
    ['1900-01-01', '1900-12-31', 'range'],
    ['2999-01-01', '2999-12-31', 'range'],
  ])('%s..%s is %s', (from, to, expected) => {
    const p = rangePeriod(from, to);
    expect(typeof p === 'string' ? p : p.kind).toBe(expected);
  });
  it('a Shanghai day starts at 16:00 UTC the day before', () => {
    const { from, to } = periodInstants(
      { kind: 'range', from: '2026-10-01', to: '2026-10-31' },
      'Asia/Shanghai',
    );
    expect(from.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(to.toISOString()).toBe('2026-10-31T16:00:00.000Z');
  });
});

describe('funnelOf', () => {
  // The six leads of test/app/reports/dataset.ts, one group.
  const j = (entered: LeadJourney['entered'], lost?: LeadJourney['lost']): LeadJourney => ({
    group: '',
    entered,
    ...(lost ? { lost } : {}),
  });
  const journeys = [
    j({
      new: d('2026-10-02T01:00Z'),
      accepted: d('2026-10-02T02:00Z'),
      contacted: d('2026-10-03T02:00Z'),
      qualified: d('2026-10-05T02:00Z'),
      converted: d('2026-10-06T02:00Z'),
      approved: d('2026-10-07T02:00Z'),
      paid: d('2026-10-20T02:00Z'),
    }),
    j(
      { new: d('2026-10-03T01:00Z'), accepted: d('2026-10-03T03:00Z'), contacted: d('2026-10-04T03:00Z') },
      { at: d('2026-10-10T00:00Z'), reason: 'price' },
    ),
    j({ new: d('2026-10-05T01:00Z'), accepted: d('2026-10-05T05:00Z') }),
    j({
      new: d('2026-10-20T01:00Z'),
      accepted: d('2026-10-20T02:00Z'),
      contacted: d('2026-10-21T02:00Z'),
      qualified: d('2026-10-25T02:00Z'),
    }),
    j({ new: d('2026-10-08T01:00Z') }),
    j(
      { new: d('2026-10-09T01:00Z'), accepted: d('2026-10-09T01:10Z') },
      { at: d('2026-10-12T00:00Z'), reason: 'no-response' },
    ),
  ];
  const [group] = funnelOf(journeys, d('2026-09-30T16:00Z'), d('2026-10-31T16:00Z'), d('2026-10-31T15:59Z'));
  const by = Object.fromEntries(group!.stages.map((s) => [s.stage, s]));

  it.each([
    ['new', 6, 5, 0, 1, 3600, 11_520],
    ['accepted', 5, 3, 1, 1, 86_400, 86_400],
    ['contacted', 3, 2, 1, 0, 259_200, 328_320],
    ['qualified', 2, 1, 0, 1, 86_400, 86_400],
    ['approved', 1, 1, 0, 0, 1_123_200, 1_123_200],
    ['paid', 1, 0, 0, 1, null, null],
  ] as const)(
    '%s: entered %i, moved on %i, lost %i, still %i, median %s, p90 %s',
    (stage, e, m, l, s, med, p90) => {
      expect(by[stage]).toMatchObject({ entered: e, movedOn: m, lost: l, stillThere: s, medianSeconds: med });
      if (p90 === null) expect(by[stage]?.p90Seconds).toBeNull();
      else expect(by[stage]?.p90Seconds).toBeCloseTo(p90, 6);
    },
  );

  it('a move after the report ends does not count yet', () => {
    const [g] = funnelOf(journeys, d('2026-09-30T16:00Z'), d('2026-10-31T16:00Z'), d('2026-10-20T00:00Z'));
    expect(g!.stages.find((s) => s.stage === 'approved')).toMatchObject({
      entered: 1,
      movedOn: 0,
      stillThere: 1,
    });
  });
  it("an order made before its lead leaves none of the lead's earlier stages before they were entered", () => {
    // L4 with an order of 14 October (approved the 15th) linked to it by a merge: the lead was new on the 20th.
    const merged = j({
      ...journeys[3]!.entered,
      converted: d('2026-10-14T02:00Z'),
      approved: d('2026-10-15T02:00Z'),
    });
    const [g] = funnelOf([merged], d('2026-09-30T16:00Z'), d('2026-10-31T16:00Z'), d('2026-10-31T15:59Z'));
    const stage = (s: string) => g!.stages.find((x) => x.stage === s);
    expect(stage('new')).toMatchObject({ movedOn: 1, medianSeconds: 3600 });
    expect(stage('accepted')).toMatchObject({ movedOn: 1, medianSeconds: 86_400 });
    expect(stage('contacted')).toMatchObject({ movedOn: 1, medianSeconds: 345_600 });
    expect(stage('qualified')).toMatchObject({ movedOn: 0, stillThere: 1, medianSeconds: null });
    expect(stage('converted')).toMatchObject({ movedOn: 1, medianSeconds: 86_400 });
  });
});

describe('roll-up over a tree three levels deep with a rep who moved', () => {
  const p = (id: string, managerId: string | null): Person => ({
    id,
    name: id,
    email: `${id}@x`,
    managerId,
    roles: ['rep'],
    region: null,
    active: true,
    targetMonthlyMinor: null,
  });
  const people = [p('D', null), p('M1', 'D'), p('M2', 'D'), p('R1', 'M1'), p('R2', 'M1'), p('R3', 'M2')];
  const sum = { empty: () => 0, add: (a: number, b: number) => a + b };
  // R2 sold 5 under M2 before moving and 7 under M1 after; D sold 1 themself.
  const facts = [
    { ownerId: 'R1', managerId: 'M1', figures: 10 },
    { ownerId: 'R2', managerId: 'M2', figures: 5 },
    { ownerId: 'R2', managerId: 'M1', figures: 7 },
    { ownerId: 'R3', managerId: 'M2', figures: 3 },
    { ownerId: 'D', managerId: null, figures: 1 },
  ];
  const tree = rollUp(people, 'D', facts, sum);
  it('each level is the sum of its children plus its own', () => {
    expect(tree.figures).toBe(26);
    expect(tree.children.find((c) => c.id === 'M1')?.figures).toBe(17);
    expect(tree.children.find((c) => c.id === 'M2')?.figures).toBe(8);
  });
  it('the moved rep shows under the old manager as former, with the facts from before the move', () => {
    const m2 = tree.children.find((c) => c.id === 'M2')!;
    expect(m2.children.map((c) => [c.id, c.figures, c.former])).toEqual([
      ['R3', 3, false],
      ['R2', 5, true],
    ]);
  });
  it('the whole org adds up to the same and ranks rows within each level', () => {
    const org = rollUp(people, null, facts, sum);
    expect(org.figures).toBe(26);
    expect(flatten(org, (n) => n).map((r) => `${r.depth}:${r.id}`)).toEqual([
      '0:org',
      '1:D',
      '2:M1',
      '3:R1',
      '3:R2',
      '2:M2',
      '3:R2',
      '3:R3',
    ]);
  });
});

describe('receivables definitions', () => {
  it.each([
    // open, daily sales newest first, days
    [50_000, [0, 0, 50_000], 3, false],
    [60_000, [10_000, 20_000, 60_000], 2.5, false],
    [100, [0, 0], 2, true],
    [0, [10], 0, false],
  ])('count-back DSO of %i over %j is %s days', (open, sales, days, capped) => {
    expect(countBackDso(open, sales)).toEqual({ days, capped });
  });
  it('daily series puts each day at its distance back from today', () => {
    expect(
      dailySeries(
        [
          { day: '2026-11-01', minor: 5 },
          { day: '2026-11-02', minor: 7 },
        ],
        '2026-11-02',
        3,
      ),
    ).toEqual([7, 5, 0]);
  });
  it('expected cash per week counts from today and drops what is overdue or beyond 8 weeks', () => {
    const weeks = expectedCashByWeek(
      [
        { dueOn: '2026-11-02', outstandingMinor: 1, currency: 'CNY' },
        { dueOn: '2026-11-08', outstandingMinor: 2, currency: 'CNY' },
        { dueOn: '2026-11-09', outstandingMinor: 4, currency: 'USD' },
        { dueOn: '2026-11-01', outstandingMinor: 8, currency: 'CNY' },
        { dueOn: '2027-01-01', outstandingMinor: 16, currency: 'CNY' },
      ],
      '2026-11-02',
    );
    expect(weeks.map((w) => w.expected)).toEqual([{ CNY: 3 }, { USD: 4 }, {}, {}, {}, {}, {}, {}]);
    expect(weeks[1]).toMatchObject({ from: '2026-11-09', to: '2026-11-15' });
  });
});

describe('targets and KPIs', () => {
  const person = {
    id: 'r',
    name: 'r',
    email: 'r@x',
    managerId: 'm',
    roles: ['rep'],
    region: null,
    active: true,
  };
  const defaults = { byRole: new Map([['rep', 100]]), byTeam: new Map([['m@x', 150]]) };
  it.each([
    [{ ...person, targetMonthlyMinor: 200 }, 'm@x', 200, 'own'],
    [{ ...person, targetMonthlyMinor: null }, 'M@X', 150, 'team'],
    [{ ...person, targetMonthlyMinor: null }, null, 100, 'role'],
  ])('target of %j under %s is %i (%s)', (who, manager, minor, source) => {
    expect(monthlyTargetOf(who, manager, defaults)).toEqual({ minor, source });
  });
  it.each([
    ['2026-10-01', '2026-10-31', 310_000],
    ['2026-10-01', '2026-10-10', 100_000],
    ['2026-10-25', '2026-11-05', 70_000 + 51_667],
  ])('a 310,000 monthly target over %s..%s is %i (November has 30 days)', (from, to, expected) => {
    expect(periodTarget(310_000, from, to)).toBe(expected);
  });
  it('derives rates from summed facts', () => {
    const k = deriveKpi(
      {
        ...kpiMonoid.empty(),
        accepted: 3,
        acceptTimeouts: 1,
        won: 1,
        lost: 3,
        ordersApproved: 2,
        approvedValue: { CNY: 300, USD: 10 },
        ordersDecided: 2,
        approvalSeconds: 7200 * 2,
        open: { CNY: 900 },
        targetMinor: 600,
      },
      'CNY',
      { CNY: 30 },
    );
    expect(k).toMatchObject({
      acceptSla: 0.75,
      winRate: 0.25,
      averageOrderValue: { CNY: 150, USD: 5 },
      approvalHours: 2,
      attainment: 0.5,
      dsoContribution: { CNY: 30 },
    });
  });
});
