// Configured names in Chinese cards: every catalogue card rendered in zh-CN with the demo policy names no approval
// level or mode by its English key; levels show their closeloop.yaml label; Chinese errors name fields in Chinese.
import { describe, expect, it } from 'vitest';
import { levelInfo } from '../../src/app/orders/level-info.ts';
import { type PolicyError, parsePolicy } from '../../src/config/load-policy.ts';
import { applyCustomerFields } from '../../src/domain/customers/customer-fields.ts';
import type { DomainError } from '../../src/domain/errors.ts';
import { label, labelBook } from '../../src/domain/labels.ts';
import { applyProductFields } from '../../src/domain/products/product-fields.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import { importDuplicatesCard, offerCard } from '../../src/messages/catalogue/leads.ts';
import { modeText, nameText } from '../../src/messages/catalogue/names.ts';
import { approvalCard, orderStatusCard } from '../../src/messages/catalogue/orders.ts';
import { catalogueSamples } from '../helpers/catalogue-samples.ts';
import { examplePolicy } from '../helpers/deps.ts';

const policy = examplePolicy();
const levelNames = policy.approvals.levels.map((l) => l.name);

// Words that may stay English in a Chinese card: proper names, codes and units people type as they are.
// ("credit memo" is a comment a person wrote on the sample order: their words, shown as written.)
const allowed = /SKU|CNY|USD|API|CSV|XLSX|Slack|Lark|ERP|credit memo/g;
const englishKeys = new RegExp(`\\b(${[...levelNames, 'any', 'all'].join('|')})\\b`, 'g');

describe('zh-CN cards', () => {
  it('a lead card shows region, industry and source by their closeloop.yaml labels, an unlabelled one as written', () => {
    const lead = {
      id: 'l1',
      number: 'L-000001',
      name: '李雷',
      company: '星辰',
      email: null,
      phone: null,
      region: 'east',
      industry: 'manufacturing',
      source: 'web',
      campaign: null,
      reason: null,
      labels: labelBook(policy.labels),
    };
    const value = (locale: 'zh-CN' | 'en', n: number) => offerCard(lead, locale).fields[n]?.value;
    expect([value('zh-CN', 4), value('zh-CN', 5), value('zh-CN', 6)]).toEqual(['华东', '制造业', '官网']);
    expect([value('en', 4), value('en', 5), value('en', 6)]).toEqual(['East', 'Manufacturing', 'Website']);
    expect(offerCard({ ...lead, source: 'expo' }, 'zh-CN').fields[6]?.value).toBe('expo');
    // Without labels (a policy that has none) the key is shown as it is.
    expect(offerCard({ ...lead, labels: undefined }, 'zh-CN').fields[4]?.value).toBe('east');
  });

  it('the card of leads that came in again in an import names their source by its label', () => {
    const line = {
      number: 'L-000007',
      name: '李雷',
      company: null,
      source: 'web',
      campaign: null,
      matchedOn: 'email',
      line: 3,
    } as const;
    expect(importDuplicatesCard([line], 'zh-CN', policy.labels.book).body).toContain('来源 官网，邮箱相同');
    expect(importDuplicatesCard([line], 'en', policy.labels.book).body).toContain('from Website, same email');
  });

  it('no catalogue card names an approval level or mode by its English key', () => {
    const found = catalogueSamples('zh-CN').flatMap((s) => {
      const text = JSON.stringify({ ...s.card, actions: s.card.actions.map((a) => a.label) }).replace(
        allowed,
        '',
      );
      return [...text.matchAll(englishKeys)].map((m) => `${s.name}: ${m[0]}`);
    });
    expect(found).toEqual([]);
  });

  it('an approval card shows the level by its closeloop.yaml label, and the chain says who must approve', () => {
    const order = {
      number: 'SO-2026-00012',
      version: 1,
      customer: '星辰',
      totalMinor: 100_00,
      currency: 'CNY',
      lines: [],
      requester: '李雷',
    } as unknown as Parameters<typeof approvalCard>[0];
    const card = approvalCard(order, levelInfo(policy, 1, 2, 'manager'), 'a1', 'zh-CN', {} as never);
    expect(card.body).toBe('**李雷** 请你在 **销售主管** 级审批此订单。');
    expect(card.fields.find((f) => f.label === '审批级别')?.value).toBe('1/2 销售主管');
    const en = approvalCard(order, levelInfo(policy, 1, 2, 'manager'), 'a1', 'en', {} as never);
    expect(en.fields.find((f) => f.label === 'Level')?.value).toBe('1/2 manager');
    const status = orderStatusCard(
      {
        order,
        status: 'pending_approval',
        steps: [{ position: 1, name: 'finance', mode: 'any', approvers: [] }],
        installments: [],
      } as unknown as Parameters<typeof orderStatusCard>[0],
      'zh-CN',
    );
    expect(JSON.stringify(status)).toContain('1/1 财务（任一人批准）');
  });
});

describe('label lookup', () => {
  const book = labelBook({ regions: { east: { 'zh-CN': '华东' } } });
  it.each([
    ['regions', 'east', 'zh-CN', '华东'],
    ['regions', 'east', 'en', null],
    ['regions', 'west', 'zh-CN', null],
    ['regions', 'constructor', 'zh-CN', null],
    ['regions', '__proto__', 'zh-CN', null],
  ] as const)('%s %s in %s → %s', (kind, name, locale, expected) => {
    expect(label(book, kind, name, locale)).toBe(expected);
  });

  it('built-in roles and modes read in Chinese; unknown names stay as written', () => {
    expect(nameText('levels', 'cfo', 'zh-CN')).toBe('财务总监');
    expect(nameText('roles', 'director', 'zh-CN')).toBe('总监');
    expect(nameText('levels', 'toString', 'zh-CN')).toBe('toString');
    expect(nameText('levels', 'vp-sales', 'zh-CN')).toBe('vp-sales');
    expect(modeText('all', 'zh-CN')).toBe('全部批准');
  });

  it('a typo in closeloop.yaml labels names the key', () => {
    const broken = (yaml: string) => {
      try {
        parsePolicy(yaml, 'closeloop.yaml');
        return null;
      } catch (e) {
        return (e as PolicyError).message;
      }
    };
    expect(broken('labels:\n  regons: { east: { zh-CN: 华东 } }\n')).toMatch(
      /at labels\.regons: "regons" is not a key here; use regions, /,
    );
    expect(broken('labels:\n  regions: { east: { zh: 华东 } }\n')).toMatch(
      /at labels\.regions\.east\.zh: "zh" is not a key here; use zh-CN or en/,
    );
    expect(broken('labels:\n  regions: { east: { zh-CN: 华东 } }\n')).not.toMatch(/labels/);
  });

  it('lost reasons labelled under labels stop start-up, naming followUp.lostReasons where their words go', () => {
    const problems = (() => {
      try {
        parsePolicy('labels:\n  lostReasons: { price: { zh-CN: 价格 } }\n', 'closeloop.yaml');
        return '';
      } catch (e) {
        return (e as PolicyError).message;
      }
    })();
    expect(problems).toMatch(/at labels\.lostReasons: lost reasons are worded in followUp\.lostReasons/);
  });
});

describe('Chinese errors name fields in Chinese', () => {
  // An English field name used as the label of a problem ("creditLimit：…"); the values people typed may be anything.
  const englishFields =
    /\b(name|legalName|tier|priceList|currency|creditLimit|paymentTerms|defaultPaymentPlan|invoiceEmail|email|locale|aliases|sku|price|taxRatePercent|externalIds)：/m;
  const names = {
    tiers: new Set(['gold']),
    priceLists: new Set<string>(),
    paymentPlans: new Set(['net-30']),
  };

  it('a customer with every field wrong is refused in Chinese without an English field name', () => {
    let error: DomainError | null = null;
    try {
      applyCustomerFields(
        null,
        {
          name: '',
          currency: 'yuan',
          tier: 'platinum',
          defaultPaymentPlan: 'net-999',
          creditLimit: 'lots',
          invoiceEmail: 'not-an-email',
          locale: 'fr',
          aliases: Array.from({ length: 60 }, (_, i) => `a${i}`),
        },
        names,
        'CNY',
      );
    } catch (e) {
      error = e as DomainError;
    }
    const text = errorText(error as DomainError, 'zh-CN');
    expect(text.split('\n')).toHaveLength(8);
    expect(text).not.toMatch(englishFields);
    expect(text).toContain('信用额度：「lots」不是有效的 YUAN 金额');
    expect(text).toContain('付款计划：closeloop.yaml 中没有「net-999」');
  });

  it('a product with bad fields is refused in Chinese too', () => {
    let error: DomainError | null = null;
    try {
      applyProductFields(
        null,
        { sku: 'bad sku!', name: '', currency: 'CNY', taxRatePercent: 130 },
        () => null,
      );
    } catch (e) {
      error = e as DomainError;
    }
    const text = errorText(error as DomainError, 'zh-CN');
    expect(text).not.toMatch(englishFields);
    expect(text).toContain('税率：「130」');
  });
});
