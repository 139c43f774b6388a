import { describe, expect, it } from 'vitest';
import { examplePolicy } from '../helpers/deps.ts';
import { policyProblems } from '../helpers/policy-problems.ts';

const problems = policyProblems;

describe('closeloop.yaml', () => {
  it('the committed example is valid and reads durations as minutes and days', () => {
    const p = examplePolicy();
    expect(p.routing.sla.accept).toBe(15);
    expect(p.routing.sla.firstContact).toBe(240);
    expect(p.dunning.map((s) => s.offsetDays)).toEqual([-3, 0, 3]);
  });

  it.each([
    ['org: {timezone: Mars/Base}', 'closeloop.yaml:1 at org.timezone: use an IANA time zone'],
    [
      'dunning: [{at: 3x, notify: [rep]}]',
      'at dunning[1].at (the 1st dunning step): write a duration such as 30m, 4h or 3d',
    ],
    ['routing: {rules: []}', 'at routing.rules: add at least one routing rule'],
    [': : bad', 'YAML syntax'],
    ['reconcile: {exceptionCardsPerFile: -1}', 'at reconcile.exceptionCardsPerFile'],
    ['reconcile: {exceptionCardsPerFile: many}', 'at reconcile.exceptionCardsPerFile'],
    ['reconcile: {exceptionCardsPerFIle: 5}', 'exceptionCardsPerFIle'],
  ])('%s → names the path and the fix', (text, expected) => {
    const found = problems(text);
    expect(found.join('\n')).toContain(expected);
  });

  it('a claim rule naming an unknown channel says which channels exist', () => {
    const text = `org: {}
channels: { sales: {slack: C1}, finance: {slack: C2} }
routing:
  rules:
    - { name: pool, assign: { strategy: claim, channel: nowhere } }
approvals: { levels: [{ name: manager, approvers: requester.manager }] }
dunning: [{ at: 0d, notify: [rep] }]
`;
    expect(problems(text)).toEqual([
      'closeloop.yaml:5 at routing.rules["pool"].assign.channel: channel "nowhere" is not defined under channels: add it there or use one of sales, finance',
    ]);
  });
});
