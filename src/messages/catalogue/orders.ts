// Catalogue: every order and approval card, notice, reply and error text, in zh-CN and en.
import type { CreditFlag, Exposure, FlagAction } from '../../domain/credit/risk.ts';
import type { Grade } from '../../domain/credit/score.ts';
import { formatMoney } from '../../domain/money.ts';
import type { Change } from '../../domain/orders/order-diff.ts';
import { localDate, localTime } from '../../domain/time.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Action, Card, Field, Form, Locale } from '../model.ts';

export interface OrderSummary {
  number: string;
  version: number;
  customer: string;
  totalMinor: number;
  currency: string;
  lines: { description: string; quantity: number; amountMinor: number }[];
  paymentPlan: string;
  terms: string | null;
  nonStandardTerms: boolean;
  requester: string;
  // Included in totalMinor; an order without tax shows the total alone, as before tax existed.
  taxMinor?: number;
  // The customer's primary contact and billing details, when known.
  contact?: { name: string; phone: string | null; email: string | null } | null;
  billing?: { legalName: string; taxId: string | null } | null;
}

// Where an approval sits in the chain: position is 1-based ("2/3 finance").
export interface LevelInfo {
  position: number;
  count: number;
  name: string;
}

export interface InstallmentLine {
  label: string;
  dueOn: string;
  amountMinor: number;
}

// Who decided: a name, or a stand-in with the policy's approver they decided for (null when it was that approver).
export type Decider = string | { name: string; standingInFor: string | null };

export type Outcome = { kind: 'approved'; by: Decider } | { kind: 'rejected'; by: Decider; reason: string };

export interface StatusStep {
  position: number;
  name: string;
  mode: 'any' | 'all';
  approvers: {
    name: string;
    // The away approver this one stands in for.
    standingInFor?: string | null;
    status: string;
    reason: string | null;
    decidedAt: string | null;
  }[];
}

export interface StatusView {
  order: OrderSummary;
  status: string;
  // Set when the viewer may change the order: the card gets an Edit button that opens the edit form.
  editable?: { orderId: string };
  steps: StatusStep[];
  installments: (InstallmentLine & { paidMinor: number })[];
}

// The credit facts an approval card spells out: why the gate said what it said.
export interface CreditView {
  currency: string;
  exposureMinor: number;
  exposure: Exposure;
  limitMinor: number | null;
  overdueMinor: number;
  maxDaysOverdue: number;
  score: number;
  grade: Grade;
  flags: { flag: CreditFlag; action: FlagAction }[];
}

export interface ApprovalExtras {
  changes?: { fromVersion: number; items: Change[] } | null;
  credit?: CreditView;
  // The card goes to a stand-in: it names them and the away approver they approve for.
  standIn?: { name: string; standingInFor: string };
}

export interface OrderListItem {
  number: string;
  version: number;
  status: string;
  totalMinor: number;
  currency: string;
  customer: string;
  // The open approval level, "2/3 director"; null when no level is open.
  step: string | null;
  requester: string | null;
  // Every level of the current version's chain in order, for the progress line; absent or empty before submit.
  steps?: { name: string; state: ListStepState }[];
}

export type ListStepState = 'done' | 'open' | 'waiting' | 'rejected';

// Marks that read the same in both languages: ✓ approved, ▶ deciding now, ○ not reached yet, ✗ rejected there.
const stepMarks: Record<ListStepState, string> = { done: '✓', open: '▶', waiting: '○', rejected: '✗' };

// "✓ manager → ▶ finance → ○ legal": where the whole chain stands, under the order's line.
export function stepsLine(steps: readonly { name: string; state: ListStepState }[]): string {
  return steps
    .map((s) =>
      s.state === 'open' ? `${stepMarks[s.state]} **${s.name}**` : `${stepMarks[s.state]} ${s.name}`,
    )
    .join(' → ');
}

export interface AttachmentView {
  id: string;
  fileName: string;
  sizeBytes: number;
  contentType: string | null;
  by: string | null;
  at: Date;
}

export interface HistoryView {
  number: string;
  currency: string;
  currentVersion: number;
  status: string;
  timezone: string;
  comments: { by: string | null; at: Date; body: string }[];
  attachments: AttachmentView[];
  versions: {
    version: number;
    by: string | null;
    at: Date;
    totalMinor: number;
    changes: Change[];
    decisions: { level: string; status: string; by: string; reason: string | null; at: Date | null }[];
  }[];
}

const texts: Texts<
  | 'credit'
  | 'creditLine'
  | 'creditParts'
  | 'noLimit'
  | 'risk'
  | 'flagLine'
  | 'reminderTitle'
  | 'mineTitle'
  | 'mineEmpty'
  | 'waitingTitle'
  | 'waitingEmpty'
  | 'commentTitle'
  | 'comments'
  | 'replyCommented'
  | 'reminderBody'
  | 'escalationTitle'
  | 'escalationBody'
  | 'flag_over_limit'
  | 'flag_near_limit'
  | 'flag_overdue_balance'
  | 'flag_low_grade'
  | 'flag_unusual_discount'
  | 'flag_new_customer_large_order'
  | 'flag_on_credit_hold'
  | 'action_warn'
  | 'action_level'
  | 'action_hold'
  | 'changesSince'
  | 'change_total'
  | 'change_paymentPlan'
  | 'change_terms'
  | 'change_nonStandardTerms'
  | 'change_lineAdded'
  | 'change_lineRemoved'
  | 'field_quantity'
  | 'field_unitPriceMinor'
  | 'field_discountBp'
  | 'field_amountMinor'
  | 'yes'
  | 'no'
  | 'noChanges'
  | 'retiredTitle'
  | 'supersededBody'
  | 'supersededContext'
  | 'cancelledBody'
  | 'cancelledContext'
  | 'holdTitle'
  | 'holdBody'
  | 'historyTitle'
  | 'historyVersion'
  | 'historyCreated'
  | 'status_on_hold'
  | 'replyEdited'
  | 'replyEditedDraft'
  | 'replyCancelled'
  | 'replyAlreadyCancelled'
  | 'replyReopened'
  | 'replyDuplicated'
  | 'replyOnHold'
  | 'replySubmitted'
  | 'approvalTitle'
  | 'approvalBody'
  | 'customer'
  | 'total'
  | 'lines'
  | 'plan'
  | 'terms'
  | 'standardTerms'
  | 'level'
  | 'requester'
  | 'approver'
  | 'standingInFor'
  | 'approve'
  | 'reject'
  | 'rejectPrompt'
  | 'rejectPlaceholder'
  | 'approvedBy'
  | 'rejectedBy'
  | 'decidedTitle'
  | 'moreLines'
  | 'noticeLevelApproved'
  | 'noticeNext'
  | 'noticeWaitingOthers'
  | 'noticeRejectedTitle'
  | 'noticeRejectedBody'
  | 'noticeApprovedTitle'
  | 'noticeApprovedBody'
  | 'noticeApprovedAuto'
  | 'schedule'
  | 'statusTitle'
  | 'status'
  | 'chain'
  | 'noChain'
  | 'installments'
  | 'paid'
  | 'version'
  | 'replyApproved'
  | 'replyApprovedLast'
  | 'replyRejected'
  | 'replyAlready'
  | 'replyStale'
  | 'replyCreated'
  | 'replyDraft'
  | 'replyCreatedApproved'
  | 'status_draft'
  | 'status_pending_approval'
  | 'status_approved'
  | 'status_rejected'
  | 'status_cancelled'
  | 'step_waiting'
  | 'step_pending'
  | 'step_approved'
  | 'step_rejected'
  | 'step_superseded'
> = {
  en: {
    credit: 'Credit',
    creditLine:
      'Exposure {exposure} of limit {limit}{share} · overdue {overdue}{days} · grade {grade} (score {score})',
    creditParts: 'receivables {open} + approved, not invoiced {approved} + in approval {waiting}',
    noLimit: 'none set',
    risk: 'Credit flags',
    flagLine: '{flag}: {action}',
    reminderTitle: 'Reminder: order {number} is waiting for you',
    mineTitle: 'My orders ({count})',
    mineEmpty: 'You have no open orders.',
    waitingTitle: 'Waiting for your approval ({count})',
    waitingEmpty: 'Nothing is waiting for your approval.',
    commentTitle: '{author} commented on order {number}',
    comments: 'Comments',
    replyCommented: 'Comment added to order {number}; the owner and current approvers were told ({count}).',
    reminderBody:
      'It has waited {hours} working hours for your decision at level {level}. Approve or reject it on the approval card.',
    escalationTitle: 'Escalation: order {number} is stuck at {approver}',
    escalationBody:
      'It has waited {hours} working hours for {approver} at level {level}. Please follow up with them.',
    flag_over_limit: 'over the credit limit',
    flag_near_limit: 'close to the credit limit',
    flag_overdue_balance: 'has an overdue balance',
    flag_low_grade: 'low credit grade',
    flag_unusual_discount: 'unusual discount',
    flag_new_customer_large_order: 'new customer with a large order',
    flag_on_credit_hold: 'customer on credit hold (dunning: overdue still unpaid)',
    action_warn: 'for your attention',
    action_level: 'adds the credit approval level',
    action_hold: 'holds the order',
    changesSince: 'Changes since v{version}',
    change_total: 'Total: {from} → {to}',
    change_paymentPlan: 'Payment plan: {from} → {to}',
    change_terms: 'Terms: {from} → {to}',
    change_nonStandardTerms: 'Non-standard terms: {from} → {to}',
    change_lineAdded: 'Line added: {line}',
    change_lineRemoved: 'Line removed: {line}',
    field_quantity: 'quantity',
    field_unitPriceMinor: 'unit price',
    field_discountBp: 'discount',
    field_amountMinor: 'amount',
    yes: 'yes',
    no: 'no',
    noChanges: 'no changes (resubmitted as it was)',
    retiredTitle: 'Order {number} v{version}: no longer open',
    supersededBody:
      '**Superseded by v{version}** ({by} changed the order). Approval starts again on the new version.',
    supersededContext: 'Superseded by v{version}',
    cancelledBody: '**Cancelled by {by}**{reason}',
    cancelledContext: 'Order cancelled',
    holdTitle: 'Order {number} is on credit hold',
    holdBody:
      'It was not sent for approval: {flags}. Settle the overdue balance or change the order, then submit it again.',
    historyTitle: 'History of order {number}',
    historyVersion: 'v{version} — {by}, {at}',
    historyCreated: 'created, total {total}',
    status_on_hold: 'on credit hold',
    replyEdited: 'Order {number} is now version {version} and went back to approval: {chain}.',
    replyEditedDraft: 'Order {number} was changed; it is still a draft (version {version}).',
    replyCancelled: 'Order {number} was cancelled; open approvals were withdrawn.',
    replyAlreadyCancelled: 'That order was already cancelled; nothing changed.',
    replyReopened: 'Order {number} was reopened as version {version} and needs approval again: {chain}.',
    replyDuplicated: 'Order {number} was copied from {from} as a draft; submit it for its own approval.',
    replyOnHold: 'Order {number} is on credit hold and was not sent for approval: {flags}.',
    replySubmitted: 'Order {number} (version {version}) was sent for approval: {chain}.',
    approvalTitle: 'Approval needed: order {number}',
    approvalBody: '**{requester}** asks you to approve this order at level **{level}**.',
    customer: 'Customer',
    total: 'Total',
    lines: 'Lines',
    plan: 'Payment plan',
    terms: 'Terms',
    standardTerms: 'standard',
    level: 'Level',
    requester: 'Requester',
    approver: 'Approver',
    standingInFor: '{name} (standing in for {approver})',
    approve: 'Approve',
    reject: 'Reject',
    rejectPrompt: 'Why are you rejecting this order?',
    rejectPlaceholder: 'e.g. discount too high for this customer',
    approvedBy: 'Approved by {by}',
    rejectedBy: 'Rejected by {by}: {reason}',
    decidedTitle: 'Order {number}',
    moreLines: '… and {count} more',
    noticeLevelApproved: '{by} approved order {number} at level {level}.',
    noticeNext: 'Next: {next}.',
    noticeWaitingOthers: 'Still waiting for the other approvers of {level}.',
    noticeRejectedTitle: 'Order {number} was rejected',
    noticeRejectedBody: '{by} rejected it at level {level}: {reason}',
    noticeApprovedTitle: 'Order {number} is approved',
    noticeApprovedBody: 'Every level approved it (last: {by}). The installments below are now due.',
    noticeApprovedAuto: 'No approval level of the policy applies to it. The installments below are now due.',
    schedule: 'Installments',
    statusTitle: 'Order {number}',
    status: 'Status',
    chain: 'Approvals',
    noChain: 'not submitted yet',
    installments: 'Installments',
    paid: 'paid',
    version: 'Version',
    replyApproved: 'You approved order {number} at level {level}.',
    replyApprovedLast: 'You approved order {number}; it is now fully approved.',
    replyRejected: 'You rejected order {number}. The requester has been told.',
    replyAlready: 'This approval was already {status}; nothing changed.',
    replyStale:
      'This card is for version {cardVersion} of order {number}, which is now at version {currentVersion}. Use the card for version {currentVersion}.',
    replyCreated: 'Order {number} ({total}) was created and sent for approval: {chain}.',
    replyDraft: 'Order {number} ({total}) was saved as a draft.',
    replyCreatedApproved:
      'Order {number} ({total}) was created; no approval level applies to it, so it is approved.',
    status_draft: 'draft',
    status_pending_approval: 'waiting for approval',
    status_approved: 'approved',
    status_rejected: 'rejected',
    status_cancelled: 'cancelled',
    step_waiting: 'waiting',
    step_pending: 'pending',
    step_approved: 'approved',
    step_rejected: 'rejected',
    step_superseded: 'no longer needed',
  },
  'zh-CN': {
    credit: '信用',
    creditLine: '敞口 {exposure}，额度 {limit}{share} · 逾期 {overdue}{days} · 等级 {grade}（评分 {score}）',
    creditParts: '应收 {open} + 已批未开票 {approved} + 审批中 {waiting}',
    noLimit: '未设置',
    risk: '信用风险',
    flagLine: '{flag}：{action}',
    reminderTitle: '提醒：订单 {number} 等待你审批',
    mineTitle: '我的订单（{count}）',
    mineEmpty: '你没有未结订单。',
    waitingTitle: '待你审批（{count}）',
    waitingEmpty: '没有等待你审批的订单。',
    commentTitle: '{author} 评论了订单 {number}',
    comments: '评论',
    replyCommented: '已为订单 {number} 添加评论，已通知负责人和当前审批人（{count}）。',
    reminderBody: '已在 {level} 级等待你的决定 {hours} 个工作小时。请在审批卡片上批准或驳回。',
    escalationTitle: '升级：订单 {number} 卡在 {approver}',
    escalationBody: '已在 {level} 级等待 {approver} {hours} 个工作小时，请跟进。',
    flag_over_limit: '超出信用额度',
    flag_near_limit: '接近信用额度',
    flag_overdue_balance: '存在逾期欠款',
    flag_low_grade: '信用等级低',
    flag_unusual_discount: '折扣异常',
    flag_new_customer_large_order: '新客户大额订单',
    flag_on_credit_hold: '客户已被信用冻结（催收：逾期款尚未付清）',
    action_warn: '请留意',
    action_level: '增加信用审批级别',
    action_hold: '冻结订单',
    changesSince: '相对 v{version} 的变更',
    change_total: '总额：{from} → {to}',
    change_paymentPlan: '付款计划：{from} → {to}',
    change_terms: '条款：{from} → {to}',
    change_nonStandardTerms: '非标准条款：{from} → {to}',
    change_lineAdded: '新增明细：{line}',
    change_lineRemoved: '删除明细：{line}',
    field_quantity: '数量',
    field_unitPriceMinor: '单价',
    field_discountBp: '折扣',
    field_amountMinor: '金额',
    yes: '是',
    no: '否',
    noChanges: '无变更（原样重新提交）',
    retiredTitle: '订单 {number} v{version}：已失效',
    supersededBody: '**已被 v{version} 取代**（{by} 修改了订单）。新版本将重新审批。',
    supersededContext: '已被 v{version} 取代',
    cancelledBody: '**已由 {by} 取消**{reason}',
    cancelledContext: '订单已取消',
    holdTitle: '订单 {number} 因信用原因被冻结',
    holdBody: '订单未提交审批：{flags}。请先结清逾期欠款或修改订单，再重新提交。',
    historyTitle: '订单 {number} 的历史',
    historyVersion: 'v{version} — {by}，{at}',
    historyCreated: '创建，总额 {total}',
    status_on_hold: '信用冻结',
    replyEdited: '订单 {number} 已更新为第 {version} 版，并重新提交审批：{chain}。',
    replyEditedDraft: '订单 {number} 已修改，仍为草稿（第 {version} 版）。',
    replyCancelled: '订单 {number} 已取消，未完成的审批已撤回。',
    replyAlreadyCancelled: '该订单已取消，未做任何更改。',
    replyReopened: '订单 {number} 已重新打开为第 {version} 版，需要重新审批：{chain}。',
    replyDuplicated: '订单 {number} 已从 {from} 复制为草稿，请单独提交审批。',
    replyOnHold: '订单 {number} 因信用原因被冻结，未提交审批：{flags}。',
    replySubmitted: '订单 {number}（第 {version} 版）已提交审批：{chain}。',
    approvalTitle: '待审批：订单 {number}',
    approvalBody: '**{requester}** 请你在 **{level}** 级审批此订单。',
    customer: '客户',
    total: '总额',
    lines: '明细',
    plan: '付款计划',
    terms: '条款',
    standardTerms: '标准条款',
    level: '审批级别',
    requester: '申请人',
    approver: '审批人',
    standingInFor: '{name}（代 {approver} 审批）',
    approve: '批准',
    reject: '驳回',
    rejectPrompt: '驳回此订单的原因？',
    rejectPlaceholder: '例如：该客户折扣过高',
    approvedBy: '已由 {by} 批准',
    rejectedBy: '已由 {by} 驳回：{reason}',
    decidedTitle: '订单 {number}',
    moreLines: '……另有 {count} 行',
    noticeLevelApproved: '{by} 已在 {level} 级批准订单 {number}。',
    noticeNext: '下一步：{next}。',
    noticeWaitingOthers: '仍在等待 {level} 级的其他审批人。',
    noticeRejectedTitle: '订单 {number} 被驳回',
    noticeRejectedBody: '{by} 在 {level} 级驳回：{reason}',
    noticeApprovedTitle: '订单 {number} 已审批通过',
    noticeApprovedBody: '所有级别均已批准（最后：{by}）。以下为付款分期。',
    noticeApprovedAuto: '审批策略中没有适用于此订单的级别。以下为付款分期。',
    schedule: '付款分期',
    statusTitle: '订单 {number}',
    status: '状态',
    chain: '审批',
    noChain: '尚未提交',
    installments: '付款分期',
    paid: '已付',
    version: '版本',
    replyApproved: '你已在 {level} 级批准订单 {number}。',
    replyApprovedLast: '你已批准订单 {number}，订单已全部审批通过。',
    replyRejected: '你已驳回订单 {number}，已通知申请人。',
    replyAlready: '此审批已{status}，未做任何更改。',
    replyStale:
      '此卡片对应订单 {number} 的第 {cardVersion} 版，订单当前为第 {currentVersion} 版。请使用第 {currentVersion} 版的卡片。',
    replyCreated: '订单 {number}（{total}）已创建并提交审批：{chain}。',
    replyDraft: '订单 {number}（{total}）已保存为草稿。',
    replyCreatedApproved: '订单 {number}（{total}）已创建；没有适用的审批级别，已直接批准。',
    status_draft: '草稿',
    status_pending_approval: '审批中',
    status_approved: '已批准',
    status_rejected: '已驳回',
    status_cancelled: '已取消',
    step_waiting: '等待中',
    step_pending: '待审批',
    step_approved: '已批准',
    step_rejected: '已驳回',
    step_superseded: '无需审批',
  },
};

type T = ReturnType<typeof translator<keyof (typeof texts)['en']>>;

const maxLinesShown = 5;

function linesSummary(order: OrderSummary, locale: Locale, t: T): string {
  const shown = order.lines
    .slice(0, maxLinesShown)
    .map((l) => `${l.description} × ${l.quantity} = ${formatMoney(l.amountMinor, order.currency, locale)}`);
  if (order.lines.length > maxLinesShown)
    shown.push(t('moreLines', { count: order.lines.length - maxLinesShown }));
  return shown.join('\n');
}

// A stand-in is named with the approver they decide for: "Zhao Rep (standing in for Wang Boss)".
export function deciderText(by: Decider, locale: Locale): string {
  if (typeof by === 'string') return by;
  if (!by.standingInFor) return by.name;
  return translator(texts, locale)('standingInFor', { name: by.name, approver: by.standingInFor });
}

function levelLabel(level: LevelInfo): string {
  return `${level.position}/${level.count} ${level.name}`;
}

const partyTexts: Texts<'subtotal' | 'tax' | 'totalWithTax' | 'contact' | 'billing' | 'taxId'> = {
  en: {
    subtotal: 'Subtotal',
    tax: 'Tax',
    totalWithTax: 'Total incl. tax',
    contact: 'Contact',
    billing: 'Bill to',
    taxId: 'tax ID {taxId}',
  },
  'zh-CN': {
    subtotal: '小计',
    tax: '税额',
    totalWithTax: '含税总额',
    contact: '联系人',
    billing: '开票抬头',
    taxId: '税号 {taxId}',
  },
};

// Subtotal and tax appear only when the order carries tax; the contact and billing lines only when known.
function amountAndPartyFields(order: OrderSummary, locale: Locale, t: T): Field[] {
  const p = translator(partyTexts, locale);
  const money = (minor: number) => formatMoney(minor, order.currency, locale);
  const tax = order.taxMinor ?? 0;
  const fields: Field[] =
    tax > 0
      ? [
          { label: p('subtotal'), value: money(order.totalMinor - tax) },
          { label: p('tax'), value: money(tax) },
          { label: p('totalWithTax'), value: money(order.totalMinor) },
        ]
      : [{ label: t('total'), value: money(order.totalMinor) }];
  if (order.contact) {
    const reach = [order.contact.phone, order.contact.email].filter(Boolean).join(', ');
    fields.push({
      label: p('contact'),
      value: reach ? `${order.contact.name} (${reach})` : order.contact.name,
    });
  }
  if (order.billing) {
    const { legalName, taxId } = order.billing;
    fields.push({ label: p('billing'), value: taxId ? `${legalName}, ${p('taxId', { taxId })}` : legalName });
  }
  return fields;
}

function orderFields(order: OrderSummary, locale: Locale, t: T): Field[] {
  return [
    { label: t('customer'), value: order.customer },
    ...amountAndPartyFields(order, locale, t),
    { label: t('lines'), value: linesSummary(order, locale, t) },
    { label: t('plan'), value: order.paymentPlan },
    { label: t('terms'), value: order.terms ?? t('standardTerms') },
  ];
}

function scheduleText(items: InstallmentLine[], currency: string, locale: Locale): string {
  return items
    .map((i) => `- ${i.dueOn} ${i.label}: ${formatMoney(i.amountMinor, currency, locale)}`)
    .join('\n');
}

export function statusText(status: string, locale: Locale): string {
  const t = translator(texts, locale);
  const key = `status_${status}` as const;
  return Object.hasOwn(texts.en, key) ? t(key as keyof (typeof texts)['en']) : status;
}

function stepText(status: string, t: T): string {
  const key = `step_${status}`;
  return Object.hasOwn(texts.en, key) ? t(key as keyof (typeof texts)['en']) : status;
}

function percentText(bp: number): string {
  return `${bp / 100}%`;
}

function lineText(
  l: { description: string; quantity: number; amountMinor: number; discountBp: number },
  currency: string,
  locale: Locale,
): string {
  const discount = l.discountBp > 0 ? ` (-${percentText(l.discountBp)})` : '';
  return `${l.description} × ${l.quantity}${discount} = ${formatMoney(l.amountMinor, currency, locale)}`;
}

function changeLine(c: Change, currency: string, locale: Locale, t: T): string {
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const bool = (b: boolean) => t(b ? 'yes' : 'no');
  switch (c.kind) {
    case 'total':
      return t('change_total', { from: money(c.from), to: money(c.to) });
    case 'paymentPlan':
      return t('change_paymentPlan', { from: c.from, to: c.to });
    case 'terms':
      return t('change_terms', { from: c.from ?? t('standardTerms'), to: c.to ?? t('standardTerms') });
    case 'nonStandardTerms':
      return t('change_nonStandardTerms', { from: bool(c.from), to: bool(c.to) });
    case 'lineAdded':
      return t('change_lineAdded', { line: lineText(c.line, currency, locale) });
    case 'lineRemoved':
      return t('change_lineRemoved', { line: lineText(c.line, currency, locale) });
    case 'lineChanged': {
      const show = (field: string, v: number) =>
        field === 'quantity' ? String(v) : field === 'discountBp' ? percentText(v) : money(v);
      const parts = c.fields.map(
        (f) => `${t(`field_${f.field}`)} ${show(f.field, f.from)} → ${show(f.field, f.to)}`,
      );
      return `${c.description}: ${parts.join('; ')}`;
    }
  }
}

// One readable line per change: "field: old → new", lines added and removed.
export function changesText(changes: readonly Change[], currency: string, locale: Locale): string {
  const t = translator(texts, locale);
  if (changes.length === 0) return t('noChanges');
  return changes.map((c) => `- ${changeLine(c, currency, locale, t)}`).join('\n');
}

function creditFields(credit: CreditView, locale: Locale, t: T): Field[] {
  const money = (minor: number) => formatMoney(minor, credit.currency, locale);
  const share =
    credit.limitMinor !== null && credit.limitMinor > 0
      ? ` (${Math.round((credit.exposureMinor / credit.limitMinor) * 100)}%)`
      : '';
  const line = t('creditLine', {
    exposure: money(credit.exposureMinor),
    limit: credit.limitMinor === null ? t('noLimit') : money(credit.limitMinor),
    share,
    overdue: money(credit.overdueMinor),
    days: credit.maxDaysOverdue > 0 ? `, ${credit.maxDaysOverdue}d` : '',
    grade: credit.grade,
    score: credit.score,
  });
  const parts = t('creditParts', {
    open: money(credit.exposure.openReceivablesMinor),
    approved: money(credit.exposure.approvedNotInvoicedMinor),
    waiting: money(credit.exposure.inApprovalMinor),
  });
  const fields: Field[] = [{ label: t('credit'), value: `${line}\n${parts}` }];
  if (credit.flags.length > 0) fields.push({ label: t('risk'), value: flagsText(credit.flags, t) });
  return fields;
}

function flagsText(flags: CreditView['flags'], t: T): string {
  return flags
    .map((f) => `- ${t('flagLine', { flag: t(`flag_${f.flag}`), action: t(`action_${f.action}`) })}`)
    .join('\n');
}

// The card an approver acts on; both buttons carry the approval id, Reject asks for a reason first.
// `extras` adds what changed since the previous version and the credit gate's facts.
export function approvalCard(
  order: OrderSummary,
  level: LevelInfo,
  approvalId: string,
  locale: Locale,
  extras: ApprovalExtras = {},
): Card {
  const t = translator(texts, locale);
  const risky = (extras.credit?.flags.length ?? 0) > 0;
  return {
    title: t('approvalTitle', { number: order.number }),
    body: t('approvalBody', { requester: order.requester, level: level.name }),
    fields: [
      ...orderFields(order, locale, t),
      { label: t('level'), value: levelLabel(level) },
      { label: t('requester'), value: order.requester },
      ...(extras.standIn ? [{ label: t('approver'), value: deciderText(extras.standIn, locale) }] : []),
      ...(extras.changes
        ? [
            {
              label: t('changesSince', { version: extras.changes.fromVersion }),
              value: changesText(extras.changes.items, order.currency, locale),
            },
          ]
        : []),
      ...(extras.credit ? creditFields(extras.credit, locale, t) : []),
    ],
    actions: [
      { id: 'order.approve', label: t('approve'), style: 'primary', value: approvalId },
      {
        id: 'order.reject',
        label: t('reject'),
        style: 'danger',
        value: approvalId,
        prompt: { label: t('rejectPrompt'), placeholder: t('rejectPlaceholder'), minLength: 1 },
      },
    ],
    tone: order.nonStandardTerms || risky ? 'warning' : 'info',
  };
}

// An approval card of a version that no longer stands: superseded by a newer version, or the order cancelled.
export function approvalRetiredCard(
  order: OrderSummary,
  level: LevelInfo,
  why:
    | { kind: 'superseded'; version: number; by: string }
    | { kind: 'cancelled'; reason: string | null; by: string },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const body =
    why.kind === 'superseded'
      ? t('supersededBody', { version: why.version, by: why.by })
      : t('cancelledBody', { by: why.by, reason: why.reason ? `: ${why.reason}` : '' });
  return {
    title: t('retiredTitle', { number: order.number, version: order.version }),
    body,
    fields: [
      ...orderFields(order, locale, t),
      { label: t('level'), value: levelLabel(level) },
      { label: t('requester'), value: order.requester },
    ],
    actions: [],
    context:
      why.kind === 'superseded' ? t('supersededContext', { version: why.version }) : t('cancelledContext'),
    tone: 'info',
  };
}

// "order mine" and "order waiting": one line per order with where its approval stands.
export function orderListCard(
  kind: 'mine' | 'waiting',
  items: readonly OrderListItem[],
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const line = (o: OrderListItem) =>
    [
      `**${o.number}** v${o.version}`,
      o.customer,
      formatMoney(o.totalMinor, o.currency, locale),
      o.step ? `${statusText(o.status, locale)}: ${o.step}` : statusText(o.status, locale),
      ...(o.requester ? [o.requester] : []),
    ].join(' · ');
  return {
    title: t(kind === 'mine' ? 'mineTitle' : 'waitingTitle', { count: items.length }),
    body:
      items.length === 0
        ? t(kind === 'mine' ? 'mineEmpty' : 'waitingEmpty')
        : items
            .map((o) => (o.steps?.length ? `- ${line(o)}\n  ${stepsLine(o.steps)}` : `- ${line(o)}`))
            .join('\n'),
    fields: [],
    actions: [],
    tone: 'info',
  };
}

// A comment on an order, for its owner and the approvers it waits for.
export function commentCard(order: OrderSummary, author: string, body: string, locale: Locale): Card {
  const t = translator(texts, locale);
  return {
    title: t('commentTitle', { author, number: order.number }),
    body,
    fields: [
      { label: t('customer'), value: order.customer },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
      { label: t('version'), value: String(order.version) },
    ],
    actions: [],
    tone: 'info',
  };
}

// Nudges an approver whose approval waited past the SLA; the decision stays on the original card.
export function approvalReminderCard(
  order: OrderSummary,
  level: LevelInfo,
  hours: number,
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  return {
    title: t('reminderTitle', { number: order.number }),
    body: t('reminderBody', { hours, level: levelLabel(level) }),
    fields: [
      { label: t('customer'), value: order.customer },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
      { label: t('requester'), value: order.requester },
    ],
    actions: [],
    tone: 'warning',
  };
}

// Tells the approver's manager that an approval has waited past twice the SLA.
export function approvalEscalationCard(
  order: OrderSummary,
  level: LevelInfo,
  approver: string,
  hours: number,
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  return {
    title: t('escalationTitle', { number: order.number, approver }),
    body: t('escalationBody', { hours, approver, level: levelLabel(level) }),
    fields: [
      { label: t('customer'), value: order.customer },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
      { label: t('requester'), value: order.requester },
    ],
    actions: [],
    tone: 'danger',
  };
}

// Tells the owner the credit gate held the order, and why.
export function creditHoldNotice(order: OrderSummary, credit: CreditView, locale: Locale): Card {
  const t = translator(texts, locale);
  return {
    title: t('holdTitle', { number: order.number }),
    body: t('holdBody', { flags: holdReasons(credit.flags, locale) }),
    fields: [
      { label: t('customer'), value: order.customer },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
      ...creditFields(credit, locale, t),
    ],
    actions: [],
    tone: 'danger',
  };
}

const heldTexts: Texts<'heldTitle' | 'heldBody' | 'heldContext' | 'noticeTitle' | 'noticeBody' | 'reply'> = {
  en: {
    heldTitle: 'Order {number} v{version}: withdrawn, on credit hold',
    heldBody:
      '**Withdrawn**: after {by} approved level {level}, the credit check held the order: {flags}. Approval starts again once the hold is released.',
    heldContext: 'On credit hold',
    noticeTitle: 'Order {number} went on credit hold during approval',
    noticeBody:
      '{by} approved level {level}, but the credit check now holds the order: {flags}. Its open approvals were withdrawn. Settle the overdue balance or change the order and submit it again, or ask for an override: order override {number} "why".',
    reply:
      'Your approval was recorded, but order {number} went on credit hold instead of advancing: {flags}. Its open approvals were withdrawn and the owner was told.',
  },
  'zh-CN': {
    heldTitle: '订单 {number} v{version}：已撤回，信用冻结',
    heldBody: '**已撤回**：{by} 批准 {level} 级后，信用检查冻结了订单：{flags}。冻结解除后将重新审批。',
    heldContext: '信用冻结',
    noticeTitle: '订单 {number} 在审批中被信用冻结',
    noticeBody:
      '{by} 批准了 {level} 级，但信用检查现在冻结了订单：{flags}。未完成的审批已撤回。请结清逾期欠款或修改订单后重新提交，或申请豁免：订单 豁免 {number} "原因"。',
    reply:
      '你的批准已记录，但订单 {number} 被信用冻结，未进入下一步：{flags}。未完成的审批已撤回，已通知负责人。',
  },
};

// Every open approval card of a version the credit gate held mid-chain (and the card just approved): no buttons,
// why it was withdrawn.
export function approvalHeldCard(
  order: OrderSummary,
  level: LevelInfo,
  held: { by: Decider; level: LevelInfo; credit: CreditView },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const h = translator(heldTexts, locale);
  return {
    title: h('heldTitle', { number: order.number, version: order.version }),
    body: h('heldBody', {
      by: deciderText(held.by, locale),
      level: held.level.name,
      flags: holdReasons(held.credit.flags, locale),
    }),
    fields: [
      ...orderFields(order, locale, t),
      { label: t('level'), value: levelLabel(level) },
      { label: t('requester'), value: order.requester },
      ...creditFields(held.credit, locale, t),
    ],
    actions: [],
    context: h('heldContext'),
    tone: 'danger',
  };
}

// Tells the owner the credit gate held the order after a level approved it, and how to go on.
export function creditHeldMidChainNotice(
  order: OrderSummary,
  held: { by: Decider; level: LevelInfo; credit: CreditView },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const h = translator(heldTexts, locale);
  return {
    title: h('noticeTitle', { number: order.number }),
    body: h('noticeBody', {
      by: deciderText(held.by, locale),
      level: held.level.name,
      number: order.number,
      flags: holdReasons(held.credit.flags, locale),
    }),
    fields: [
      { label: t('customer'), value: order.customer },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
      ...creditFields(held.credit, locale, t),
    ],
    actions: [],
    tone: 'danger',
  };
}

// The private answer to the approving click that put the order on hold.
export function heldReplyText(number: string, flags: string, locale: Locale): string {
  return translator(heldTexts, locale)('reply', { number, flags });
}

// A credit override asked for: what the approver decides on, and how it stands once decided.
export interface OverrideView {
  id: string;
  reason: string;
  requestedBy: string;
  validForDays: number;
  timezone: string;
}

// `by` names a stand-in with the away override approver they decided for.
export type OverrideDecision =
  | { kind: 'approved'; by: Decider; until: Date }
  | { kind: 'rejected'; by: Decider; reason: string };

export type OverrideReply =
  | { kind: 'requested'; number: string; approvers: string[] }
  | { kind: 'pending'; number: string }
  | { kind: 'approved'; number: string; until: Date; timezone: string; status: string }
  | { kind: 'rejected'; number: string }
  | { kind: 'already'; status: string };

const overrideTexts: Texts<
  | 'title'
  | 'body'
  | 'decidedApproved'
  | 'decidedRejected'
  | 'noticeApproved'
  | 'noticeRejected'
  | 'rejectPrompt'
  | 'rejectPlaceholder'
  | 'replyRequested'
  | 'replyPending'
  | 'replyApproved'
  | 'replyRejected'
  | 'replyAlready'
> = {
  en: {
    title: 'Credit override asked: order {number}',
    body: '{by} asks to release order {number}, held by the credit gate ({flags}).\nReason: {reason}\nIf approved, the override is valid for {days} days; after that a new credit check holds the order again.',
    decidedApproved: 'Override approved by {by}, valid until {until}.',
    decidedRejected: 'Override rejected by {by}: {reason}',
    noticeApproved:
      'The credit override for order {number} was approved by {by} (valid until {until}); the order goes on to approval.',
    noticeRejected:
      'The credit override for order {number} was rejected by {by}: {reason}. The order stays on hold.',
    rejectPrompt: 'Why are you refusing this override?',
    rejectPlaceholder: 'e.g. collect the overdue invoice first',
    replyRequested: 'Override for order {number} asked of {approvers}.',
    replyPending: 'An override for order {number} is already waiting for a decision.',
    replyApproved: 'Override approved until {until}; order {number} is now {status}.',
    replyRejected: 'Override for order {number} rejected; the owner has been told.',
    replyAlready: 'This override was already decided ({status}).',
  },
  'zh-CN': {
    title: '信用豁免申请：订单 {number}',
    body: '{by} 申请放行被信用检查暂停的订单 {number}（{flags}）。\n理由：{reason}\n批准后豁免有效 {days} 天；过期后新的信用检查会再次暂停该订单。',
    decidedApproved: '{by} 已批准豁免，有效期至 {until}。',
    decidedRejected: '{by} 已驳回豁免：{reason}',
    noticeApproved: '订单 {number} 的信用豁免已由 {by} 批准（有效期至 {until}）；订单继续进入审批。',
    noticeRejected: '订单 {number} 的信用豁免被 {by} 驳回：{reason}。订单仍处于暂停状态。',
    rejectPrompt: '驳回此豁免的原因？',
    rejectPlaceholder: '例如：请先收回逾期款项',
    replyRequested: '已向 {approvers} 申请订单 {number} 的信用豁免。',
    replyPending: '订单 {number} 已有一个待决定的豁免申请。',
    replyApproved: '豁免已批准，有效期至 {until}；订单 {number} 现为 {status}。',
    replyRejected: '订单 {number} 的豁免已驳回；已通知负责人。',
    replyAlready: '此豁免已被决定（{status}）。',
  },
};

function overrideBody(order: OrderSummary, view: OverrideView, credit: CreditView, locale: Locale): string {
  return translator(overrideTexts, locale)('body', {
    by: view.requestedBy,
    number: order.number,
    flags: holdReasons(credit.flags, locale),
    reason: view.reason,
    days: view.validForDays,
  });
}

function overrideFields(
  order: OrderSummary,
  credit: CreditView,
  locale: Locale,
  standIn: OverrideStandIn | undefined,
): Field[] {
  const t = translator(texts, locale);
  return [
    { label: t('customer'), value: order.customer },
    { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
    ...(standIn ? [{ label: t('approver'), value: deciderText(standIn, locale) }] : []),
    ...creditFields(credit, locale, t),
  ];
}

// The copy of an override card a stand-in holds names them and the away override approver they act for.
export type OverrideStandIn = { name: string; standingInFor: string };

const whenText = (d: Date, timezone: string) => `${localDate(d, timezone)} ${localTime(d, timezone)}`;

// Sent to each override approver: the hold, the reason, and Approve / Reject (a reason is asked for).
export function creditOverrideCard(
  order: OrderSummary,
  view: OverrideView,
  credit: CreditView,
  locale: Locale,
  standIn?: OverrideStandIn,
): Card {
  const t = translator(overrideTexts, locale);
  const o = translator(texts, locale);
  return {
    title: t('title', { number: order.number }),
    body: overrideBody(order, view, credit, locale),
    fields: overrideFields(order, credit, locale, standIn),
    actions: [
      { id: 'order.override.approve', label: o('approve'), style: 'primary', value: view.id },
      {
        id: 'order.override.reject',
        label: o('reject'),
        style: 'danger',
        value: view.id,
        prompt: { label: t('rejectPrompt'), placeholder: t('rejectPlaceholder'), minLength: 1 },
      },
    ],
    tone: 'warning',
  };
}

// Every copy of the override card once decided: no buttons, who decided and until when.
export function creditOverrideDecidedCard(
  order: OrderSummary,
  view: OverrideView,
  credit: CreditView,
  decision: OverrideDecision,
  locale: Locale,
  standIn?: OverrideStandIn,
): Card {
  const t = translator(overrideTexts, locale);
  const by = deciderText(decision.by, locale);
  return {
    title: t('title', { number: order.number }),
    body: overrideBody(order, view, credit, locale),
    fields: overrideFields(order, credit, locale, standIn),
    actions: [],
    context:
      decision.kind === 'approved'
        ? t('decidedApproved', { by, until: whenText(decision.until, view.timezone) })
        : t('decidedRejected', { by, reason: decision.reason }),
    tone: decision.kind === 'approved' ? 'success' : 'danger',
  };
}

// The order's owner is told how their override went.
export function creditOverrideNotice(
  order: OrderSummary,
  decision: OverrideDecision,
  timezone: string,
  locale: Locale,
): Card {
  const t = translator(overrideTexts, locale);
  const by = deciderText(decision.by, locale);
  return {
    title: t('title', { number: order.number }),
    body:
      decision.kind === 'approved'
        ? t('noticeApproved', { number: order.number, by, until: whenText(decision.until, timezone) })
        : t('noticeRejected', { number: order.number, by, reason: decision.reason }),
    fields: [],
    actions: [],
    tone: decision.kind === 'approved' ? 'success' : 'danger',
  };
}

export function overrideReplyText(reply: OverrideReply, locale: Locale): string {
  const t = translator(overrideTexts, locale);
  switch (reply.kind) {
    case 'requested':
      return t('replyRequested', { number: reply.number, approvers: reply.approvers.join(', ') });
    case 'pending':
      return t('replyPending', { number: reply.number });
    case 'approved':
      return t('replyApproved', {
        number: reply.number,
        until: whenText(reply.until, reply.timezone),
        status: statusText(reply.status, locale),
      });
    case 'rejected':
      return t('replyRejected', { number: reply.number });
    case 'already':
      return t('replyAlready', { status: statusText(reply.status, locale) });
  }
}

// The flags that hold an order, named: what the requester must clear before it can go to approval.
export function holdReasons(
  flags: readonly { flag: CreditFlag; action: FlagAction }[],
  locale: Locale,
): string {
  const t = translator(texts, locale);
  return flags
    .filter((f) => f.action === 'hold')
    .map((f) => t(`flag_${f.flag}`))
    .join(', ');
}

export function orderHistoryCard(view: HistoryView, locale: Locale): Card {
  const t = translator(texts, locale);
  const when = (d: Date) => `${localDate(d, view.timezone)} ${localTime(d, view.timezone)}`;
  const fields: Field[] = view.versions.map((v) => {
    const what =
      v.version === 1
        ? t('historyCreated', { total: formatMoney(v.totalMinor, view.currency, locale) })
        : changesText(v.changes, view.currency, locale);
    const decided = v.decisions.map(
      (d) =>
        `- ${d.level}: ${stepText(d.status, t)} — ${d.by}${d.at ? ` ${when(d.at)}` : ''}${d.reason ? `: ${d.reason}` : ''}`,
    );
    return {
      label: t('historyVersion', { version: v.version, by: v.by ?? 'API', at: when(v.at) }),
      value: [what, ...decided].join('\n'),
    };
  });
  if (view.comments.length > 0) {
    fields.push({
      label: t('comments'),
      value: view.comments.map((c) => `- ${c.by ?? 'API'} ${when(c.at)}: ${c.body}`).join('\n'),
    });
  }
  if (view.attachments.length > 0) {
    fields.push({
      label: attachmentTexts[locale].attachments,
      value: attachmentLines(view.attachments, view.timezone),
    });
  }
  return {
    title: t('historyTitle', { number: view.number }),
    fields: [
      { label: t('status'), value: `${statusText(view.status, locale)} (v${view.currentVersion})` },
      ...fields,
    ],
    actions: [],
    tone: 'info',
  };
}

// The same card once decided: no buttons, and who decided, for everybody who sees it.
export function approvalDecidedCard(
  order: OrderSummary,
  level: LevelInfo,
  outcome: Outcome,
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const verdict =
    outcome.kind === 'approved'
      ? t('approvedBy', { by: deciderText(outcome.by, locale) })
      : t('rejectedBy', { by: deciderText(outcome.by, locale), reason: outcome.reason });
  return {
    title: t('decidedTitle', { number: order.number }),
    body: `**${verdict}**`,
    fields: [
      ...orderFields(order, locale, t),
      { label: t('level'), value: levelLabel(level) },
      { label: t('requester'), value: order.requester },
    ],
    actions: [],
    context: verdict,
    tone: outcome.kind === 'approved' ? 'success' : 'danger',
  };
}

// Tells the requester about one approval on the way; `next` is the following level, or null when others of
// the same level (mode all) still have to approve.
export function levelDecisionNotice(
  order: OrderSummary,
  level: LevelInfo,
  by: Decider,
  next: { levelDone: boolean; nextLevel: string | null },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const body = [
    t('noticeLevelApproved', { by: deciderText(by, locale), number: order.number, level: levelLabel(level) }),
    next.levelDone
      ? next.nextLevel
        ? t('noticeNext', { next: next.nextLevel })
        : ''
      : t('noticeWaitingOthers', { level: level.name }),
  ]
    .filter(Boolean)
    .join('\n');
  return {
    title: t('decidedTitle', { number: order.number }),
    body,
    fields: [
      { label: t('customer'), value: order.customer },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
    ],
    actions: [],
    tone: 'info',
  };
}

// `orderId` gives the owner an Edit button to fix what the approver objected to.
export function rejectedNotice(
  order: OrderSummary,
  level: LevelInfo,
  by: Decider,
  reason: string,
  locale: Locale,
  orderId?: string,
): Card {
  const t = translator(texts, locale);
  return {
    title: t('noticeRejectedTitle', { number: order.number }),
    body: t('noticeRejectedBody', { by: deciderText(by, locale), level: levelLabel(level), reason }),
    fields: [
      { label: t('customer'), value: order.customer },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
    ],
    actions: orderId ? [editAction(orderId, translator(editTexts, locale)('edit'))] : [],
    tone: 'danger',
  };
}

// `by` is the last approver, or null when no level applied and the order was approved on submit.
export function approvedNotice(
  order: OrderSummary,
  by: Decider | null,
  schedule: InstallmentLine[],
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  return {
    title: t('noticeApprovedTitle', { number: order.number }),
    body: by === null ? t('noticeApprovedAuto') : t('noticeApprovedBody', { by: deciderText(by, locale) }),
    fields: [
      { label: t('customer'), value: order.customer },
      { label: t('total'), value: formatMoney(order.totalMinor, order.currency, locale) },
      { label: t('plan'), value: order.paymentPlan },
      { label: t('schedule'), value: scheduleText(schedule, order.currency, locale) },
    ],
    actions: [],
    tone: 'success',
  };
}

export function orderStatusCard(view: StatusView, locale: Locale): Card {
  const t = translator(texts, locale);
  const chain =
    view.steps.length === 0
      ? t('noChain')
      : view.steps
          .map(
            (s) =>
              `- ${s.position}/${view.steps.length} ${s.name} (${s.mode}): ${s.approvers
                .map(
                  (a) =>
                    `${deciderText({ name: a.name, standingInFor: a.standingInFor ?? null }, locale)} ${stepText(a.status, t)}${a.decidedAt ? ` ${a.decidedAt}` : ''}${a.reason ? ` — ${a.reason}` : ''}`,
                )
                .join('; ')}`,
          )
          .join('\n');
  const fields: Field[] = [
    { label: t('status'), value: statusText(view.status, locale) },
    { label: t('version'), value: String(view.order.version) },
    ...orderFields(view.order, locale, t),
    { label: t('requester'), value: view.order.requester },
    { label: t('chain'), value: chain },
  ];
  if (view.installments.length > 0) {
    fields.push({
      label: t('installments'),
      value: view.installments
        .map(
          (i) =>
            `- ${i.dueOn} ${i.label}: ${formatMoney(i.amountMinor, view.order.currency, locale)}${i.paidMinor > 0 ? ` (${t('paid')} ${formatMoney(i.paidMinor, view.order.currency, locale)})` : ''}`,
        )
        .join('\n'),
    });
  }
  const tone = view.status === 'approved' ? 'success' : view.status === 'rejected' ? 'danger' : 'info';
  const e = translator(editTexts, locale);
  const actions: Action[] = view.editable ? [editAction(view.editable.orderId, e('edit'))] : [];
  return { title: t('statusTitle', { number: view.order.number }), fields, actions, tone };
}

export type OrderReply =
  | { kind: 'approved'; number: string; level: string; last: boolean }
  | { kind: 'rejected'; number: string }
  | { kind: 'already'; status: string }
  | { kind: 'stale'; number: string; cardVersion: number; currentVersion: number }
  | { kind: 'created'; number: string; totalMinor: number; currency: string; chain: string[] }
  | { kind: 'draft'; number: string; totalMinor: number; currency: string }
  | { kind: 'edited'; number: string; version: number; chain: string[] | null }
  | { kind: 'cancelled'; number: string }
  | { kind: 'alreadyCancelled' }
  | { kind: 'reopened'; number: string; version: number; chain: string[] }
  | { kind: 'duplicated'; number: string; from: string }
  | { kind: 'onHold'; number: string; flags: string }
  | { kind: 'submitted'; number: string; version: number; chain: string[] }
  | { kind: 'commented'; number: string; count: number };

export function orderReplyText(reply: OrderReply, locale: Locale): string {
  const t = translator(texts, locale);
  switch (reply.kind) {
    case 'approved':
      return reply.last
        ? t('replyApprovedLast', { number: reply.number })
        : t('replyApproved', { number: reply.number, level: reply.level });
    case 'rejected':
      return t('replyRejected', { number: reply.number });
    case 'already':
      return t('replyAlready', { status: stepText(reply.status, t) });
    case 'stale':
      return t('replyStale', {
        number: reply.number,
        cardVersion: reply.cardVersion,
        currentVersion: reply.currentVersion,
      });
    case 'created':
      if (reply.chain.length === 0) {
        return t('replyCreatedApproved', {
          number: reply.number,
          total: formatMoney(reply.totalMinor, reply.currency, locale),
        });
      }
      return t('replyCreated', {
        number: reply.number,
        total: formatMoney(reply.totalMinor, reply.currency, locale),
        chain: reply.chain.join(' → '),
      });
    case 'draft':
      return t('replyDraft', {
        number: reply.number,
        total: formatMoney(reply.totalMinor, reply.currency, locale),
      });
    case 'edited':
      return reply.chain === null
        ? t('replyEditedDraft', { number: reply.number, version: reply.version })
        : t('replyEdited', { number: reply.number, version: reply.version, chain: reply.chain.join(' → ') });
    case 'cancelled':
      return t('replyCancelled', { number: reply.number });
    case 'alreadyCancelled':
      return t('replyAlreadyCancelled');
    case 'reopened':
      return t('replyReopened', {
        number: reply.number,
        version: reply.version,
        chain: reply.chain.join(' → '),
      });
    case 'duplicated':
      return t('replyDuplicated', { number: reply.number, from: reply.from });
    case 'onHold':
      return t('replyOnHold', { number: reply.number, flags: reply.flags });
    case 'commented':
      return t('replyCommented', { number: reply.number, count: reply.count });
    case 'submitted':
      return t('replySubmitted', {
        number: reply.number,
        version: reply.version,
        chain: reply.chain.join(' → '),
      });
  }
}

const editTexts: Texts<
  | 'edit'
  | 'editTitle'
  | 'editIntro'
  | 'editSubmit'
  | 'editLines'
  | 'editLinesHint'
  | 'editPlan'
  | 'editTermsKind'
  | 'editStandard'
  | 'editNonStandard'
  | 'editTerms'
  | 'editTermsHint'
  | 'editNote'
  | 'editNoteHint'
  | 'editHowTo'
> = {
  en: {
    edit: 'Edit',
    editTitle: 'Edit {number}',
    editIntro:
      'Order **{number}** for **{customer}**, version {version} ({status}). Saving makes version {next}{again}.',
    editSubmit: 'Save changes',
    editLines: 'Lines',
    editLinesHint:
      'One line each: SKU*quantity@unit price -discount%, e.g. A100*2@99.50 -10%. A line without a product: "Installation"*1@500.',
    editPlan: 'Payment plan',
    editTermsKind: 'Contract terms',
    editStandard: 'Standard terms',
    editNonStandard: 'Non-standard terms',
    editTerms: 'Terms text',
    editTermsHint: 'Only for non-standard terms: what differs from the standard contract.',
    editNote: 'Note',
    editNoteHint: 'Why the change; kept as a comment on the order.',
    editHowTo: 'Change {number} in the form: click Edit.',
  },
  'zh-CN': {
    edit: '修改',
    editTitle: '修改 {number}',
    editIntro:
      '订单 **{number}**，客户 **{customer}**，第 {version} 版（{status}）。保存后生成第 {next} 版{again}。',
    editSubmit: '保存修改',
    editLines: '明细',
    editLinesHint: '每行一条：SKU*数量@单价 -折扣%，例如 A100*2@99.50 -10%。无产品的明细："安装服务"*1@500。',
    editPlan: '付款计划',
    editTermsKind: '合同条款',
    editStandard: '标准条款',
    editNonStandard: '非标准条款',
    editTerms: '条款内容',
    editTermsHint: '仅非标准条款填写：与标准合同不同之处。',
    editNote: '备注',
    editNoteHint: '修改原因；作为订单评论保存。',
    editHowTo: '在表单中修改 {number}：点击「修改」。',
  },
};

const againTexts: Texts<'again'> = {
  en: { again: ' and goes to approval again' },
  'zh-CN': { again: '，并重新送审' },
};

function editAction(orderId: string, label: string): Action {
  return { id: 'order.edit', label, value: orderId };
}

export function orderEditHowTo(number: string, locale: Locale): string {
  return translator(editTexts, locale)('editHowTo', { number });
}

// What the edit form starts from: the current version, its lines written as a person would type them.
export interface OrderEditFormData {
  orderId: string;
  number: string;
  version: number;
  status: string;
  customer: string;
  lines: string[];
  paymentPlan: string;
  plans: readonly string[];
  terms: string | null;
  nonStandardTerms: boolean;
}

// The edit form; the customer is fixed, so it is said in the intro rather than asked.
export function orderEditForm(data: OrderEditFormData, locale: Locale): Form {
  const t = translator(editTexts, locale);
  const inApproval = ['pending_approval', 'approved', 'rejected', 'on_hold'].includes(data.status);
  return {
    id: 'order.edit',
    entityId: data.orderId,
    state: String(data.version),
    title: t('editTitle', { number: data.number }),
    intro: t('editIntro', {
      number: data.number,
      customer: data.customer,
      version: data.version,
      status: statusText(data.status, locale),
      next: data.status === 'draft' ? data.version : data.version + 1,
      again: inApproval ? translator(againTexts, locale)('again') : '',
    }),
    submit: t('editSubmit'),
    fields: [
      {
        name: 'lines',
        label: t('editLines'),
        kind: 'long',
        value: data.lines.join('\n'),
        required: true,
        hint: t('editLinesHint'),
      },
      {
        name: 'plan',
        label: t('editPlan'),
        kind: 'select',
        value: data.paymentPlan,
        options: data.plans.map((p) => ({ value: p, label: p })),
        required: true,
      },
      {
        name: 'termsKind',
        label: t('editTermsKind'),
        kind: 'select',
        value: data.nonStandardTerms ? 'nonstandard' : 'standard',
        options: [
          { value: 'standard', label: t('editStandard') },
          { value: 'nonstandard', label: t('editNonStandard') },
        ],
        required: true,
      },
      {
        name: 'terms',
        label: t('editTerms'),
        kind: 'long',
        ...(data.terms ? { value: data.terms } : {}),
        hint: t('editTermsHint'),
      },
      { name: 'note', label: t('editNote'), kind: 'long', hint: t('editNoteHint') },
    ],
  };
}

const newFormTexts: Texts<'newTitle' | 'newIntroLead' | 'newIntroCustomer' | 'newSubmit'> = {
  en: {
    newTitle: 'New order',
    newIntroLead:
      'New order for **{customer}** from lead {lead}. It is sent for approval when you create it.',
    newIntroCustomer: 'New order for **{customer}**. It is sent for approval when you create it.',
    newSubmit: 'Create and submit',
  },
  'zh-CN': {
    newTitle: '新建订单',
    newIntroLead: '为 **{customer}**（线索 {lead}）新建订单。创建后即提交审批。',
    newIntroCustomer: '为 **{customer}** 新建订单。创建后即提交审批。',
    newSubmit: '创建并提交',
  },
};

// What the new-order form starts from: who it is for (fixed, said in the intro) and the plan to start with.
export interface NewOrderFormData {
  // "lead:<id>" or "customer:<id>": where the order comes from, carried through the form.
  entityId: string;
  customer: string;
  lead: string | null;
  paymentPlan: string;
  plans: readonly string[];
}

// The new-order form: the same inputs as the edit form, lines empty, the customer's plan chosen.
export function orderNewForm(data: NewOrderFormData, locale: Locale): Form {
  const n = translator(newFormTexts, locale);
  const edit = orderEditForm(
    {
      orderId: data.entityId,
      number: '',
      version: 1,
      status: 'draft',
      customer: data.customer,
      lines: [],
      paymentPlan: data.paymentPlan,
      plans: data.plans,
      terms: null,
      nonStandardTerms: false,
    },
    locale,
  );
  return {
    id: 'order.new',
    entityId: data.entityId,
    state: '',
    title: n('newTitle'),
    intro: data.lead
      ? n('newIntroLead', { customer: data.customer, lead: data.lead })
      : n('newIntroCustomer', { customer: data.customer }),
    submit: n('newSubmit'),
    fields: edit.fields
      .filter((f) => f.name !== 'note')
      // Lines start empty rather than with an empty prefill.
      .map(({ value, ...f }) =>
        f.name === 'lines' ? f : { ...f, ...(value === undefined ? {} : { value }) },
      ),
  };
}

const attachmentTexts: Texts<'attachments' | 'attachmentsTitle' | 'attachmentsEmpty'> = {
  en: {
    attachments: 'Attachments',
    attachmentsTitle: 'Attachments of order {number}',
    attachmentsEmpty: 'No files attached yet.',
  },
  'zh-CN': {
    attachments: '附件',
    attachmentsTitle: '订单 {number} 的附件',
    attachmentsEmpty: '还没有附件。',
  },
};

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

function attachmentLines(files: readonly AttachmentView[], timezone: string): string {
  return files
    .map(
      (f) =>
        `- ${f.fileName} (${sizeText(f.sizeBytes)}${f.contentType ? `, ${f.contentType}` : ''}) — ${f.by ?? 'API'} ${localDate(f.at, timezone)} ${localTime(f.at, timezone)}`,
    )
    .join('\n');
}

export function orderAttachmentsCard(
  view: { number: string; attachments: readonly AttachmentView[]; timezone: string },
  locale: Locale,
): Card {
  const t = translator(attachmentTexts, locale);
  return {
    title: t('attachmentsTitle', { number: view.number }),
    fields: [
      {
        label: t('attachments'),
        value:
          view.attachments.length === 0
            ? t('attachmentsEmpty')
            : attachmentLines(view.attachments, view.timezone),
      },
    ],
    actions: [],
    tone: 'info',
  };
}

// Error codes of the orders slice; listed once in catalogue/errors.ts.
export const orderErrors: Record<Locale, Record<string, string>> = {
  en: {
    order_not_found: 'No order {number}. Check the number, e.g. SO-2026-00012.',
    order_lead_not_found: 'No lead "{lead}". Use the lead number or id shown on its card.',
    order_lead_not_yours: 'Lead {lead} is not yours: only its owner can turn it into an order.',
    order_lead_closed: 'Lead {lead} is {status}; it cannot become an order.',
    order_customer_not_found: 'No customer "{customer}". Check the name, or start from the lead instead.',
    order_customer_required: 'Say who the order is for: give a lead, a customerId or a customerName.',
    order_no_lines: 'An order needs at least one line, e.g. sku:A100 qty:2.',
    order_unknown_sku: 'No active product with SKU "{sku}". Check the SKU in the product list.',
    order_line_needs_price: 'Line {line} has no product, so give both a description and a unit price.',
    order_line_currency:
      'Product {sku} is priced in {productCurrency} but orders are in {currency}; give the unit price in {currency}.',
    order_line_quantity: 'Line {line}: the quantity must be a whole number from 1 to 1,000,000,000.',
    order_line_unitPrice: 'Line {line}: the unit price must be 0 or more.',
    order_line_discount: 'Line {line}: the discount must be between 0 and 100 percent, at most 2 decimals.',
    order_line_overflow: 'Line {line}: the amount is too large.',
    order_unknown_plan: 'No payment plan "{plan}". Use one of: {valid}.',
    order_requester_unknown: 'No active roster user {email}; the order owner must be on the roster.',
    order_not_owner: 'Only the owner of order {number} ({owner}) can do this.',
    order_not_draft: 'Order {number} is {status}; only a draft can be submitted.',
    order_level_no_manager:
      'Approval level "{level}" needs the requester\'s manager, but {requester} has no active manager on the roster. Set their manager in the roster, then submit again.',
    order_level_no_role:
      'Approval level "{level}" needs an active user with the role {role}, and there is none (besides the requester). Give someone that role in the roster, or change approvals.levels[{index}] in closeloop.yaml.',
    order_level_no_users:
      'Approval level "{level}" lists {emails}, but none is an active roster user. Fix approvals.levels[{index}].approvers in closeloop.yaml or the roster.',
    order_approval_not_found: 'This approval no longer exists. Refresh the card.',
    order_not_your_approval: 'This approval is assigned to {approver}, not to you.',
    order_stood_in:
      '{standIn} was standing in for you on this approval while you were away, and it stays with them: ask them, or wait for their decision.',
    order_approval_not_open: 'This approval is not open yet: an earlier level must approve first.',
    order_reject_reason: 'Say why you reject the order: the reason cannot be empty.',
    order_status_forbidden: 'Only the owner, an approver, finance or an admin can see order {number}.',
    order_bad_amount: '"{value}" is not an amount; write e.g. 1234.50.',
    order_bad_quantity: '"{value}" is not a quantity; write a whole number above 0, e.g. 3.',
    order_bad_line: '"{value}" is not a line; write SKU*quantity or SKU*quantity@price, e.g. A100*2@99.50.',
    order_paid:
      'Order {number} already has payments against its installments, so it cannot be changed or cancelled; ask finance to reverse them first.',
    order_edit_cancelled:
      'Order {number} is cancelled; reopen it (order reopen {number}) before changing it.',
    order_edit_nothing: 'That changes nothing on order {number}; name a new line, discount, plan or terms.',
    order_form_stale:
      'Order {number} is at version {version} now, not {formVersion} as in this form; open the form again to edit the current version.',
    order_terms_text: 'Non-standard terms need their text; write the terms, or choose standard terms.',
    order_changed_meanwhile:
      'Order {number} was changed by someone else just now; look at it again and retry.',
    order_not_cancelled: 'Order {number} is {status}; only a cancelled order can be reopened.',
    order_bad_discount: '"{value}" is not a discount; write a percent from 0 to 100, e.g. 12.5.',
    order_comment_length:
      'Write the comment text (1 to {max} characters), e.g. order comment SO-2026-00012 "call me".',
    order_attachment_too_large:
      'The file is larger than the limit of {maxMb} MB ({max} bytes); send a smaller file or split it.',
    order_attachment_empty: 'The file is empty; send its bytes as the request body.',
    order_attachment_name:
      'Name the file in the X-File-Name header (1 to {max} characters, no slashes or control characters; percent-encode non-ASCII), e.g. X-File-Name: contract.pdf.',
    order_attachment_not_found:
      'Order {number} has no attachment {id}; list them with order attachments {number}.',
  },
  'zh-CN': {
    order_not_found: '没有订单 {number}。请检查编号，例如 SO-2026-00012。',
    order_lead_not_found: '没有线索「{lead}」。请使用卡片上的线索编号或 id。',
    order_lead_not_yours: '线索 {lead} 不属于你：只有负责人才能将其转为订单。',
    order_lead_closed: '线索 {lead} 状态为 {status}，不能转为订单。',
    order_customer_not_found: '没有客户「{customer}」。请检查名称，或从线索创建订单。',
    order_customer_required: '请指明订单客户：提供线索、customerId 或 customerName。',
    order_no_lines: '订单至少需要一行明细，例如 sku:A100 qty:2。',
    order_unknown_sku: '没有 SKU 为「{sku}」的有效产品。请核对产品列表。',
    order_line_needs_price: '第 {line} 行没有产品，请同时填写描述和单价。',
    order_line_currency:
      '产品 {sku} 以 {productCurrency} 计价，但订单币种为 {currency}；请以 {currency} 填写单价。',
    order_line_quantity: '第 {line} 行：数量必须是 1 到 1,000,000,000 之间的整数。',
    order_line_unitPrice: '第 {line} 行：单价不能为负数。',
    order_line_discount: '第 {line} 行：折扣必须在 0 到 100% 之间，最多两位小数。',
    order_line_overflow: '第 {line} 行：金额过大。',
    order_unknown_plan: '没有付款计划「{plan}」。可用：{valid}。',
    order_requester_unknown: '花名册中没有有效用户 {email}；订单负责人必须在花名册中。',
    order_not_owner: '只有订单 {number} 的负责人（{owner}）可以执行此操作。',
    order_not_draft: '订单 {number} 状态为 {status}，只有草稿可以提交。',
    order_level_no_manager:
      '审批级别「{level}」需要申请人的主管，但 {requester} 在花名册中没有有效主管。请在花名册中设置主管后重新提交。',
    order_level_no_role:
      '审批级别「{level}」需要角色为 {role} 的有效用户（申请人除外），但没有。请在花名册中为某人分配该角色，或修改 closeloop.yaml 的 approvals.levels[{index}]。',
    order_level_no_users:
      '审批级别「{level}」列出的 {emails} 都不是花名册中的有效用户。请修改 closeloop.yaml 的 approvals.levels[{index}].approvers 或花名册。',
    order_approval_not_found: '此审批已不存在，请刷新卡片。',
    order_not_your_approval: '此审批指派给 {approver}，不是你。',
    order_stood_in: '你不在期间由 {standIn} 代你审批此单，审批仍由其负责：请联系其本人，或等待其决定。',
    order_approval_not_open: '此审批尚未开始：需先由前一级批准。',
    order_reject_reason: '请填写驳回原因，不能为空。',
    order_status_forbidden: '只有负责人、审批人、财务或管理员可以查看订单 {number}。',
    order_bad_amount: '「{value}」不是金额，请写作如 1234.50。',
    order_bad_quantity: '「{value}」不是数量，请写大于 0 的整数，例如 3。',
    order_bad_line: '「{value}」不是明细行，请写作 SKU*数量 或 SKU*数量@单价，例如 A100*2@99.50。',
    order_paid: '订单 {number} 的分期已有回款，不能修改或取消；请先让财务冲销回款。',
    order_edit_cancelled: '订单 {number} 已取消；请先重新打开（订单 重开 {number}）再修改。',
    order_edit_nothing: '此修改未改变订单 {number}；请给出新的明细、折扣、付款计划或条款。',
    order_form_stale:
      '订单 {number} 现在是第 {version} 版，而不是此表单的第 {formVersion} 版；请重新打开表单修改当前版本。',
    order_terms_text: '非标准条款需要填写条款内容；请填写条款，或选择标准条款。',
    order_changed_meanwhile: '订单 {number} 刚被他人修改；请重新查看后重试。',
    order_not_cancelled: '订单 {number} 状态为 {status}；只有已取消的订单可以重新打开。',
    order_bad_discount: '「{value}」不是折扣，请写 0 到 100 的百分比，例如 12.5。',
    order_comment_length: '请填写评论内容（1 到 {max} 个字符），例如：订单 评论 SO-2026-00012 "请回电"。',
    order_attachment_too_large: '文件超过上限 {maxMb} MB（{max} 字节）；请发送更小的文件或拆分。',
    order_attachment_empty: '文件为空；请把文件内容作为请求体发送。',
    order_attachment_name:
      '请在 X-File-Name 头中给出文件名（1 到 {max} 个字符，不含斜杠或控制字符；非 ASCII 请百分号编码），例如 X-File-Name: contract.pdf。',
    order_attachment_not_found: '订单 {number} 没有附件 {id}；可用「订单 附件 {number}」查看。',
    order_override_not_held: '订单 {number} 状态为 {status}；豁免只能放行被信用检查暂停的订单。',
    order_override_reason: '请说明订单为何应继续，例如：订单 豁免 {number} "客户今天已付款"。',
    order_override_not_allowed: '只有订单 {number} 的负责人或其经理可以申请豁免。',
    order_override_no_approver:
      '没有人能批准信用豁免（closeloop.yaml 中 credit.overrideApprovers 未指向除您以外的有效用户）。',
    order_override_not_found: '没有该信用豁免；请使用其卡片上的按钮。',
    order_override_not_approver: '您不是此豁免的审批人（{approvers}）。',
    order_override_reject_reason: '请说明驳回豁免的原因；负责人会看到。',
  },
};
