// The funnel's bottleneck judged fairly: a stage's conversion is compared with the 90-day rate only as far as the
// period's entrants have had time to move on (by the baseline's median and p90 times in that stage). Figures by hand.
import { describe, expect, it } from 'vitest';
import { conversionFloor, findBottleneck } from '../../../src/domain/reports/bottleneck.ts';
import { completeStages, type FunnelStage, type StageFigures } from '../../../src/domain/reports/funnel.ts';

const hour = 3600;
const day = 24 * hour;
const asOf = new Date('2026-11-05T00:00:00Z');
// A period that began `days` before "as of", against the 90 days before it.
const window = (days: number) => ({
  periodFrom: new Date(asOf.getTime() - days * day * 1000),
  baselineFrom: new Date(asOf.getTime() - 90 * day * 1000),
  asOf,
});
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
// The period's funnel: each stage's entered and moved on, times as in the baseline.
const period = (accepted: [number, number], contacted: [number, number], approved: [number, number]) =>
  completeStages([
    stage('accepted', ...accepted, hour, 2 * hour),
    stage('contacted', ...contacted, day, 2 * day),
    stage('approved', ...approved, 20 * day, 30 * day),
  ]);

describe('the conversion a period would show at the baseline rate, its entrants being younger', () => {
  it.each([
    // Movers seen in a window of S days with median m and p90 p: (½ × clamp(S − m, 0, p − m) + max(S − p, 0)) / S.
    ['approved, 4 days: younger than the 20-day median, nothing can have paid yet', 'approved', 4, 0],
    // Period (½ × 10 + 30) / 60, baseline (½ × 10 + 60) / 90.
    ['approved, 60 days', 'approved', 60, (110 / 240) * (35 / 60 / (65 / 90))],
    // Period (½ × 1 + 5) / 7, baseline (½ × 1 + 88) / 90.
    ['contacted, a week', 'contacted', 7, 0.48 * (5.5 / 7 / (88.5 / 90))],
    // Period (½ × 1 + 8) / 10 hours, baseline (½ × 1 + 2158) / 2160 hours.
    ['accepted, 10 hours', 'accepted', 10 / 24, 0.9 * (8.5 / 10 / (2158.5 / 2160))],
    ['approved, as long as the baseline: its rate', 'approved', 90, 110 / 240],
    ['approved, longer than the baseline: no more than its rate', 'approved', 120, 110 / 240],
  ] as const)('%s', (_, s, days, floor) => {
    expect(conversionFloor(base(s), window(days))).toBeCloseTo(floor, 9);
  });
});

describe('findBottleneck', () => {
  it.each([
    {
      name: 'month to date (4 days): approved → paid 0 of 12 is not named, its entrants are too young',
      days: 4,
      now: period([20, 18], [50, 24], [12, 0]),
      expected: null,
    },
    {
      name: 'over 60 days paid fell to 10 %, below the 37.0 % its younger entrants explain: named',
      days: 60,
      now: period([200, 180], [300, 144], [100, 10]),
      expected: { stage: 'approved', next: 'paid', kind: 'conversion', current: 0.1, baseline: 110 / 240 },
    },
    {
      name: 'over 60 days paid at 33 %: 12.8 points under 45.8 %, but within 5 points of the 37.0 % floor',
      days: 60,
      now: period([200, 180], [300, 144], [100, 33]),
      expected: null,
    },
    {
      name: 'today (10 hours): accepted → contacted fell to 50 % from 90 % (floor 76.5 %), named; slow stages not',
      days: 10 / 24,
      now: period([20, 10], [10, 0], [6, 0]),
      expected: { stage: 'accepted', next: 'contacted', kind: 'conversion', current: 0.5, baseline: 0.9 },
    },
    {
      name: 'the digest’s week: contacted → qualified fell to 31 % from 48 % (floor 38.4 %), named; paid not',
      days: 7,
      now: period([50, 45], [100, 31], [12, 0]),
      expected: { stage: 'contacted', next: 'qualified', kind: 'conversion', current: 0.31, baseline: 0.48 },
    },
    {
      name: 'a period as long as the baseline is judged against its rate as before: 42 % against 48 %',
      days: 90,
      now: period([200, 180], [100, 42], [240, 110]),
      expected: { stage: 'contacted', next: 'qualified', kind: 'conversion', current: 0.42, baseline: 0.48 },
    },
    { name: 'the baseline against itself: none', days: 90, now: baseline, expected: null },
  ])('$name', ({ days, now, expected }) => {
    const found = findBottleneck(now, baseline, window(days));
    if (expected === null) expect(found).toBeNull();
    else {
      expect(found).toMatchObject({ stage: expected.stage, next: expected.next, kind: expected.kind });
      expect(found?.current).toBeCloseTo(expected.current, 9);
      expect(found?.baseline).toBeCloseTo(expected.baseline, 9);
    }
  });

  it('a stage whose fall its young entrants explain can still be named for its time in stage rising', () => {
    // Today (10 hours): accepted → contacted at 80 % is above its 76.5 % floor, but its median rose from 1 h to 3 h.
    const now = completeStages([stage('accepted', 20, 16, 3 * hour, 4 * hour)]);
    expect(findBottleneck(now, baseline, window(10 / 24))).toEqual({
      stage: 'accepted',
      next: 'contacted',
      kind: 'time',
      current: 3,
      baseline: 1,
    });
  });
});
