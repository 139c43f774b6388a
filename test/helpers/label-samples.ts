// Owns the sample order, customer, history and follow-up task the label tests render with configured names in them.
import type { LabelBook } from '../../src/domain/labels.ts';
import type { Change } from '../../src/domain/orders/order-diff.ts';
import type { TaskView } from '../../src/messages/catalogue/collections-tasks.ts';
import type { HistoryView } from '../../src/messages/catalogue/orders.ts';

export function sampleOrder(paymentPlan: string, labels: LabelBook, version = 1) {
  return {
    number: 'SO-2026-00012',
    version,
    customer: '星辰',
    totalMinor: 100_00,
    currency: 'CNY',
    lines: [],
    paymentPlan,
    terms: null,
    nonStandardTerms: false,
    requester: '李雷',
    labels,
  };
}

export function sampleCustomer(
  names: { region: string | null; tier: string; priceList: string; plan: string },
  labels: LabelBook,
) {
  return {
    id: 'c1',
    name: '星辰',
    legalName: null,
    aliases: [],
    owner: null,
    region: names.region,
    tier: names.tier,
    priceList: names.priceList,
    currency: 'CNY',
    creditLimitMinor: null,
    paymentTerms: null,
    defaultPaymentPlan: names.plan,
    taxId: null,
    billingAddress: null,
    invoiceEmail: null,
    externalIds: {},
    mergedInto: null,
    contacts: [],
    openOrders: [],
    mayEdit: false,
    mayOrder: false,
    labels,
  };
}

// Version 2 of an order: what changed and who decided which level, at one moment.
export function sampleHistory(changes: Change[], level: string, at: Date): HistoryView {
  return {
    number: 'SO-2026-00012',
    currency: 'CNY',
    currentVersion: 2,
    status: 'pending_approval',
    timezone: 'Asia/Shanghai',
    comments: [],
    attachments: [],
    versions: [
      {
        version: 2,
        by: '李雷',
        at,
        totalMinor: 100_00,
        changes,
        decisions: [{ level, status: 'approved', by: '王总', reason: null, at }],
      },
    ],
  };
}

export function sampleTask(installmentLabel: string): TaskView {
  return {
    id: 't1',
    number: 'T-000001',
    status: 'open',
    orderId: 'o1',
    orderNumber: 'SO-2026-00012',
    customerName: '星辰',
    installmentLabel,
    outstandingMinor: 30_00,
    currency: 'CNY',
    dueOn: '2026-12-01',
    daysPastDue: 3,
    taskDueOn: '2026-12-05',
    assigneeName: '李雷',
    promisedOn: null,
    escalated: null,
    done: null,
  };
}
