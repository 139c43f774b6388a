// Owns one realistic call of every catalogue card builder, plus oversized variants that adapters must cut visibly.

import { textCommands } from '../../src/app/commands/registry.ts';
import type { Proposal } from '../../src/domain/reconcile/matcher.ts';
import { type ReceivableItem, receivablesCard } from '../../src/messages/catalogue/collections-ar.ts';
import { emailReviewCard } from '../../src/messages/catalogue/collections-email-review.ts';
import { creditHoldCard, creditHoldLiftedCard } from '../../src/messages/catalogue/collections-holds.ts';
import { invoiceIssuedCard } from '../../src/messages/catalogue/collections-invoices.ts';
import { type DunningCardData, dunningCard } from '../../src/messages/catalogue/collections-reminders.ts';
import { digestCard } from '../../src/messages/catalogue/digest.ts';
import { helpCard, unknownCommandCard } from '../../src/messages/catalogue/help.ts';
import { kpiCard } from '../../src/messages/catalogue/kpi.ts';
import { mergedCard, withMergeNote } from '../../src/messages/catalogue/lead-merge.ts';
import {
  acceptedCard,
  checkInCard,
  claimCard,
  claimedCard,
  declinedCard,
  duplicateCard,
  firstContactReminderCard,
  idleReminderCard,
  importDuplicatesCard,
  type LeadCardData,
  type MyLead,
  myLeadsCard,
  notContactedCard,
  offerCard,
  ownerLeadCard,
  timedOutCard,
  unclaimedCard,
} from '../../src/messages/catalogue/leads.ts';
import { orderLiveCard } from '../../src/messages/catalogue/orders/live-card.ts';
import {
  type ApprovalExtras,
  approvalCard,
  approvalDecidedCard,
  approvalEscalationCard,
  approvalHeldCard,
  approvalReminderCard,
  approvalRetiredCard,
  approvedNotice,
  type CreditView,
  commentCard,
  creditHeldMidChainNotice,
  creditHoldNotice,
  creditOverrideCard,
  creditOverrideDecidedCard,
  creditOverrideNotice,
  type HistoryView,
  type InstallmentLine,
  type LevelInfo,
  type OrderSummary,
  orderAttachmentsCard,
  orderHistoryCard,
  orderListCard,
  orderStatusCard,
  rejectedNotice,
  type StatusView,
} from '../../src/messages/catalogue/orders.ts';
import { type ReconExceptionCardData, reconExceptionCard } from '../../src/messages/catalogue/reconcile.ts';
import {
  type StatementSummary,
  statementSummaryCard,
} from '../../src/messages/catalogue/reconcile-summary.ts';
import { approvalButtons } from '../../src/messages/catalogue/record-cards.ts';
import { openAction } from '../../src/messages/catalogue/records.ts';
import type { Card, Locale } from '../../src/messages/model.ts';
import { digestView } from './digest-sample.ts';

export interface CatalogueSample {
  name: string;
  card: Card;
}

// Repeats mixed Chinese/English sentences until exactly `length` characters, so limits are hit mid-sentence.
function longText(length: number): string {
  const sentences = [
    '付款条件：合同签订后 5 个工作日内支付 30% 预付款，验收合格后 30 日内支付 60%，质保期满后支付 10% 尾款。',
    'Delivery within 45 days of the advance payment; partial shipments allowed with written consent. ',
    '如因买方原因延迟验收超过 15 日，视为验收合格。发票类型：增值税专用发票，税率 13%。',
    'Warranty: 24 months from acceptance, on-site response within 48 hours in tier-1 cities. ',
  ];
  let text = '';
  for (let i = 0; text.length < length; i++) text += sentences[i % sentences.length];
  return text.slice(0, length);
}

const leadRoundRobin: LeadCardData = {
  id: '5f0c1a8e-2b7d-4c1e-9a3f-1d2e3f4a5b6c',
  number: 'L-2026-00042',
  name: '王芳',
  company: '上海星辰精密制造有限公司',
  email: 'wang.fang@xingchen-mfg.cn',
  phone: '+86 138 0013 8000',
  region: '华东',
  industry: '制造业',
  source: 'website',
  campaign: '2026 春季展会',
  reason: {
    rule: 'East manufacturing',
    strategy: 'round-robin',
    detail: { previous: 'Li Lei', overflowedFrom: ['Key accounts'], declinedBy: ['Zhang Wei', '陈静'] },
  },
};

const leadEnglish: LeadCardData = {
  id: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  number: 'L-2026-00043',
  name: 'Emily Carter',
  company: 'Northwind Traders Ltd.',
  email: 'emily.carter@northwind.example',
  phone: null,
  region: 'North America',
  industry: 'Retail',
  source: 'referral',
  campaign: null,
  reason: {
    rule: 'Existing customers',
    strategy: 'account-owner',
    detail: { customer: 'Northwind Traders Ltd.' },
  },
};

const leadSparse: LeadCardData = {
  id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  number: 'L-2026-00044',
  name: '刘洋',
  company: null,
  email: null,
  phone: '13912345678',
  region: null,
  industry: null,
  source: 'phone',
  campaign: null,
  reason: {
    rule: null,
    strategy: 'manager',
    detail: { managerOf: 'pool', overflowedFrom: ['华南 抢单', 'South retail'] },
  },
};

const leadClaim: LeadCardData = {
  ...leadEnglish,
  id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  number: 'L-2026-00045',
  name: '赵敏 (Zhao Min)',
  company: '深圳云帆科技',
  reason: { rule: 'South China claim pool', strategy: 'claim', detail: {} },
};

const leadStatuses = ['offered', 'accepted', 'new', 'converted'] as const;
const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵'];
const givenNames = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇'];
const englishNames = ['Emily Carter', 'James Wilson', 'Sophie Martin', 'Daniel Kim', 'Olivia Brown'];
const companies = [
  '上海星辰精密制造有限公司',
  'Northwind Traders Ltd.',
  '杭州青禾生物科技股份有限公司',
  null,
  'Contoso Pharmaceuticals (Suzhou) Co., Ltd.',
];

function myLeads(count: number): MyLead[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    number: `L-2026-${String(100 + i).padStart(5, '0')}`,
    name:
      i % 3 === 2
        ? (englishNames[i % englishNames.length] ?? 'Emily Carter')
        : `${surnames[i % surnames.length]}${givenNames[i % givenNames.length]}`,
    company: companies[i % companies.length] ?? null,
    status: leadStatuses[i % leadStatuses.length] ?? 'offered',
    stage: leadStatuses[i % leadStatuses.length] === 'accepted' && i % 2 === 0 ? 'qualified' : null,
  }));
}

const orderLineNames = [
  '工业机器人控制器 RC-700',
  'Servo motor SM-2 kW',
  '安装调试服务（人天）',
  'Annual maintenance contract',
  '视觉检测模组 VX-12',
  'Spare parts kit, tier B',
];

function orderLines(count: number): OrderSummary['lines'] {
  return Array.from({ length: count }, (_, i) => {
    const quantity = (i % 4) + 1;
    return {
      description: `${orderLineNames[i % orderLineNames.length]} #${i + 1}`,
      quantity,
      amountMinor: quantity * (128_000_00 + i * 1_250_50),
    };
  });
}

function order(lines: OrderSummary['lines'], terms: string | null, version = 1): OrderSummary {
  return {
    number: 'SO-2026-00012',
    version,
    customer: '上海星辰精密制造有限公司',
    totalMinor: lines.reduce((sum, l) => sum + l.amountMinor, 0),
    currency: 'CNY',
    lines,
    paymentPlan: '30/60/10',
    terms,
    nonStandardTerms: terms !== null,
    requester: '王芳',
  };
}

export const smallOrder = order(
  [
    { description: '工业机器人控制器 RC-700', quantity: 2, amountMinor: 256_000_00 },
    { description: 'Installation & commissioning (days)', quantity: 5, amountMinor: 15_000_00 },
  ],
  null,
);
const nonStandardOrder = order(orderLines(3), '预付款比例降为 20%，尾款 90 天内付清。', 2);
const bigOrder = order(orderLines(40), longText(5_000), 3);

const finance: LevelInfo = { position: 2, count: 3, name: 'finance' };
const manager: LevelInfo = { position: 1, count: 3, name: '销售主管' };

export const riskyCredit: CreditView = {
  currency: 'CNY',
  exposureMinor: 1_180_000_00,
  exposure: {
    openReceivablesMinor: 300_000_00,
    approvedNotInvoicedMinor: 400_000_00,
    inApprovalMinor: 480_000_00,
  },
  limitMinor: 1_000_000_00,
  overdueMinor: 300_000_00,
  maxDaysOverdue: 12,
  score: 38,
  grade: 'E',
  flags: [
    { flag: 'over_limit', action: 'level' },
    { flag: 'overdue_balance', action: 'hold' },
    { flag: 'low_grade', action: 'level' },
    { flag: 'unusual_discount', action: 'warn' },
    { flag: 'new_customer_large_order', action: 'warn' },
  ],
};

const revision: ApprovalExtras = {
  changes: {
    fromVersion: 1,
    items: [
      { kind: 'total', from: 271_000_00, to: 216_800_00 },
      { kind: 'paymentPlan', from: 'net-30', to: '30/60/10' },
      { kind: 'terms', from: null, to: '预付款比例降为 20%' },
      { kind: 'nonStandardTerms', from: false, to: true },
      {
        kind: 'lineChanged',
        description: '工业机器人控制器 RC-700',
        fields: [
          { field: 'quantity', from: 2, to: 3 },
          { field: 'discountBp', from: 0, to: 2000 },
        ],
      },
      {
        kind: 'lineAdded',
        line: {
          productId: null,
          description: 'Training',
          quantity: 1,
          unitPriceMinor: 5_000_00,
          discountBp: 0,
          amountMinor: 5_000_00,
        },
      },
    ],
  },
  credit: riskyCredit,
};

export const override = {
  id: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b08',
  reason: '客户今天已付清逾期款，回单已上传。',
  requestedBy: '王芳',
  validForDays: 7,
  timezone: 'Asia/Shanghai',
};

const history: HistoryView = {
  number: 'SO-2026-00042',
  currency: 'CNY',
  currentVersion: 2,
  status: 'pending_approval',
  timezone: 'Asia/Shanghai',
  attachments: [
    {
      id: '00000000-0000-4000-8000-000000000042',
      fileName: '合同-v2.pdf',
      sizeBytes: 182_344,
      contentType: 'application/pdf',
      by: 'Li Lei',
      at: new Date('2026-03-02T03:00:00Z'),
    },
  ],
  comments: [
    { by: '王芳', at: new Date('2026-11-02T04:00:00Z'), body: '客户同意 20% 预付款，请尽快审批。' },
    { by: null, at: new Date('2026-11-02T05:00:00Z'), body: 'ERP: credit memo attached' },
  ],
  versions: [
    {
      version: 1,
      by: '王芳',
      at: new Date('2026-11-02T02:00:00Z'),
      totalMinor: 271_000_00,
      changes: [],
      decisions: [
        {
          level: '销售主管',
          status: 'approved',
          by: '李雷',
          reason: null,
          at: new Date('2026-11-02T03:00:00Z'),
        },
        { level: 'finance', status: 'rejected', by: '陈静', reason: '折扣过高', at: null },
      ],
    },
    {
      version: 2,
      by: null,
      at: new Date('2026-11-03T02:00:00Z'),
      totalMinor: 216_800_00,
      changes: revision.changes?.items ?? [],
      decisions: [],
    },
  ],
};

function schedule(o: OrderSummary, count: number): InstallmentLine[] {
  const share = Math.floor(o.totalMinor / count);
  return Array.from({ length: count }, (_, i) => ({
    label: count === 3 ? (['预付款 30%', 'On acceptance 60%', '质保金 10%'][i] ?? '') : `第 ${i + 1} 期`,
    dueOn: `${2026 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-15`,
    amountMinor: i === count - 1 ? o.totalMinor - share * (count - 1) : share,
  }));
}

function statusView(o: OrderSummary, installments: number, stepCount: number): StatusView {
  const names = ['销售主管', 'finance', 'CEO', 'Legal', '区域总监', 'Procurement'];
  return {
    order: o,
    status: 'pending_approval',
    steps: Array.from({ length: stepCount }, (_, i) => ({
      position: i + 1,
      name: names[i % names.length] ?? 'finance',
      mode: i % 2 === 0 ? ('any' as const) : ('all' as const),
      approvers:
        i === 0
          ? [{ name: 'Li Lei', status: 'approved', reason: null, decidedAt: '2026-03-02 10:15' }]
          : [
              { name: '陈静', status: i === 1 ? 'pending' : 'waiting', reason: null, decidedAt: null },
              {
                name: 'Sophie Martin',
                status: i === 1 ? 'pending' : 'waiting',
                reason: null,
                decidedAt: null,
              },
            ],
    })),
    installments: schedule(o, installments).map((line, i) => ({
      ...line,
      paidMinor: i === 0 ? line.amountMinor : i === 1 ? Math.floor(line.amountMinor / 2) : 0,
    })),
  };
}

export function dunning(overrides: Partial<DunningCardData>): DunningCardData {
  return {
    orderNumber: 'SO-2026-00012',
    customerName: '上海星辰精密制造有限公司',
    customerEmail: 'ap@xingchen-mfg.cn',
    installmentLabel: '验收款 60%',
    dueOn: '2026-04-30',
    outstandingMinor: 168_480_00,
    currency: 'CNY',
    offsetDays: -3,
    daysPastDue: -3,
    repName: '王芳',
    audience: 'rep',
    task: false,
    ...overrides,
  };
}

function receivables(count: number, overdue: boolean): ReceivableItem[] {
  return Array.from({ length: count }, (_, i) => ({
    orderNumber: `SO-2026-${String(200 + i).padStart(5, '0')}`,
    customerName: companies[i % companies.length] ?? '杭州青禾生物科技股份有限公司',
    label: i % 2 === 0 ? '预付款 30%' : 'On acceptance 60%',
    dueOn: `2026-0${(i % 9) + 1}-${String((i % 28) + 1).padStart(2, '0')}`,
    outstandingMinor: 12_345_67 * (i + 1),
    currency: i % 7 === 6 ? 'USD' : 'CNY',
    daysOverdue: overdue ? i + 1 : 0,
  }));
}

// Two equally good ways to read one payment of 168,000.00: the same instalment of either order.
const reconSuggestions: Proposal[] = ['SO-2026-00012', 'SO-2026-00013'].map((orderNumber, k) => ({
  basis: 'reference',
  fit: 'combination',
  customerId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
  allocations: [
    { installmentId: `i-${k}-1`, orderNumber, dueOn: '2026-04-30', amountMinor: 120_000_00 },
    { installmentId: `i-${k}-2`, orderNumber, dueOn: '2026-05-31', amountMinor: 48_000_00 },
  ],
  writeOffs: [],
  excessMinor: 0,
  confidence: 0.5,
  tied: true,
}));

// A 100,000-line file past reconcile.exceptionCardsPerFile: one summary card instead of 25,000.
export const statementSummary: StatementSummary = {
  importId: '7d9f1c2e-0000-4000-8000-000000000001',
  fileName: 'cmb-2026-11.csv',
  accounts: ['****7890'],
  lines: 100_000,
  imported: 100_000,
  matched: 70_000,
  limit: 20,
  tally: {
    count: 25_000,
    kinds: [
      {
        kind: 'unknown_payer',
        count: 15_000,
        amounts: [{ currency: 'CNY', minor: 1_512_345_600 }],
        oldest: '2026-11-02',
      },
      {
        kind: 'amount_mismatch',
        count: 10_000,
        amounts: [
          { currency: 'CNY', minor: 998_877_600 },
          { currency: 'USD', minor: 12_345_600 },
        ],
        oldest: '2026-11-01',
      },
    ],
  },
};

export function recon(overrides: Partial<ReconExceptionCardData>): ReconExceptionCardData {
  return {
    exceptionId: '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918',
    kind: 'amount_mismatch',
    reference: 'SO-2026-00012',
    bookedOn: '2026-05-06',
    amountMinor: 168_000_00,
    currency: 'CNY',
    payer: '上海星辰精密制造有限公司',
    memo: 'SO-2026-00012 验收款',
    bankTxnId: 'ICBC-20260506-000193',
    ...overrides,
  };
}

export function catalogueSamples(locale: Locale): CatalogueSample[] {
  const usages = textCommands.map((c) => c.usage[locale]);
  return [
    { name: 'leads.offer', card: offerCard(leadRoundRobin, locale) },
    { name: 'leads.offer.accountOwner', card: offerCard(leadEnglish, locale) },
    { name: 'leads.offer.managerFallback', card: offerCard(leadSparse, locale) },
    { name: 'leads.claim', card: claimCard(leadClaim, locale) },
    { name: 'leads.claimed', card: claimedCard(leadClaim, '李雷', locale) },
    { name: 'leads.accepted', card: acceptedCard(leadRoundRobin, '王芳', locale) },
    { name: 'leads.declined', card: declinedCard(leadEnglish, 'James Wilson', locale) },
    { name: 'leads.timedOut', card: timedOutCard(leadRoundRobin, 15, locale) },
    { name: 'leads.unclaimed', card: unclaimedCard(leadClaim, '王芳', 30, locale) },
    {
      name: 'leads.importDuplicates',
      card: importDuplicatesCard(
        Array.from({ length: 12 }, (_, i) => ({
          number: `L-${String(120 + i).padStart(6, '0')}`,
          name: i % 2 === 0 ? '李雷' : 'James Wilson',
          company: i % 3 === 0 ? null : '上海星辰精密制造有限公司',
          source: 'trade-show',
          campaign: i % 2 === 0 ? '2026 广交会' : null,
          matchedOn: i % 3 === 0 ? 'email' : i % 3 === 1 ? 'phone' : 'company',
          line: 2 + i * 7,
        })),
        locale,
        new Map(),
      ),
    },
    {
      name: 'leads.owner.accepted',
      card: ownerLeadCard(
        leadRoundRobin,
        {
          owner: '王芳',
          stage: 'accepted',
          checklist: { en: ['Call within 4h', 'Confirm the need'], 'zh-CN': ['4 小时内致电', '确认需求'] },
        },
        locale,
      ),
    },
    {
      name: 'leads.owner.qualified',
      card: ownerLeadCard(
        leadEnglish,
        { owner: 'James Wilson', stage: 'qualified', checklist: null },
        locale,
      ),
    },
    {
      name: 'leads.owner.converted',
      card: ownerLeadCard(
        leadEnglish,
        { owner: 'James Wilson', stage: 'converted', checklist: null },
        locale,
      ),
    },
    { name: 'leads.firstContactReminder', card: firstContactReminderCard(leadRoundRobin, 2, 4, locale) },
    { name: 'leads.notContacted', card: notContactedCard(leadSparse, 4, locale) },
    {
      name: 'leads.idle',
      card: idleReminderCard(
        leadEnglish,
        'contacted',
        4,
        { en: ['Send a quote', 'Agree the next step'], 'zh-CN': ['发送报价', '约定下一步'] },
        locale,
      ),
    },
    {
      name: 'leads.checkIn',
      card: checkInCard(
        {
          due: [
            {
              id: leadRoundRobin.id,
              number: leadRoundRobin.number,
              name: leadRoundRobin.name,
              date: '2026-11-02',
              overdue: false,
            },
            {
              id: leadEnglish.id,
              number: leadEnglish.number,
              name: leadEnglish.name,
              date: '2026-10-28',
              overdue: true,
            },
          ],
          awaitingContact: [
            { id: leadSparse.id, number: leadSparse.number, name: leadSparse.name, acceptedOn: '2026-11-01' },
          ],
          idle: Array.from({ length: 12 }, (_, i) => ({
            id: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
            number: `L-0001${String(i).padStart(2, '0')}`,
            name: `客户 ${i + 1}`,
            stage: 'contacted' as const,
            days: 5 + i,
          })),
        },
        locale,
      ),
    },
    {
      name: 'leads.duplicate',
      card: duplicateCard(
        leadRoundRobin,
        { source: 'wechat', campaign: '双十一预热', matchedOn: 'phone' },
        locale,
      ),
    },
    { name: 'leads.myLeads', card: myLeadsCard(myLeads(4), locale) },
    { name: 'leads.myLeads.empty', card: myLeadsCard([], locale) },
    {
      name: 'leads.merged',
      card: mergedCard({ drop: 'L-000057', keep: 'L-000042', name: '李雷', by: 'Meng', moved: 3 }, locale),
    },
    {
      name: 'leads.offer.mergeNote',
      card: withMergeNote(
        offerCard(leadRoundRobin, locale),
        { drop: 'L-000057', keep: 'L-000042', name: '李雷', by: 'Meng', moved: 3 },
        locale,
      ),
    },
    { name: 'leads.myLeads.oversized', card: myLeadsCard(myLeads(80), locale) },

    {
      name: 'orders.approval',
      card: approvalCard(smallOrder, manager, '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b01', locale),
    },
    {
      name: 'orders.approval.nonStandard',
      card: approvalCard(nonStandardOrder, finance, '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b02', locale),
    },
    {
      name: 'orders.approval.oversized',
      card: approvalCard(bigOrder, finance, '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b03', locale),
    },
    {
      name: 'orders.approval.standIn',
      card: approvalCard(smallOrder, manager, '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b04', locale, {
        standIn: { name: '赵敏', standingInFor: 'Li Lei' },
      }),
    },
    {
      name: 'orders.approval.marginNoRate',
      card: approvalCard(smallOrder, manager, '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b05', locale, {
        pricing: {
          lines: [{ description: 'CNC spindle MX-200', discountBp: 1_000 }],
          totalDiscountBp: 1_000,
          margin: { unknown: 'no_rate', missing: [{ from: 'USD', to: 'CNY', on: '2026-11-02' }] },
        },
      }),
    },
    {
      name: 'orders.approval.margin',
      card: approvalCard(smallOrder, manager, '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b06', locale, {
        pricing: { lines: [], totalDiscountBp: null, margin: { bp: 2_850 } },
      }),
    },
    {
      name: 'orders.approvalDecided.standIn',
      card: approvalDecidedCard(
        smallOrder,
        manager,
        { kind: 'approved', by: { name: '赵敏', standingInFor: 'Li Lei' } },
        locale,
      ),
    },
    {
      name: 'orders.approvalDecided.approved',
      card: approvalDecidedCard(smallOrder, manager, { kind: 'approved', by: 'Li Lei' }, locale),
    },
    {
      name: 'orders.approvalDecided.rejected',
      card: approvalDecidedCard(
        nonStandardOrder,
        finance,
        { kind: 'rejected', by: '陈静', reason: '预付款比例低于公司政策，请与客户重新谈判。' },
        locale,
      ),
    },
    {
      name: 'orders.approvalDecided.oversized',
      card: approvalDecidedCard(
        bigOrder,
        finance,
        { kind: 'rejected', by: '陈静', reason: longText(5_000) },
        locale,
      ),
    },
    {
      name: 'orders.rejected',
      card: rejectedNotice(
        nonStandardOrder,
        finance,
        '陈静',
        'Advance payment below policy; renegotiate.',
        locale,
      ),
    },
    {
      name: 'orders.rejected.oversized',
      card: rejectedNotice(bigOrder, finance, '陈静', longText(5_000), locale),
    },
    {
      name: 'orders.approved',
      card: approvedNotice(smallOrder, 'Sophie Martin', schedule(smallOrder, 3), locale),
    },
    { name: 'orders.approved.auto', card: approvedNotice(smallOrder, null, schedule(smallOrder, 3), locale) },
    {
      name: 'orders.approved.oversized',
      card: approvedNotice(bigOrder, '陈静', schedule(bigOrder, 120), locale),
    },
    { name: 'orders.status', card: orderStatusCard(statusView(smallOrder, 3, 3), locale) },
    {
      name: 'orders.status.draft',
      card: orderStatusCard(
        { order: nonStandardOrder, status: 'draft', steps: [], installments: [] },
        locale,
      ),
    },
    { name: 'orders.status.oversized', card: orderStatusCard(statusView(bigOrder, 36, 12), locale) },
    {
      name: 'orders.live.waiting',
      card: orderLiveCard(
        {
          orderId: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b09',
          number: smallOrder.number,
          view: statusView(smallOrder, 3, 3),
          lastDecision: {
            status: 'approved',
            by: { name: 'Li Lei', standingInFor: null },
            level: '销售主管',
            at: new Date('2026-03-02T02:15:00Z'),
            reason: null,
          },
          timeline: [
            { kind: 'audit', at: new Date('2026-03-02T01:00:00Z'), by: '王芳', action: 'order.submit' },
          ],
          earlier: 0,
          timezone: 'Asia/Shanghai',
          buttons: { submit: false, edit: true, cancel: true },
        },
        locale,
      ),
    },
    {
      name: 'orders.live.rejected.oversized',
      card: orderLiveCard(
        {
          orderId: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0a',
          number: bigOrder.number,
          view: { ...statusView(bigOrder, 36, 12), status: 'rejected' },
          lastDecision: {
            status: 'rejected',
            by: { name: '陈静', standingInFor: 'Sophie Martin' },
            level: 'finance',
            at: new Date('2026-03-03T08:30:00Z'),
            reason: longText(900),
          },
          timeline: [],
          earlier: 12,
          timezone: 'Asia/Shanghai',
          buttons: { submit: true, edit: true, cancel: true },
        },
        locale,
      ),
    },
    {
      name: 'orders.approval.revisedRisky',
      card: approvalCard(smallOrder, finance, '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b04', locale, revision),
    },
    {
      name: 'orders.retired.superseded',
      card: approvalRetiredCard(smallOrder, manager, { kind: 'superseded', version: 2, by: '王芳' }, locale),
    },
    {
      name: 'orders.retired.cancelled',
      card: approvalRetiredCard(
        nonStandardOrder,
        finance,
        { kind: 'cancelled', reason: '客户推迟采购', by: '王芳' },
        locale,
      ),
    },
    { name: 'orders.creditHold', card: creditHoldNotice(smallOrder, riskyCredit, locale) },
    {
      name: 'orders.heldMidChain.approval',
      card: approvalHeldCard(
        smallOrder,
        finance,
        { by: '张伟', level: manager, credit: riskyCredit },
        locale,
      ),
    },
    {
      name: 'orders.heldMidChain.notice',
      card: creditHeldMidChainNotice(smallOrder, { by: '张伟', level: manager, credit: riskyCredit }, locale),
    },
    { name: 'orders.history', card: orderHistoryCard(history, locale) },
    {
      name: 'orders.comment',
      card: commentCard(smallOrder, '王芳', '客户同意 20% 预付款，请尽快审批。', locale),
    },
    {
      name: 'orders.waiting',
      card: orderListCard(
        'waiting',
        [
          {
            id: '00000000-0000-4000-8000-000000000042',
            approvalId: '00000000-0000-4000-8000-0000000000a2',
            number: 'SO-2026-00042',
            version: 2,
            status: 'pending_approval',
            totalMinor: 216_800_00,
            currency: 'CNY',
            customer: '上海星辰精密制造有限公司',
            step: '2/3 finance',
            requester: '王芳',
            steps: [
              { name: 'manager', state: 'done' },
              { name: 'finance', state: 'open' },
              { name: 'legal', state: 'waiting' },
            ],
          },
          {
            id: '00000000-0000-4000-8000-000000000043',
            number: 'SO-2026-00043',
            version: 1,
            status: 'rejected',
            totalMinor: 48_000_00,
            currency: 'CNY',
            customer: 'Northwind Traders',
            step: null,
            requester: 'James Wilson',
            steps: [
              { name: 'manager', state: 'done' },
              { name: 'legal', state: 'rejected' },
            ],
          },
        ],
        locale,
        // Each row with its own buttons, and the next page behind "Show more".
        {
          offset: 0,
          moreValue: 'order waiting page:2',
          buttons: (o) => [
            ...(o.approvalId ? approvalButtons(o.approvalId, locale) : []),
            openAction('order.show', o.id, locale),
          ],
        },
      ),
    },
    { name: 'orders.mine.empty', card: orderListCard('mine', [], locale) },
    { name: 'orders.reminder', card: approvalReminderCard(smallOrder, manager, 26, locale) },
    {
      name: 'orders.escalation',
      card: approvalEscalationCard(nonStandardOrder, finance, '陈静', 50, locale),
    },
    {
      name: 'orders.override.request',
      card: creditOverrideCard(smallOrder, override, riskyCredit, locale),
    },
    {
      name: 'orders.override.approved',
      card: creditOverrideDecidedCard(
        smallOrder,
        override,
        riskyCredit,
        { kind: 'approved', by: '陈静', until: new Date('2026-05-13T06:30:00Z') },
        locale,
      ),
    },
    {
      name: 'orders.override.rejected',
      card: creditOverrideDecidedCard(
        smallOrder,
        override,
        riskyCredit,
        { kind: 'rejected', by: 'Sophie Martin', reason: longText(600) },
        locale,
      ),
    },
    {
      name: 'orders.override.notice.approved',
      card: creditOverrideNotice(
        smallOrder,
        { kind: 'approved', by: '陈静', until: new Date('2026-05-13T06:30:00Z') },
        'Asia/Shanghai',
        locale,
      ),
    },
    {
      name: 'orders.override.notice.rejected',
      card: creditOverrideNotice(
        smallOrder,
        { kind: 'rejected', by: '陈静', reason: '逾期款未结清' },
        'Asia/Shanghai',
        locale,
      ),
    },
    {
      name: 'orders.status.editable',
      card: orderStatusCard(
        { ...statusView(smallOrder, 3, 3), editable: { orderId: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b09' } },
        locale,
      ),
    },
    {
      name: 'orders.rejected.editable',
      card: rejectedNotice(
        smallOrder,
        manager,
        'Li Lei',
        '价格太低',
        locale,
        '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b09',
      ),
    },
    {
      name: 'orders.attachments',
      card: orderAttachmentsCard(
        { number: 'SO-2026-00042', attachments: history.attachments, timezone: 'Asia/Shanghai' },
        locale,
      ),
    },
    {
      name: 'orders.attachments.empty',
      card: orderAttachmentsCard(
        { number: 'SO-2026-00042', attachments: [], timezone: 'Asia/Shanghai' },
        locale,
      ),
    },

    {
      name: 'collections.dunning.rep',
      card: dunningCard(dunning({ customerLocale: 'zh-CN' }), locale),
    },
    {
      name: 'collections.dunning.today',
      card: dunningCard(
        dunning({
          customerName: 'Northwind Traders Ltd.',
          customerEmail: 'ap@northwind.example',
          repName: 'Emily Carter',
          offsetDays: 0,
          daysPastDue: 0,
          customerLocale: 'en',
        }),
        locale,
      ),
    },
    {
      name: 'collections.dunning.manager',
      card: dunningCard(dunning({ offsetDays: 7, daysPastDue: 9, audience: 'manager', task: true }), locale),
    },
    {
      name: 'collections.dunning.finance',
      card: dunningCard(dunning({ offsetDays: 14, daysPastDue: 14, audience: 'finance' }), locale),
    },
    {
      name: 'collections.emailReview',
      card: emailReviewCard(
        {
          emailId: '5b0f3c1e-2d4a-4e6b-8c9d-0a1b2c3d4e5f',
          customerName: '上海星辰精密制造有限公司',
          to: 'ap@xingchen-mfg.cn',
          subject: '来自 Demo Trading Co. 的付款提醒',
          body: [
            '尊敬的上海星辰精密制造有限公司：',
            '',
            '以下款项尚未收到：',
            ...Array.from(
              { length: 14 },
              (_, k) => `- 订单 SO-2026-000${10 + k}（验收款）：¥16,848.00，2026-04-30 到期`,
            ),
          ].join('\n'),
          sendsAt: '2026-05-02 11:00',
        },
        locale,
      ),
    },
    {
      name: 'collections.emailReview.skipped',
      card: emailReviewCard(
        {
          emailId: '5b0f3c1e-2d4a-4e6b-8c9d-0a1b2c3d4e5f',
          customerName: 'Acme Tools',
          to: 'ap@acme.example',
          subject: 'Payment reminder from Demo Trading Co.',
          body: 'Dear Acme Tools,\n\nThe following payments are open:',
          sendsAt: '2026-05-02 11:00',
          skipped: { by: '王芳', at: '2026-05-02 09:40' },
        },
        locale,
      ),
    },
    {
      name: 'collections.invoiceIssued',
      card: invoiceIssuedCard(
        {
          orderNumber: 'SO-2026-00042',
          customerName: '上海精工机械有限公司',
          position: 2,
          label: 'Delivery',
          invoiceNo: 'INV-2026-0102',
          invoiceOn: '2026-11-02',
          previous: null,
        },
        locale,
      ),
    },
    {
      name: 'collections.invoiceIssued.replaced',
      card: invoiceIssuedCard(
        {
          orderNumber: 'SO-2026-00042',
          customerName: '上海精工机械有限公司',
          position: 2,
          label: 'Delivery',
          invoiceNo: 'INV-2026-0102-R',
          invoiceOn: '2026-11-05',
          previous: 'INV-2026-0102',
        },
        locale,
      ),
    },
    {
      name: 'collections.creditHoldLifted',
      card: creditHoldLiftedCard(
        {
          customerName: '上海精工机械有限公司',
          repName: '王芳',
          orderNumbers: ['SO-2026-00042', 'SO-2026-00043'],
        },
        locale,
      ),
    },
    {
      name: 'collections.creditHold',
      card: creditHoldCard(
        {
          customerName: '上海精工机械有限公司',
          repName: '王芳',
          items: [
            { ...dunning({}), daysPastDue: 31, invoiceNo: 'INV-2026-0101' },
            { ...dunning({}), orderNumber: 'SO-2026-00043', daysPastDue: 45, outstandingMinor: 8_000_00 },
          ],
        },
        locale,
      ),
    },
    {
      name: 'collections.receivables',
      card: receivablesCard(receivables(2, true), receivables(3, false), locale),
    },
    { name: 'collections.receivables.empty', card: receivablesCard([], [], locale) },
    {
      name: 'collections.receivables.oversized',
      card: receivablesCard(receivables(40, true), receivables(20, false), locale),
    },

    { name: 'digest.daily', card: digestCard(digestView('daily', true), locale, { at: '09:00' }) },
    { name: 'digest.weekly', card: digestCard(digestView('weekly', false), locale) },

    {
      name: 'kpi.own',
      card: kpiCard(
        {
          scope: 'own',
          teamSize: 1,
          day: '2026-05-06',
          today: {
            newLeads: 2,
            accepted: 1,
            acceptedWithinSla: 1,
            ordersApproved: 1,
            approvedAmount: { CNY: 150_000 },
            collected: {},
            overdueCount: 1,
            overdue: { CNY: 60_000 },
          },
          week: {
            newLeads: 9,
            accepted: 7,
            acceptedWithinSla: 5,
            ordersApproved: 3,
            approvedAmount: { CNY: 1_284_500_00, USD: 42_000_00 },
            collected: { CNY: 568_200_50 },
            overdueCount: 1,
            overdue: { CNY: 60_000 },
          },
          acceptSlaMinutes: 15,
          currency: 'CNY',
        },
        locale,
      ),
    },
    {
      name: 'kpi.team.noTeam',
      card: kpiCard(
        {
          scope: 'team',
          teamSize: 0,
          day: '2026-05-06',
          today: {
            newLeads: 0,
            accepted: 0,
            acceptedWithinSla: 0,
            ordersApproved: 0,
            approvedAmount: {},
            collected: {},
            overdueCount: 0,
            overdue: {},
          },
          week: {
            newLeads: 0,
            accepted: 0,
            acceptedWithinSla: 0,
            ordersApproved: 0,
            approvedAmount: {},
            collected: {},
            overdueCount: 0,
            overdue: {},
          },
          acceptSlaMinutes: 15,
          currency: 'CNY',
        },
        locale,
      ),
    },

    { name: 'reconcile.exception.amountMismatch', card: reconExceptionCard(recon({}), locale) },
    {
      name: 'reconcile.statementSummary',
      card: statementSummaryCard({ ...statementSummary, left: 24_990, nextPage: 2, pageSize: 10 }, locale),
    },
    {
      name: 'reconcile.statementSummary.allPosted',
      card: statementSummaryCard(
        { ...statementSummary, left: 0, nextPage: 2501, pageSize: 10, reminder: true },
        locale,
      ),
    },
    {
      name: 'reconcile.exception.unknownReference',
      card: reconExceptionCard(recon({ kind: 'unknown_reference', reference: 'SO-2025-99999' }), locale),
    },
    {
      name: 'reconcile.exception.duplicate',
      card: reconExceptionCard(recon({ kind: 'duplicate' }), locale),
    },
    {
      name: 'reconcile.exception.unknownPayer',
      card: reconExceptionCard(recon({ kind: 'unknown_payer', reference: null }), locale),
    },
    {
      name: 'reconcile.exception.currencyMismatch',
      card: reconExceptionCard(
        recon({
          kind: 'currency_mismatch',
          currency: 'USD',
          amountMinor: 23_500_00,
          payer: 'Northwind Traders Ltd.',
        }),
        locale,
      ),
    },
    {
      name: 'reconcile.exception.noReference',
      card: reconExceptionCard(
        recon({ kind: 'no_reference', reference: null, payer: null, memo: null }),
        locale,
      ),
    },
    {
      name: 'reconcile.exception.acknowledged',
      card: reconExceptionCard(recon({ acknowledged: { by: '陈静', at: '2026-05-06 14:32' } }), locale),
    },
    {
      name: 'reconcile.exception.suggestions',
      card: reconExceptionCard(
        recon({ kind: 'ambiguous', suggestions: reconSuggestions, assignee: '陈静', reminder: true }),
        locale,
      ),
    },
    {
      name: 'reconcile.exception.confirmed',
      card: reconExceptionCard(
        recon({
          kind: 'low_confidence',
          suggestions: reconSuggestions.slice(0, 1),
          bankTransactionId: '0b1c2d3e-4f50-4617-8899-aabbccddeeff',
          confirmed: { by: '陈静', at: '2026-05-06 14:40', index: 0 },
        }),
        locale,
      ),
    },
    {
      name: 'reconcile.credit',
      card: reconExceptionCard(recon({ kind: 'credit', creditMinor: 12_000_00 }), locale),
    },
    {
      name: 'reconcile.exception.splitOpen',
      card: reconExceptionCard(
        recon({
          bankTransactionId: '7d3f7a38-6a8e-4a44-9a55-0b7a4e0b9c11',
          split: {
            by: '陈静',
            at: '2026-05-06 14:32',
            parts: [
              { label: 'SO-2026-00012#1', amountMinor: 30_000_00 },
              { label: 'SO-2026-00013#2', amountMinor: 15_000_00 },
            ],
            remainderMinor: 5_000_00,
            rest: 'open',
          },
        }),
        locale,
      ),
    },
    {
      name: 'reconcile.exception.splitCredit',
      card: reconExceptionCard(
        recon({
          bankTransactionId: '7d3f7a38-6a8e-4a44-9a55-0b7a4e0b9c11',
          split: {
            by: '陈静',
            at: '2026-05-06 14:32',
            parts: [{ label: 'SO-2026-00012#1', amountMinor: 30_000_00 }],
            remainderMinor: 2_000_00,
            rest: 'credit',
          },
        }),
        locale,
      ),
    },

    { name: 'help', card: helpCard(usages, locale) },
    {
      name: 'help.unknown',
      card: unknownCommandCard('线索 新键', ['线索 新建', '线索 跟进'], usages[0] ?? null, locale),
    },
    { name: 'help.unknown.nothingNear', card: unknownCommandCard('删除一切', [], null, locale) },
    {
      name: 'help.oversized',
      card: helpCard(
        Array.from({ length: 150 }, (_, i) => `${usages[i % usages.length] ?? 'lead mine'} · #${i + 1}`),
        locale,
      ),
    },
  ];
}
