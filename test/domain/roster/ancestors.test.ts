import { describe, expect, it } from 'vitest';
import { ancestorsByPerson, type Reporting } from '../../../src/domain/roster/ancestors.ts';

const roster = (edges: string): Reporting[] =>
  edges
    .split(' ')
    .map((e) => e.split('>'))
    .map(([id = '', managerId]) => ({ id, managerId: managerId || null }));

describe('ancestors by person', () => {
  it.each([
    ['nobody reports to anyone', 'a> b>', { a: [], b: [] }],
    [
      'three levels: rep → manager → director, nearest first',
      'dir> mgr>dir rep>mgr rep2>mgr',
      { dir: [], mgr: ['dir'], rep: ['mgr', 'dir'], rep2: ['mgr', 'dir'] },
    ],
    ['a manager not on the roster ends the chain after them', 'rep>gone', { rep: ['gone'] }],
    ['their own manager: no one above', 'a>a', { a: [] }],
    ['two in a cycle: each has the other only', 'a>b b>a', { a: ['b'], b: ['a'] }],
    [
      'a chain into a cycle stops before the cycle comes round',
      'rep>a a>b b>a',
      {
        rep: ['a', 'b'],
        a: ['b'],
        b: ['a'],
      },
    ],
  ])('%s', (_, edges, expected) => {
    expect(Object.fromEntries(ancestorsByPerson(roster(edges)))).toEqual(expected);
  });
});
