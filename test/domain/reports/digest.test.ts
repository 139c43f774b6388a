import { describe, expect, it } from 'vitest';
import {
  digestDueAt,
  digestKindsOn,
  digestPeriods,
  movement,
  type RepAttainment,
  targetStandings,
} from '../../../src/domain/reports/digest.ts';

describe('digestPeriods', () => {
  it.each([
    // kind, today, current, previous, month, funnel
    [
      'daily',
      '2026-11-04',
      ['2026-11-03', '2026-11-03'],
      ['2026-10-27', '2026-10-27'],
      ['2026-11-01', '2026-11-03'],
      ['2026-10-28', '2026-11-03'],
    ],
    // On the 1st, "month to date" is the month yesterday was in.
    [
      'daily',
      '2026-12-01',
      ['2026-11-30', '2026-11-30'],
      ['2026-11-23', '2026-11-23'],
      ['2026-11-01', '2026-11-30'],
      ['2026-11-24', '2026-11-30'],
    ],
    // Monday 2026-11-09: last week is Mon 11-02 … Sun 11-08, compared with 10-26 … 11-01.
    [
      'weekly',
      '2026-11-09',
      ['2026-11-02', '2026-11-08'],
      ['2026-10-26', '2026-11-01'],
      ['2026-11-01', '2026-11-08'],
      ['2026-11-02', '2026-11-08'],
    ],
    // Asked for mid-week, the weekly digest still covers the last whole week.
    [
      'weekly',
      '2026-11-12',
      ['2026-11-02', '2026-11-08'],
      ['2026-10-26', '2026-11-01'],
      ['2026-11-01', '2026-11-08'],
      ['2026-11-02', '2026-11-08'],
    ],
  ] as const)('%s on %s', (kind, today, current, previous, month, funnel) => {
    const p = digestPeriods(kind, today);
    expect([p.current.from, p.current.to]).toEqual(current);
    expect([p.previous.from, p.previous.to]).toEqual(previous);
    expect([p.month.from, p.month.to]).toEqual(month);
    expect([p.funnel.from, p.funnel.to]).toEqual(funnel);
  });
});

describe('digestDueAt and digestKindsOn', () => {
  it.each([
    ['08:59', '09:00', false],
    ['09:00', '09:00', true],
    ['23:10', '09:00', true],
  ])('%s against %s → %s', (now, at, due) => {
    expect(digestDueAt(now, at)).toBe(due);
  });
  it.each([
    ['2026-11-09', ['daily', 'weekly']],
    ['2026-11-10', ['daily']],
    ['2026-11-08', ['daily']],
  ])('%s → %j', (day, kinds) => {
    expect(digestKindsOn(day)).toEqual(kinds);
  });
});

describe('movement', () => {
  it.each([
    [12, 8, 4, 0.5],
    [3, 6, -3, -0.5],
    [5, 0, 5, null],
    [0, 0, 0, null],
  ])('%d vs %d', (current, previous, delta, change) => {
    expect(movement(current, previous)).toEqual({ current, previous, delta, change });
  });
});

describe('targetStandings', () => {
  const rep = (name: string, attainment: number | null, gap = 0): RepAttainment => ({
    id: name,
    name,
    attainment,
    gap,
  });
  it('three furthest behind and three furthest ahead, reps without a target left out', () => {
    const reps = [
      rep('A', 0.1, -900),
      rep('B', 0.5, -500),
      rep('C', 0.2, -800),
      rep('D', 0.9, -100),
      rep('E', 1.5, 500),
      rep('F', 1.0, 0),
      rep('G', 2.0, 1000),
      rep('H', 1.2, 200),
      rep('I', null),
    ];
    const s = targetStandings(reps);
    expect(s.behind.map((r) => r.name)).toEqual(['A', 'C', 'B']);
    expect(s.ahead.map((r) => r.name)).toEqual(['G', 'E', 'H']);
  });
  it('a small team: nobody is both behind and ahead', () => {
    const s = targetStandings([rep('A', 0.4, -60), rep('B', 1.1, 10)]);
    expect(s.behind.map((r) => r.name)).toEqual(['A']);
    expect(s.ahead.map((r) => r.name)).toEqual(['B']);
  });
  it('equal attainment: the larger gap first, then by name', () => {
    const s = targetStandings([rep('Z', 0.5, -100), rep('Y', 0.5, -500), rep('X', 0.5, -100)]);
    expect(s.behind.map((r) => r.name)).toEqual(['Y', 'X', 'Z']);
  });
});
