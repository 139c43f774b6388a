// Approval levels, payment plans and tiers in timelines, histories, lists and change lines: each shows its
// closeloop.yaml label in the reader's language ("销售副总", not "vp-sales 级"), never the raw key.
import { describe, expect, it } from 'vitest';
import { labelBook } from '../../src/domain/labels.ts';
import { creditChangedCard } from '../../src/messages/catalogue/customers.ts';
import { orderLiveCard } from '../../src/messages/catalogue/orders/live-card.ts';
import { orderHistoryCard, orderListCard, orderStatusCard } from '../../src/messages/catalogue/orders.ts';
import { timelineText } from '../../src/messages/catalogue/records.ts';
import type { Card } from '../../src/messages/model.ts';
import { sampleHistory, sampleOrder } from '../helpers/label-samples.ts';

const labels = labelBook({
  levels: { 'vp-sales': { 'zh-CN': '销售副总', en: 'Sales VP' } },
  paymentPlans: {
    split_30_70: { 'zh-CN': '三七分期', en: '30/70 split' },
    'net-30': { 'zh-CN': '30 天账期' },
  },
  tiers: { gold: { 'zh-CN': '金牌', en: 'Gold' } },
});
const text = (card: Card) => JSON.stringify(card);
const at = new Date('2026-12-02T02:00:00Z');

const order = sampleOrder('split_30_70', labels, 2);
const steps = [
  {
    position: 1,
    name: 'vp-sales',
    mode: 'any' as const,
    approvers: [{ name: '王总', status: 'pending', reason: null, decidedAt: null }],
  },
];
const view = { order, status: 'pending_approval', steps, installments: [] };

describe('approval levels read by their labels', () => {
  it('timeline decision entries', () => {
    const entries = [
      { at, by: '王总', kind: 'decision' as const, level: 'vp-sales', status: 'approved', reason: null },
      { at, by: '王总', kind: 'decision' as const, level: 'vp-sales', status: 'rejected', reason: '太贵' },
    ];
    const zh = timelineText(entries, 0, 'Asia/Shanghai', 'zh-CN', labels);
    expect(zh).toContain('销售副总 审批通过');
    expect(zh).toContain('销售副总 驳回：太贵');
    expect(zh).not.toContain('vp-sales');
    expect(timelineText(entries, 0, 'Asia/Shanghai', 'en', labels)).toContain('Sales VP approved');
  });

  it('the status card chain and the live card headline and last decision', () => {
    const zh = text(orderStatusCard(view, 'zh-CN'));
    expect(zh).toContain('1/1 销售副总（任一人批准）');
    expect(zh).not.toMatch(/vp-sales|\(any\)/);
    const live = (locale: 'zh-CN' | 'en') =>
      text(
        orderLiveCard(
          {
            orderId: 'o1',
            number: order.number,
            view,
            lastDecision: { status: 'rejected', by: '王总', level: 'vp-sales', at, reason: '太贵' },
            timeline: [],
            earlier: 0,
            timezone: 'Asia/Shanghai',
            buttons: { submit: false, edit: false, cancel: false },
          },
          locale,
        ),
      );
    expect(live('zh-CN')).toContain('销售副总');
    expect(live('zh-CN')).not.toContain('vp-sales');
    expect(live('en')).toContain('Sales VP');
  });

  it('the order list: open step and chain line', () => {
    const item = {
      id: 'o1',
      number: order.number,
      version: 1,
      status: 'pending_approval',
      totalMinor: 100_00,
      currency: 'CNY',
      customer: '星辰',
      step: '1/1 vp-sales',
      requester: '李雷',
      steps: [{ name: 'vp-sales', state: 'open' as const }],
    };
    const zh = text(orderListCard('waiting', [item], 'zh-CN', undefined, labels));
    expect(zh).toContain('1/1 销售副总');
    expect(zh).toContain('▶ **销售副总**');
    expect(zh).not.toContain('vp-sales');
  });

  it('the history card: the payment-plan change line and the decisions', () => {
    const history = sampleHistory(
      [{ kind: 'paymentPlan', from: 'net-30', to: 'split_30_70' }],
      'vp-sales',
      at,
    );
    const zh = text(orderHistoryCard(history, 'zh-CN', labels));
    expect(zh).toContain('付款计划：30 天账期 → 三七分期');
    expect(zh).toContain('- 销售副总：');
    expect(zh).not.toMatch(/vp-sales|split_30_70|net-30/);
    // net-30 has no English label in this book: the built-in one reads.
    expect(text(orderHistoryCard(history, 'en', labels))).toContain('Payment plan: Net 30 → 30/70 split');
  });

  it('the tier change card', () => {
    const card = (locale: 'zh-CN' | 'en') =>
      text(
        creditChangedCard(
          { name: '星辰', by: '财务', currency: 'CNY', tier: { before: null, after: 'gold' }, labels },
          locale,
        ),
      );
    expect(card('zh-CN')).toContain('→ 金牌');
    expect(card('zh-CN')).not.toContain('gold');
    expect(card('en')).toContain('→ Gold');
  });
});
