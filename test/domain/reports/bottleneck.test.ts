// The funnel's bottleneck judged fairly: a stage's conversion is compared with the 90-day rate only as far as the
// period's entrants have had time to move on — by their own ages against the baseline's median and p90 times in that
// stage, however they arrived. Figures by hand.
import { describe, expect, it } from 'vitest';
import {
  ageThresholds,
  conversionFloor,
  type EntrantAges,
  findBottleneck,
  type StageAges,
  stagesWorthAging,
} from '../../../src/domain/reports/bottleneck.ts';
import { completeStages, type FunnelStage, type StageFigures } from '../../../src/domain/reports/funnel.ts';

const hour = 3600;
const day = 24 * hour;
const stage = (s: FunnelStage, entered: number, movedOn: number, median: number, p90: number) => ({
  stage: s,
  entered,
  movedOn,
  lost: 0,
  medianSeconds: median,
  p90Seconds: p90,
  lostReasons: {},
});
// The org's 90 days: accepted → contacted 90 % (median 1 h, p90 2 h), contacted → qualified 48 % (1 d, 2 d), approved
// → paid in full 110 of 240 = 45.8 % (20 d, 30 d: paid in a burst as installments fall due).
const baseline = completeStages([
  stage('accepted', 200, 180, hour, 2 * hour),
  stage('contacted', 500, 240, day, 2 * day),
  stage('approved', 240, 110, 20 * day, 30 * day),
]);
const base = (s: FunnelStage) => baseline.find((b) => b.stage === s) as StageFigures;
// How many entrants were at least the median / the p90 old at "as of".
const ages = (pastMedian: number, pastP90: number): EntrantAges => ({ pastMedian, pastP90 });
// The baseline's entrants: nearly all of them old enough, the latest few days' not.
const baselineAges = {
  accepted: ages(198, 196),
  contacted: ages(480, 460),
  approved: ages(180, 150),
} as const;
type Judged = keyof typeof baselineAges;
const both = (s: Judged, period: EntrantAges): StageAges => ({ period, baseline: baselineAges[s] });
// The period's funnel: each stage's entered and moved on, times as in the baseline.
const period = (accepted: [number, number], contacted: [number, number], approved: [number, number]) =>
  completeStages([
    stage('accepted', ...accepted, hour, 2 * hour),
    stage('contacted', ...contacted, day, 2 * day),
    stage('approved', ...approved, 20 * day, 30 * day),
  ]);
const agesOf = (periodAges: Partial<Record<Judged, EntrantAges>>) =>
  new Map(Object.entries(periodAges).map(([s, a]) => [s as Judged, both(s as Judged, a)]));

describe('the ages the bottleneck counts', () => {
  it('are the baseline’s median and p90 per stage that has a next one and times', () => {
    const withPaid = [...baseline, { ...baseline[0], stage: 'paid' } as StageFigures];
    expect(ageThresholds(withPaid)).toEqual([
      { stage: 'accepted', medianSeconds: hour, p90Seconds: 2 * hour },
      { stage: 'contacted', medianSeconds: day, p90Seconds: 2 * day },
      { stage: 'approved', medianSeconds: 20 * day, p90Seconds: 30 * day },
    ]);
  });
});

describe('the conversion a period would show at the baseline rate, its entrants being younger', () => {
  it.each([
    // Movers seen of N entrants: (½ × (past median − past p90) + past p90) / N on each side; floor = rate × period /
    // baseline, at most the rate.
    [
      'approved, 12 entrants all younger than the 20-day median: nothing can have paid yet',
      'approved',
      12,
      ages(0, 0),
      0,
    ],
    // Period (½ × 20 + 20) / 100 = 0.3; baseline (½ × 30 + 150) / 240; rate 110 / 240: 110 × 0.3 / 165.
    ['approved, 100 entrants, 40 past the median and 20 past the p90', 'approved', 100, ages(40, 20), 0.2],
    // Today's 50 leads all came in an hour ago: younger than the day a lead usually waits to be qualified.
    ['contacted, 50 entrants that arrived together an hour ago', 'contacted', 50, ages(0, 0), 0],
    // A week whose leads came early: (½ × 10 + 80) / 100 = 0.85 against (½ × 20 + 460) / 500 = 0.94.
    [
      'contacted, a week whose leads came on its first days',
      'contacted',
      100,
      ages(90, 80),
      0.48 * (0.85 / 0.94),
    ],
    // (½ × 20 + 0) / 20 = 0.5 against (½ × 2 + 196) / 200 = 0.985.
    [
      'accepted, every entrant between the median and the p90',
      'accepted',
      20,
      ages(20, 0),
      0.9 * (0.5 / 0.985),
    ],
    // (½ × 0 + 20) / 20 = 1 against (½ × 2 + 196) / 200 = 0.985: no more than the rate.
    [
      'accepted, older than the baseline’s own entrants: no more than its rate',
      'accepted',
      20,
      ages(20, 20),
      0.9,
    ],
  ] as const)('%s', (_, s, entered, periodAges, floor) => {
    expect(conversionFloor(base(s), entered, both(s, periodAges))).toBeCloseTo(floor, 9);
  });

  it('without ages (no times in the baseline) the rate stands', () => {
    expect(conversionFloor(base('contacted'), 50, undefined)).toBe(0.48);
  });
});

describe('findBottleneck', () => {
  it.each([
    {
      name: 'today, all 20 leads arrived at once a minute ago: accepted → contacted 0 of 20 is not named',
      now: period([20, 0], [0, 0], [0, 0]),
      ages: { accepted: ages(0, 0) },
      expected: null,
    },
    {
      // Floor 0.9 × ((½ × 3 + 15) / 20) / ((½ × 2 + 196) / 200) = 0.9 × 0.825 / 0.985 = 75.4 %.
      name: 'today, 20 leads over the morning, 15 past the p90: accepted → contacted at 50 % from 90 % is named',
      now: period([20, 10], [10, 0], [6, 0]),
      ages: { accepted: ages(18, 15), contacted: ages(0, 0), approved: ages(0, 0) },
      expected: { stage: 'accepted', next: 'contacted', kind: 'conversion', current: 0.5, baseline: 0.9 },
    },
    {
      name: 'month to date: approved → paid 0 of 12 is not named, every entrant younger than the 20-day median',
      now: period([20, 18], [50, 24], [12, 0]),
      ages: { accepted: ages(20, 20), contacted: ages(45, 40), approved: ages(0, 0) },
      expected: null,
    },
    {
      name: 'paid fell to 10 %, below the 20 % floor its entrants’ ages explain: named',
      now: period([200, 180], [300, 144], [100, 10]),
      ages: { accepted: ages(200, 200), contacted: ages(300, 300), approved: ages(40, 20) },
      expected: { stage: 'approved', next: 'paid', kind: 'conversion', current: 0.1, baseline: 110 / 240 },
    },
    {
      name: 'paid at 18 %: far under 45.8 %, but within 5 points of the 20 % floor',
      now: period([200, 180], [300, 144], [100, 18]),
      ages: { accepted: ages(200, 200), contacted: ages(300, 300), approved: ages(40, 20) },
      expected: null,
    },
    {
      // Floor 0.48 × 0.85 / 0.94 = 43.4 %.
      name: 'a week whose leads came early: contacted → qualified fell to 31 % from 48 %, named; paid not',
      now: period([50, 45], [100, 31], [12, 0]),
      ages: { accepted: ages(50, 50), contacted: ages(90, 80), approved: ages(0, 0) },
      expected: { stage: 'contacted', next: 'qualified', kind: 'conversion', current: 0.31, baseline: 0.48 },
    },
    {
      name: 'the baseline against itself: none',
      now: baseline,
      ages: baselineAges,
      expected: null,
    },
  ])('$name', ({ now, ages: periodAges, expected }) => {
    const found = findBottleneck(now, baseline, agesOf(periodAges));
    if (expected === null) expect(found).toBeNull();
    else {
      expect(found).toMatchObject({ stage: expected.stage, next: expected.next, kind: expected.kind });
      expect(found?.current).toBeCloseTo(expected.current, 9);
      expect(found?.baseline).toBeCloseTo(expected.baseline, 9);
    }
  });

  it('a stage whose fall its young entrants explain can still be named for its time in stage rising', () => {
    // Today: accepted → contacted at 80 % is above its 75.4 % floor, but its median rose from 1 h to 3 h.
    const now = completeStages([stage('accepted', 20, 16, 3 * hour, 4 * hour)]);
    expect(findBottleneck(now, baseline, agesOf({ accepted: ages(18, 15) }))).toEqual({
      stage: 'accepted',
      next: 'contacted',
      kind: 'time',
      current: 3,
      baseline: 1,
    });
  });
});

describe('the stages whose ages are read', () => {
  it.each([
    // accepted 90 % → 85 % fell 5 points; contacted 48 % → 40 %; approved 45.8 % → 45 % did not fall enough.
    {
      name: 'those 5 points or more below the 90-day rate',
      p: period([100, 85], [100, 40], [100, 45]),
      want: ['accepted', 'contacted'],
    },
    { name: 'none when nothing fell', p: period([100, 95], [100, 50], [100, 50]), want: [] },
    { name: 'none of too few entrants', p: period([4, 0], [4, 0], [4, 0]), want: [] },
  ])('$name', ({ p, want }) => {
    expect([...stagesWorthAging(p, baseline)].sort()).toEqual(want);
  });

  it('reading only those stages names the same bottleneck as reading every stage', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 500; round++) {
      const sizes = [0, 0, 0].map(() => 3 + next(200));
      const [a = 0, c = 0, p = 0] = sizes;
      const figures = period([a, next(a + 1)], [c, next(c + 1)], [p, next(p + 1)]);
      const every = agesOf({
        accepted: ages(next(a + 1), 0),
        contacted: ages(next(c + 1), 0),
        approved: ages(next(p + 1), 0),
      });
      for (const [, v] of every) v.period.pastP90 = Math.floor(v.period.pastMedian / 2);
      const worth = stagesWorthAging(figures, baseline);
      const some = new Map([...every].filter(([s]) => worth.has(s)));
      expect(findBottleneck(figures, baseline, some)).toEqual(findBottleneck(figures, baseline, every));
    }
  });
});
