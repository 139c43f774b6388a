// Scan: every card kind that shows a configured name, rendered for a zh-CN reader from one fixture whose closeloop.yaml
// keys all have labels, names none of those keys — each key is unlike any Chinese word, so any leak is found.
import { describe, expect, it } from 'vitest';
import { type LabelConfig, labelBook } from '../../src/domain/labels.ts';
import { receivablesCard } from '../../src/messages/catalogue/collections-ar.ts';
import { creditHoldCard } from '../../src/messages/catalogue/collections-holds.ts';
import { invoiceIssuedCard } from '../../src/messages/catalogue/collections-invoices.ts';
import { customerReminderEmail, dunningCard } from '../../src/messages/catalogue/collections-reminders.ts';
import { taskCard } from '../../src/messages/catalogue/collections-tasks.ts';
import { customerForm } from '../../src/messages/catalogue/customer-form.ts';
import { creditChangedCard, customerCard, customerListCard } from '../../src/messages/catalogue/customers.ts';
import { digestCard } from '../../src/messages/catalogue/digest.ts';
import { duplicateCard, offerCard } from '../../src/messages/catalogue/leads.ts';
import { orderEditForm } from '../../src/messages/catalogue/orders/forms.ts';
import { orderLiveCard } from '../../src/messages/catalogue/orders/live-card.ts';
import {
  approvalCard,
  approvedNotice,
  orderHistoryCard,
  orderListCard,
  orderStatusCard,
} from '../../src/messages/catalogue/orders.ts';
import { processCard } from '../../src/messages/catalogue/process-card.ts';
import { productListCard } from '../../src/messages/catalogue/products.ts';
import { receiptCard } from '../../src/messages/catalogue/receipts.ts';
import { timelineText } from '../../src/messages/catalogue/records.ts';
import { arDashboardCard, funnelCard } from '../../src/messages/catalogue/reports.ts';
import { digestView } from '../helpers/digest-sample.ts';
import { sampleCustomer, sampleHistory, sampleOrder, sampleTask } from '../helpers/label-samples.ts';

const keys = {
  plan: 'planalpha',
  step: 'stepalpha',
  level: 'lvlalpha',
  region: 'rgnalpha',
  industry: 'indalpha',
  source: 'srcalpha',
  tier: 'tieralpha',
  priceList: 'plalpha',
  rule: 'rulealpha',
};
const config: LabelConfig = {
  paymentPlans: { [keys.plan]: { 'zh-CN': '三七分期' } },
  steps: { [keys.step]: { 'zh-CN': '签约时' } },
  levels: { [keys.level]: { 'zh-CN': '销售副总' } },
  regions: { [keys.region]: { 'zh-CN': '华东' } },
  industries: { [keys.industry]: { 'zh-CN': '制造业' } },
  sources: { [keys.source]: { 'zh-CN': '官网' } },
  tiers: { [keys.tier]: { 'zh-CN': '金牌' } },
  priceLists: { [keys.priceList]: { 'zh-CN': '批发价' } },
  rules: { [keys.rule]: { 'zh-CN': '华东制造业' } },
};
const labels = labelBook(config);
const at = new Date('2026-12-02T02:00:00Z');
const zh = 'zh-CN' as const;

const order = sampleOrder(keys.plan, labels, 2);
const installments = [{ label: keys.step, dueOn: '2026-12-01', amountMinor: 100_00, paidMinor: 0 }];
const steps = [
  {
    position: 1,
    name: keys.level,
    mode: 'any' as const,
    approvers: [{ name: '王总', status: 'pending', reason: null, decidedAt: null }],
  },
];
const view = { order, status: 'pending_approval', steps, installments };
const item = {
  orderNumber: order.number,
  installmentLabel: keys.step,
  labels,
  dueOn: '2026-12-01',
  outstandingMinor: 100_00,
  currency: 'CNY',
  daysPastDue: 3,
};
const lead = {
  id: 'l1',
  number: 'L-000001',
  name: '吴磊',
  company: '星辰',
  email: null,
  phone: null,
  region: keys.region,
  industry: keys.industry,
  source: keys.source,
  campaign: null,
  reason: null,
  labels,
};

const rendered: [string, () => unknown][] = [
  ['lead offer', () => offerCard(lead, zh)],
  [
    'lead offer with its routing rule',
    () => offerCard({ ...lead, reason: { rule: keys.rule, strategy: 'round-robin', detail: {} } }, zh),
  ],
  [
    'lead duplicate',
    () => duplicateCard(lead, { source: keys.source, campaign: null, matchedOn: 'email' }, zh),
  ],
  ['order status', () => orderStatusCard(view, zh)],
  ['approved notice', () => approvedNotice(order, null, installments, zh)],
  [
    'approval card with changes',
    () =>
      approvalCard(
        order,
        { position: 1, count: 1, name: keys.level, labels: { 'zh-CN': '销售副总' } },
        'a1',
        zh,
        {
          changes: { fromVersion: 1, items: [{ kind: 'paymentPlan', from: keys.plan, to: keys.plan }] },
        } as never,
      ),
  ],
  [
    'live card',
    () =>
      orderLiveCard(
        {
          orderId: 'o1',
          number: order.number,
          view,
          lastDecision: { status: 'rejected', by: '王总', level: keys.level, at, reason: '贵' },
          timeline: [],
          earlier: 0,
          timezone: 'Asia/Shanghai',
          buttons: { submit: false, edit: false, cancel: false },
        },
        zh,
      ),
  ],
  [
    'order list',
    () =>
      orderListCard(
        'waiting',
        [
          {
            id: 'o1',
            number: order.number,
            version: 1,
            status: 'pending_approval',
            totalMinor: 1,
            currency: 'CNY',
            customer: '星辰',
            step: `1/1 ${keys.level}`,
            requester: null,
            steps: [{ name: keys.level, state: 'open' as const }],
          },
        ],
        zh,
        undefined,
        labels,
      ),
  ],
  [
    'order history',
    () =>
      orderHistoryCard(
        sampleHistory([{ kind: 'paymentPlan', from: keys.plan, to: keys.plan }], keys.level, at),
        zh,
        labels,
      ),
  ],
  [
    'timeline',
    () =>
      timelineText(
        [
          { at, by: '王总', kind: 'decision', level: keys.level, status: 'approved', reason: null },
          { at, by: null, kind: 'reminder', label: keys.step, offsetDays: 1 },
        ],
        0,
        'Asia/Shanghai',
        zh,
        labels,
      ),
  ],
  [
    'dunning card',
    () =>
      dunningCard(
        {
          ...item,
          customerName: '星辰',
          customerEmail: null,
          offsetDays: 3,
          template: 'final',
          repName: '李雷',
          audience: 'rep',
          task: true,
          customerLocale: zh,
          others: [item],
        },
        zh,
      ),
  ],
  [
    'reminder email',
    () => customerReminderEmail({ org: '某', customerName: '星辰', repName: '李', items: [item] }, zh),
  ],
  ['credit hold', () => creditHoldCard({ customerName: '星辰', repName: '李雷', items: [item] }, zh)],
  [
    'invoice',
    () =>
      invoiceIssuedCard(
        {
          orderNumber: order.number,
          customerName: '星辰',
          position: 1,
          label: keys.step,
          invoiceNo: 'INV-1',
          invoiceOn: '2026-12-01',
          previous: null,
          labels,
        },
        zh,
      ),
  ],
  [
    'receipt',
    () =>
      receiptCard(
        {
          orderNumber: order.number,
          customer: '星辰',
          amountMinor: 1,
          currency: 'CNY',
          receivedOn: '2026-12-01',
          reference: null,
          by: '财务',
          installments: [{ label: keys.step, amountMinor: 1, status: 'paid' }],
          labels,
        },
        zh,
      ),
  ],
  [
    'follow-up task',
    () =>
      taskCard(
        sampleTask(keys.step),
        { complete: true, promise: true, escalate: true, escalateTo: '王总' },
        zh,
        labels,
      ),
  ],
  [
    'receivables',
    () =>
      receivablesCard(
        [
          {
            orderNumber: order.number,
            customerName: '星辰',
            label: keys.step,
            dueOn: '2026-12-01',
            outstandingMinor: 1,
            currency: 'CNY',
            daysOverdue: 2,
          },
        ],
        [],
        zh,
        { labels },
      ),
  ],
  [
    'customer card',
    () =>
      customerCard(
        sampleCustomer(
          { region: keys.region, tier: keys.tier, priceList: keys.priceList, plan: keys.plan },
          labels,
        ),
        zh,
      ),
  ],
  [
    'digest of a region',
    () =>
      digestCard({ ...digestView('daily', false), scope: { kind: 'region', region: keys.region } }, zh, {
        labels,
      }),
  ],
  [
    'funnel of a region grouped by source',
    () =>
      funnelCard(
        {
          period: { kind: 'month', from: '2026-12-01', to: '2026-12-31' },
          scope: { kind: 'region', region: keys.region },
          total: [],
          bottleneck: null,
          idle: null,
          groups: [{ label: keys.source, stages: [] }],
          groupBy: 'source',
          offset: 0,
          moreValue: null,
          lostReasonName: (r) => r,
          labels,
        },
        zh,
      ),
  ],
  [
    'funnel grouped by routing rule',
    () =>
      funnelCard(
        {
          period: { kind: 'month', from: '2026-12-01', to: '2026-12-31' },
          scope: { kind: 'org' },
          total: [],
          bottleneck: null,
          idle: null,
          groups: [{ label: keys.rule, stages: [] }],
          groupBy: 'rule',
          offset: 0,
          moreValue: null,
          lostReasonName: (r) => r,
          labels,
        },
        zh,
      ),
  ],
  [
    'receivables dashboard of a region',
    () =>
      arDashboardCard(
        {
          scope: { kind: 'region', region: keys.region },
          today: '2026-12-02',
          currency: 'CNY',
          open: { CNY: 1 },
          overdue: {},
          overdueCount: 0,
          aging: {},
          collection: [],
          dso: [],
          dsoTrend: [],
          expectedCash: [],
          topOverdueCustomers: [],
          promises: { kept: 0, broken: 0, open: 0 },
          exceptions: null,
          exceptionsUnscopedOnly: false,
          labels,
        },
        zh,
      ),
  ],
  [
    'process health: approval cycles and stuck approvals per level',
    () =>
      processCard(
        {
          period: { kind: 'month', from: '2026-12-01', to: '2026-12-31' },
          scope: { kind: 'org' },
          labels,
          breaches: { accept: 0, firstContact: 0 },
          reroutes: 0,
          escalated: 0,
          approvalCycles: [
            { levelName: keys.level, approverName: '王总', decided: 2, medianHours: 3, p90Hours: 5 },
          ],
          stuckApprovals: {
            count: 1,
            slaHours: 24,
            oldest: [
              { orderNumber: order.number, levelName: keys.level, approverName: '王总', waitingHours: 30 },
            ],
          },
          exceptions: null,
          exceptionsUnscopedOnly: false,
        },
        zh,
      ),
  ],
  [
    'customer list',
    () =>
      customerListCard(
        '星辰',
        [
          {
            name: '星辰',
            owner: null,
            region: keys.region,
            creditLimitMinor: null,
            currency: 'CNY',
          },
        ],
        1,
        zh,
        labels,
      ),
  ],
  [
    'tier change',
    () =>
      creditChangedCard(
        { name: '星辰', by: '财务', currency: 'CNY', tier: { before: null, after: keys.tier }, labels },
        zh,
      ),
  ],
  [
    'product list',
    () =>
      productListCard(
        '螺栓',
        [
          {
            sku: 'A-1',
            name: '螺栓',
            nameZh: null,
            nameEn: null,
            unit: null,
            currency: 'CNY',
            unitPriceMinor: 1,
            taxRateBp: null,
            prices: [{ priceList: keys.priceList, currency: 'CNY', unitPriceMinor: 1 }],
          },
        ],
        1,
        zh,
        labels,
      ),
  ],
  [
    'customer form (labels only; values stay keys)',
    () =>
      customerForm(
        null,
        { plans: [keys.plan], priceLists: [keys.priceList], tiers: [keys.tier], mayCredit: true, labels },
        zh,
      ).fields.flatMap((f) => (f.options ?? []).map((o) => o.label)),
  ],
  [
    'order form (labels only)',
    () =>
      orderEditForm(
        {
          orderId: 'o1',
          number: order.number,
          version: 1,
          status: 'draft',
          customer: '星辰',
          lines: [],
          paymentPlan: keys.plan,
          plans: [keys.plan],
          terms: null,
          nonStandardTerms: false,
        },
        zh,
        labels,
      ).fields.flatMap((f) => (f.options ?? []).map((o) => o.label)),
  ],
];

describe('no configured key in a zh-CN card', () => {
  it.each(rendered)('%s', (_name, render) => {
    const text = JSON.stringify(render());
    const leaked = Object.values(keys).filter((k) => text.includes(k));
    expect(leaked).toEqual([]);
  });
});
