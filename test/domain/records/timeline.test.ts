import { describe, expect, it } from 'vitest';
import { latestPage, nextLimit } from '../../../src/domain/records/timeline.ts';

const at = (iso: string, key: string) => ({ at: new Date(iso), key });
const a = at('2026-11-01T01:00:00Z', 'a');
const b = at('2026-11-01T02:00:00Z', 'b');
const c1 = at('2026-11-01T03:00:00Z', 'c1');
const c2 = at('2026-11-01T03:00:00Z', 'c2');

describe('latestPage', () => {
  it.each([
    { name: 'all fit', events: [b, a], limit: 5, shown: ['a', 'b'], earlier: 0 },
    { name: 'keeps the newest', events: [c2, a, b, c1], limit: 2, shown: ['c1', 'c2'], earlier: 2 },
    { name: 'ties broken by key', events: [c2, c1], limit: 5, shown: ['c1', 'c2'], earlier: 0 },
    { name: 'a limit below one shows one', events: [a, b], limit: 0, shown: ['b'], earlier: 1 },
    { name: 'nothing', events: [], limit: 3, shown: [], earlier: 0 },
  ])('$name', ({ events, limit, shown, earlier }) => {
    const page = latestPage(events, limit);
    expect(page.shown.map((e) => e.key)).toEqual(shown);
    expect(page.earlier).toBe(earlier);
  });
});

describe('nextLimit', () => {
  it.each([
    { limit: 10, total: 35, step: 10, next: 20 },
    { limit: 30, total: 35, step: 10, next: 35 },
    { limit: 0, total: 5, step: 10, next: 5 },
  ])('$limit of $total by $step → $next', ({ limit, total, step, next }) => {
    expect(nextLimit(limit, total, step)).toBe(next);
  });
});
