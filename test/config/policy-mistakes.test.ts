// Each closeloop.yaml mistake an admin makes stops the start with one message naming the place as the file shows
// it (a rule by its name, else counted from 1), the line, the value given and the fix.
import { describe, expect, it } from 'vitest';
import { policyProblems } from '../helpers/policy-problems.ts';

const file = (rules: string, extra = '') => `org: {}
channels: { finance: { slack: C1 }, leads-east: { slack: C2 } }
routing:
  rules:
${rules}
approvals: { levels: [{ name: manager, approvers: requester.manager }, { name: finance, approvers: { role: finance } }] }
paymentPlans:
  net-30: [{ label: Net 30, percent: 100, dueDays: 30 }]
dunning: [{ at: 0d, notify: [rep] }]
${extra}`;
const twoRules = `    - name: East leads
      when: { region: east }
      assign: { strategy: claim, channel: leads-east }
    - name: Everyone else
      assign: { strategy: round-robin }`;
const withExtra = (extra: string) => file(twoRules, extra);

const problems = policyProblems;

describe('closeloop.yaml mistakes', () => {
  it('the file the cases change is valid as it is', () => {
    expect(problems(withExtra(''))).toEqual([]);
  });

  it.each([
    [
      'a label for a rule that does not exist',
      withExtra('labels: { rules: { East lead: { en: East } } }'),
      [
        'closeloop.yaml:14 at labels.rules.East lead: no routing rule (routing.rules) is named "East lead"; label one of East leads or Everyone else',
      ],
    ],
    [
      'a label for an approval level that does not exist',
      withExtra('labels: { levels: { finanse: { zh-CN: 财务 } } }'),
      [
        'closeloop.yaml:14 at labels.levels.finanse: no approval level (approvals.levels) is named "finanse"; label one of finance or manager',
      ],
    ],
    [
      'a label for a channel that does not exist',
      withExtra('labels: { channels: { leads-west: { en: West } } }'),
      [
        'closeloop.yaml:14 at labels.channels.leads-west: no channel (channels) is named "leads-west"; label one of leads-east or finance',
      ],
    ],
    [
      'a label for a plan that does not exist',
      withExtra('labels: { paymentPlans: { net30: { en: Net 30 } } }'),
      [
        'closeloop.yaml:14 at labels.paymentPlans.net30: no payment plan (paymentPlans) is named "net30"; label one of net-30',
      ],
    ],
    [
      'a label for a plan step that does not exist',
      withExtra('labels: { steps: { Net 60: { en: Net 60 } } }'),
      [
        'closeloop.yaml:14 at labels.steps.Net 60: no payment plan step (paymentPlans … label) is named "Net 60"; label one of Net 30',
      ],
    ],
    [
      'a label for a price list when there are none',
      withExtra('labels: { priceLists: { vip: { en: VIP } } }'),
      [
        'closeloop.yaml:14 at labels.priceLists.vip: no price list (orders.priceLists) is named "vip", and none is defined; define it or remove this label',
      ],
    ],
    [
      'a label for a role that does not exist',
      withExtra('labels: { roles: { sales: { en: Sales } } }'),
      [
        'closeloop.yaml:14 at labels.roles.sales: no role is named "sales"; label one of rep, manager, legal, cfo, admin, finance or director',
      ],
    ],
    [
      'a misspelt language key',
      withExtra('labels: { rules: { East leads: { zh_CN: 华东 } } }'),
      ['closeloop.yaml:14 at labels.rules.East leads.zh_CN: "zh_CN" is not a key here; use zh-CN or en'],
    ],
    [
      'a misspelt language',
      withExtra('org: { locale: zh_CN }').replace('org: {}\n', ''),
      ['closeloop.yaml:13 at org.locale: "zh_CN" is not one of these; use zh-CN or en'],
    ],
    [
      'a misspelt strategy',
      file(twoRules.replace('round-robin', 'round-robbin')),
      [
        'closeloop.yaml:9 at routing.rules["Everyone else"].assign.strategy: strategy "round-robbin" is not one; use round-robin, account-owner, weighted-round-robin, least-loaded, skill-match or claim',
      ],
    ],
    [
      'a rule without a strategy',
      file(twoRules.replace('{ strategy: round-robin }', '{ pool: {} }')),
      [
        'closeloop.yaml:9 at routing.rules["Everyone else"].assign.strategy: give a strategy: round-robin, weighted-round-robin, least-loaded, skill-match, claim or account-owner',
      ],
    ],
    [
      'a rule without a name',
      file(twoRules.replace('    - name: Everyone else\n      assign', '    - assign')),
      [
        'closeloop.yaml:8 at routing.rules[2].name (the 2nd rule): give the rule a name, e.g. name: East leads (cards and labels.rules name it)',
      ],
    ],
    [
      'a misspelt condition in an unnamed rule',
      file(
        twoRules
          .replace('name: East leads', 'when: {}')
          .replace('when: { region: east }', 'whenn: { region: east }'),
      ),
      [
        'closeloop.yaml:5 at routing.rules[1].name (the 1st rule): give the rule a name, e.g. name: East leads (cards and labels.rules name it)',
        'closeloop.yaml:6 at routing.rules[1].whenn (the 1st rule): "whenn" is not a key here; use when, name or assign',
      ],
    ],
    [
      'a missing section',
      withExtra('').replace(/^dunning: .*$/m, ''),
      ['closeloop.yaml:1 at dunning: dunning is missing; add it (a list)'],
    ],
    [
      'a rule named __proto__',
      file(twoRules.replace('Everyone else', '__proto__')),
      [
        'closeloop.yaml:8 at routing.rules["__proto__"].name: "__proto__" is a reserved word (every object has it); pick another name',
      ],
    ],
    [
      'a rule named constructor',
      file(twoRules.replace('Everyone else', 'constructor')),
      [
        'closeloop.yaml:8 at routing.rules["constructor"].name: "constructor" is a reserved word (every object has it); pick another name',
      ],
    ],
    [
      'a plan named __proto__',
      withExtra('').replace('  net-30:', '  __proto__:'),
      [
        'closeloop.yaml:12 at paymentPlans.__proto__: "__proto__" is a reserved word (every object has it); pick another name',
      ],
    ],
    [
      'a region label named __proto__',
      withExtra('labels: { regions: { __proto__: { en: East } } }'),
      [
        'closeloop.yaml:14 at labels.regions.__proto__: "__proto__" is a reserved word (every object has it); pick another name',
      ],
    ],
    [
      'a rule for region __proto__',
      file(twoRules.replace('region: east', 'region: __proto__')),
      [
        'closeloop.yaml:6 at routing.rules["East leads"].when.region: "__proto__" is a reserved word (every object has it); pick another name',
      ],
    ],
    [
      'a tab indenting a line',
      withExtra('digest:\n\tat: "08:00"\n'),
      ['closeloop.yaml:15: YAML syntax: a tab indents this line; indent with spaces'],
    ],
    [
      'a section given twice',
      withExtra('digest: { at: "08:00" }\ndigest: { at: "09:00" }\n'),
      ['closeloop.yaml:15: YAML syntax: the key "digest" is given twice in one section; keep one'],
    ],
    [
      'an anchor bomb',
      withExtra(
        `bomb: &a0 [x, x, x, x, x, x, x, x, x, x]
${[1, 2, 3, 4, 5, 6, 7, 8]
  .map(
    (n) =>
      `b${n}: &a${n} [${Array(10)
        .fill(`*a${n - 1}`)
        .join(', ')}]`,
  )
  .join('\n')}
`,
      ),
      [
        'closeloop.yaml: YAML aliases (*name) expand to too much (more than 100); write the values out instead',
      ],
    ],
  ])('%s', (_, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });
});
