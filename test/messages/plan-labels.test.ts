// Payment plans, their steps, price lists and tiers in Chinese cards: each shows its closeloop.yaml label, never the
// raw key; a name without a label shows as written.
import { describe, expect, it } from 'vitest';
import { labelBook } from '../../src/domain/labels.ts';
import { receivablesCard } from '../../src/messages/catalogue/collections-ar.ts';
import { customerCard } from '../../src/messages/catalogue/customers.ts';
import { nameText } from '../../src/messages/catalogue/names.ts';
import { approvedNotice, orderStatusCard } from '../../src/messages/catalogue/orders.ts';
import { productListCard } from '../../src/messages/catalogue/products.ts';
import { orderRecordCard } from '../../src/messages/catalogue/record-cards.ts';
import type { Card } from '../../src/messages/model.ts';
import { examplePolicy } from '../helpers/deps.ts';
import { sampleCustomer, sampleOrder } from '../helpers/label-samples.ts';

const policy = {
  ...examplePolicy(),
  labels: {
    paymentPlans: { split_30_70: { 'zh-CN': '三七分期', en: '30/70 split' } },
    steps: { 'On signing': { 'zh-CN': '签约时' } },
    priceLists: { wholesale: { 'zh-CN': '批发价' } },
    tiers: { gold: { 'zh-CN': '金牌' } },
    channels: { sales: { 'zh-CN': '销售群' } },
  },
};
const labels = labelBook(policy.labels);
const text = (card: Card) => JSON.stringify(card);

const order = sampleOrder('split_30_70', labels);
const installments = [
  { label: 'On signing', dueOn: '2026-12-01', amountMinor: 30_00, paidMinor: 0 },
  { label: 'On delivery', dueOn: '2027-01-01', amountMinor: 70_00, paidMinor: 0 },
];
const view = { order, status: 'approved', steps: [], installments };

describe('zh-CN cards name plans, steps, price lists and tiers by their labels', () => {
  it('the order status card: plan and installment steps', () => {
    const s = text(orderStatusCard(view, 'zh-CN'));
    expect(s).toContain('三七分期');
    expect(s).toContain('2026-12-01 签约时');
    expect(s).not.toContain('split_30_70');
    expect(s).not.toContain('On signing');
    // A step without a label reads as written.
    expect(s).toContain('2027-01-01 On delivery');
    expect(text(orderStatusCard(view, 'en'))).toContain('30/70 split');
  });

  it('the approved notice: plan and schedule', () => {
    const s = text(approvedNotice(order, null, installments, 'zh-CN'));
    expect(s).toContain('三七分期');
    expect(s).toContain('签约时');
    expect(s).not.toMatch(/split_30_70|On signing/);
  });

  it('the order record card: the next installment and the reminder and payment timeline', () => {
    const card = orderRecordCard(
      {
        orderId: 'o1',
        number: order.number,
        view,
        creditLimitMinor: null,
        customerCurrency: 'CNY',
        openStep: null,
        nextInstallment: { label: 'On signing', dueOn: '2026-12-01', owedMinor: 30_00, currency: 'CNY' },
        buttons: { approvalId: null, edit: false, submit: false, cancel: false, comment: false },
        timeline: [
          {
            at: new Date('2026-12-02T02:00:00Z'),
            by: null,
            kind: 'reminder',
            label: 'On signing',
            offsetDays: 1,
          },
          {
            at: new Date('2026-12-03T02:00:00Z'),
            by: '财务',
            kind: 'payment',
            amountMinor: 30_00,
            currency: 'CNY',
            label: 'On signing',
            undone: false,
          },
        ],
        earlier: 0,
        moreCommand: null,
        moreCount: 0,
        timezone: 'Asia/Shanghai',
      },
      'zh-CN',
    );
    expect(text(card)).toContain('2026-12-01 签约时');
    expect(text(card)).toContain('已发送 签约时 的逾期 1 天提醒');
    expect(text(card)).toContain('已核销到 签约时');
    expect(text(card)).not.toMatch(/split_30_70|On signing/);
  });

  it('the customer card: tier, price list and default plan; an unlabelled one as written', () => {
    const data = sampleCustomer(
      { region: null, tier: 'gold', priceList: 'wholesale', plan: 'split_30_70' },
      labels,
    );
    const value = (card: Card, label: string) => card.fields.find((f) => f.label === label)?.value;
    const zh = customerCard(data, 'zh-CN');
    expect([value(zh, '客户等级'), value(zh, '默认付款计划')]).toEqual(['金牌', '三七分期']);
    expect(text(zh)).toContain('批发价');
    expect(text(zh)).not.toMatch(/"gold"|wholesale|split_30_70/);
    expect(value(customerCard({ ...data, tier: 'silver' }, 'zh-CN'), '客户等级')).toBe('silver');
  });

  it('the product list: price lists', () => {
    const item = {
      sku: 'A-1',
      name: '螺栓',
      nameZh: null,
      nameEn: null,
      unit: null,
      currency: 'CNY',
      unitPriceMinor: 10_00,
      taxRateBp: null,
      prices: [
        { priceList: 'wholesale', currency: 'CNY', unitPriceMinor: 8_00 },
        { priceList: 'vip', currency: 'CNY', unitPriceMinor: 7_00 },
      ],
    };
    const s = text(productListCard('螺栓', [item], 1, 'zh-CN', labels));
    expect(s).toContain('批发价');
    expect(s).not.toContain('wholesale');
    expect(s).toContain('vip');
  });

  it('the receivables card: installment steps', () => {
    const item = (label: string, dueOn: string) => ({
      orderNumber: order.number,
      customerName: '星辰',
      label,
      dueOn,
      outstandingMinor: 30_00,
      currency: 'CNY',
      daysOverdue: 2,
    });
    const s = text(
      receivablesCard([item('On signing', '2026-12-01'), item('On delivery', '2027-01-01')], [], 'zh-CN', {
        labels,
      }),
    );
    expect(s).toContain('签约时');
    expect(s).not.toContain('On signing');
    expect(s).toContain('On delivery');
  });
});

describe('the built-in payment plan reads in Chinese without a label', () => {
  it('net-30 and its step Net 30', () => {
    expect(nameText('paymentPlans', 'net-30', 'zh-CN')).toBe('30 天账期');
    expect(nameText('steps', 'Net 30', 'zh-CN')).toBe('30 天账期');
    expect(nameText('steps', 'Net 30', 'en')).toBe('Net 30');
    // A label in closeloop.yaml still wins.
    expect(
      nameText(
        'paymentPlans',
        'net-30',
        'zh-CN',
        labelBook({ paymentPlans: { 'net-30': { 'zh-CN': '月结' } } }),
      ),
    ).toBe('月结');
  });
});
