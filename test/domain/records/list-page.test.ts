import { describe, expect, it } from 'vitest';
import { nextPageCommand, pageOffset } from '../../../src/domain/records/list-page.ts';

describe('list pages', () => {
  it.each([
    { page: undefined, offset: 0 },
    { page: '1', offset: 0 },
    { page: '3', offset: 20 },
    { page: 'x', offset: 0 },
    { page: '-2', offset: 0 },
  ])('page $page starts at row $offset', ({ page, offset }) => {
    expect(pageOffset(page)).toBe(offset);
  });
  it.each([
    { total: 10, offset: 0, next: null },
    { total: 11, offset: 0, next: 'order mine page:2' },
    { total: 25, offset: 10, next: 'order mine page:3' },
    { total: 25, offset: 20, next: null },
  ])('$total rows from $offset → $next', ({ total, offset, next }) => {
    expect(nextPageCommand('order mine', total, offset)).toBe(next);
  });
});
