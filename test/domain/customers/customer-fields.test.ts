import { describe, expect, it } from 'vitest';
import {
  applyCustomerFields,
  type CustomerColumns,
  type CustomerFields,
  changedColumns,
  mergedAliases,
} from '../../../src/domain/customers/customer-fields.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { labelBook } from '../../../src/domain/labels.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';

const names = { tiers: new Set(['key']), priceLists: new Set(['vip']), paymentPlans: new Set(['net-30']) };
const fieldsOf = (e: unknown) =>
  e instanceof DomainError ? [e, ...e.details].map((d) => [d.code, d.field]) : e;
const attempt = (fields: CustomerFields) => {
  try {
    return applyCustomerFields(null, fields, names, 'CNY');
  } catch (e) {
    return fieldsOf(e);
  }
};

describe('applyCustomerFields: each bad field named', () => {
  it.each<[string, CustomerFields, unknown]>([
    ['no name', {}, [['customer_name_missing', 'name']]],
    ['__proto__', { name: '__proto__' }, [['customer_name_reserved', 'name']]],
    ['huge limit', { name: 'A', creditLimit: '1e30' }, [['customer_amount', 'creditLimit']]],
    ['too many decimals', { name: 'A', creditLimit: '1.001' }, [['customer_amount', 'creditLimit']]],
    ['negative limit', { name: 'A', creditLimit: '-5' }, [['customer_amount', 'creditLimit']]],
    [
      'unknown tier and plan',
      { name: 'A', tier: 'gold', defaultPaymentPlan: 'constructor' },
      [
        ['customer_unknown_name', 'tier'],
        ['customer_unknown_name', 'defaultPaymentPlan'],
      ],
    ],
    [
      'prototype external system',
      { name: 'A', externalIds: { constructor: '1' } },
      [['customer_external_system', 'externalIds.constructor']],
    ],
  ])('%s', (_, fields, expected) => {
    expect(attempt(fields)).toEqual(expected);
  });

  it('folds the name and parses the limit in the currency', () => {
    const c = applyCustomerFields(
      null,
      { name: ' ACME Co., Ltd. ', creditLimit: '1,200.50', tier: 'key' },
      names,
      'CNY',
    );
    expect([c.name, c.normalizedName, c.creditLimitMinor, c.tier]).toEqual([
      'ACME Co., Ltd.',
      'acme',
      120_050,
      'key',
    ]);
  });

  it('an edit sending the same values changes nothing; a new limit is one change', () => {
    const base = applyCustomerFields(null, { name: 'ACME', creditLimit: '100' }, names, 'CNY');
    const same: CustomerColumns = applyCustomerFields(base, { creditLimit: '100.00' }, names, 'CNY');
    expect(changedColumns(base, same)).toEqual([]);
    const raised = applyCustomerFields(base, { creditLimit: '200' }, names, 'CNY');
    expect(changedColumns(base, raised)).toEqual([
      { field: 'creditLimitMinor', before: 10_000, after: 20_000 },
    ]);
  });

  it("a merge keeps the loser's names as aliases, once each and never the winner's own name", () => {
    expect(
      mergedAliases(
        { name: 'ACME', legalName: 'ACME Co., Ltd.', aliases: ['Acme Trading'] },
        { name: 'acme ltd', legalName: 'ACME Shanghai Branch', aliases: ['ACME TRADING'] },
      ),
    ).toEqual(['Acme Trading', 'ACME Shanghai Branch']);
  });
});

describe('applyCustomerFields: configured names as people type them', () => {
  const labels = labelBook({
    paymentPlans: {
      'net-30': { 'zh-CN': '30 天账期', en: 'Net 30' },
      '30-60-10': { 'zh-CN': '30/60/10 分期' },
    },
    priceLists: { vip: { 'zh-CN': '大客户价', en: 'VIP prices' } },
  });
  const labelled = { ...names, paymentPlans: new Set(['net-30', '30-60-10']), labels };

  it('a plan or price list typed as its label is kept as its name', () => {
    const c = applyCustomerFields(
      null,
      { name: 'A', defaultPaymentPlan: '30 天账期', priceList: 'VIP prices' },
      labelled,
      'CNY',
    );
    expect([c.defaultPaymentPlan, c.priceList]).toEqual(['net-30', 'vip']);
  });

  it("an unknown plan is refused listing the labels in the reader's language, a name where it has none", () => {
    let error: unknown;
    try {
      applyCustomerFields(null, { name: 'A', defaultPaymentPlan: 'net-90' }, labelled, 'CNY');
    } catch (e) {
      error = e;
    }
    expect(errorText(error as DomainError, 'en')).toBe(
      'defaultPaymentPlan: no "net-90" in closeloop.yaml; use one of: Net 30, 30-60-10.',
    );
    expect(errorText(error as DomainError, 'zh-CN')).toBe(
      '付款计划：closeloop.yaml 中没有「net-90」；可选：30 天账期、30/60/10 分期。',
    );
  });
});
