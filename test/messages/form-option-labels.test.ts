// Select options on the order and customer forms (Slack, Lark and the console render the same Form) read by their
// closeloop.yaml labels in the reader's language while the value sent back stays the key; a customer edit reply
// names the changed fields in the reader's language.
import { describe, expect, it } from 'vitest';
import { labelBook } from '../../src/domain/labels.ts';
import { customerForm } from '../../src/messages/catalogue/customer-form.ts';
import { customerEditedReply } from '../../src/messages/catalogue/customers.ts';
import { orderEditForm, orderNewBlankForm } from '../../src/messages/catalogue/orders/forms.ts';
import type { Form } from '../../src/messages/model.ts';

const labels = labelBook({
  paymentPlans: { split_30_70: { 'zh-CN': '三七分期', en: '30/70 split' } },
  priceLists: { wholesale: { 'zh-CN': '批发价' } },
  tiers: { gold: { 'zh-CN': '金牌', en: 'Gold' } },
});
const options = (form: Form, name: string) => form.fields.find((f) => f.name === name)?.options ?? [];

describe('form options show labels, send keys', () => {
  it('the order edit and bare new-order forms: payment plans', () => {
    const data = {
      orderId: 'o1',
      number: 'SO-2026-00012',
      version: 1,
      status: 'draft',
      customer: '星辰',
      lines: [],
      paymentPlan: 'split_30_70',
      plans: ['split_30_70', 'monthly'],
      terms: null,
      nonStandardTerms: false,
    };
    expect(options(orderEditForm(data, 'zh-CN', labels), 'plan')).toEqual([
      { value: 'split_30_70', label: '三七分期' },
      { value: 'monthly', label: 'monthly' },
    ]);
    expect(options(orderEditForm(data, 'en', labels), 'plan')[0]?.label).toBe('30/70 split');
    const blank = orderNewBlankForm(['split_30_70'], 'zh-CN', [], labels);
    expect(options(blank, 'plan')).toEqual([{ value: 'split_30_70', label: '三七分期' }]);
  });

  it('the customer form: plans, price lists and tiers', () => {
    const form = (locale: 'zh-CN' | 'en') =>
      customerForm(
        null,
        {
          plans: ['split_30_70'],
          priceLists: ['wholesale'],
          tiers: ['gold', 'silver'],
          mayCredit: true,
          labels,
        },
        locale,
      );
    const zh = form('zh-CN');
    expect(options(zh, 'defaultPaymentPlan').map((o) => o.label)).toEqual(['—', '三七分期']);
    expect(options(zh, 'priceList').map((o) => o.label)).toEqual(['—', '批发价']);
    expect(zh.fields.find((f) => f.name === 'tier')?.kind).toBe('select');
    expect(options(zh, 'tier')).toEqual([
      { value: '', label: '—' },
      { value: 'gold', label: '金牌' },
      { value: 'silver', label: 'silver' },
    ]);
    expect(options(form('en'), 'tier')[1]?.label).toBe('Gold');
  });

  it('a customer edit reply names the changed fields in Chinese', () => {
    const zh = customerEditedReply('星辰', ['creditLimit', 'tier', 'defaultPaymentPlan'], 'zh-CN');
    expect(zh.text).toBe('已更新客户 星辰：信用额度、客户等级、付款计划。');
    expect(zh.text).not.toMatch(/[A-Za-z]/);
    expect(customerEditedReply('ACME', ['creditLimit'], 'en').text).toBe(
      'Customer ACME updated: creditLimit.',
    );
  });
});
