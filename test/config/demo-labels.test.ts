// The shipped closeloop.yaml names, in Chinese, the regions and industries the demo organisation shows a zh-CN reader:
// every one `seed demo` uses. Otherwise a first trial reads 地区 north, 行业 retail in the middle of Chinese cards.
import { describe, expect, it } from 'vitest';
import { demoCustomers, demoRegions } from '../../src/app/seed/demo-data.ts';
import { label } from '../../src/domain/labels.ts';
import { examplePolicy } from '../helpers/deps.ts';

const policy = examplePolicy();
const unlabelled = (kind: 'regions' | 'industries', names: Iterable<string>) =>
  [...new Set(names)].filter((name) => label(policy.labels.book, kind, name, 'zh-CN') === null);

describe('closeloop.yaml labels for the demo organisation', () => {
  it('gives every demo region and industry a Chinese label', () => {
    expect(unlabelled('regions', [...demoRegions, ...demoCustomers.map((c) => c.region)])).toEqual([]);
    expect(
      unlabelled(
        'industries',
        demoCustomers.map((c) => c.industry),
      ),
    ).toEqual([]);
  });
});
