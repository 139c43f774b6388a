import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/config/load-policy.ts';
import { policyProblems } from '../helpers/policy-problems.ts';

const withWhen = (when: string) => `org: {}
channels: { finance: {slack: C2} }
routing:
  rules:
    - name: first
      when: ${when}
      assign: { strategy: round-robin }
approvals: { levels: [{ name: manager, approvers: requester.manager }] }
dunning: [{ at: 0d, notify: [rep] }]
`;

const problems = policyProblems;

describe('routing rule conditions in closeloop.yaml', () => {
  it('reads province, city, size (range or bands), deal and language', () => {
    const p = parsePolicy(
      withWhen(
        '{ province: 广东, city: [深圳, Guangzhou], companySize: { min: 50, max: 500 }, dealSize: { min: 100000, currency: CNY }, language: [en, 日语] }',
      ),
      'closeloop.yaml',
    );
    expect(p.routing.rules[0]?.when).toEqual({
      province: ['广东'],
      city: ['深圳', 'Guangzhou'],
      companySize: { min: 50, max: 500 },
      dealSize: { min: 100000, currency: 'CNY' },
      language: ['en', '日语'],
    });
    const bands = parsePolicy(withWhen('{ companySize: large }'), 'closeloop.yaml');
    expect(bands.routing.rules[0]?.when.companySize).toEqual(['large']);
  });

  it.each([
    [
      '{ companySize: huge }',
      'at routing.rules["first"].when.companySize: write { min: 50, max: 500 } (employees) or name bands: micro, small, medium, large, enterprise',
    ],
    [
      '{ companySize: { min: 500, max: 50 } }',
      'at routing.rules["first"].when.companySize.min: min is above max; swap them',
    ],
    ['{ companySize: {} }', 'at routing.rules["first"].when.companySize: '],
    [
      '{ dealSize: { min: 1, currency: rmb } }',
      'at routing.rules["first"].when.dealSize.currency: use an ISO 4217 code',
    ],
    [
      '{ dealSize: { currency: CNY } }',
      'at routing.rules["first"].when.dealSize: give min, max or both (major units)',
    ],
    ['{ dealSize: { min: -1 } }', 'at routing.rules["first"].when.dealSize.min'],
    ['{ town: 深圳 }', 'at routing.rules["first"].when.town: "town" is not a key here; use city, region, '],
  ])('%s → names the yaml path and the fix', (when, expected) => {
    expect(problems(withWhen(when)).join('\n')).toContain(expected);
  });
});
