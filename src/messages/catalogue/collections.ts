// Catalogue: dunning reminder cards, the reminder text a rep forwards to a customer, and the `ar` receivables reply.
import type { AgingBucket, CollectionRate, Totals } from '../../domain/collections/aging.ts';
import type { DunningTemplate } from '../../domain/collections/dunning.ts';
import { formatMoney } from '../../domain/money.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Card, Locale, Tone } from '../model.ts';

type Key =
  | 'titleBefore'
  | 'titleToday'
  | 'titleOverdue'
  | 'bodyRep'
  | 'bodyManager'
  | 'bodyFinance'
  | 'bodyDirector'
  | 'gentleSubject'
  | 'gentleIntro'
  | 'firmSubject'
  | 'firmIntro'
  | 'finalSubject'
  | 'finalIntro'
  | 'contextTemplate'
  | 'order'
  | 'customer'
  | 'installment'
  | 'due'
  | 'outstanding'
  | 'rep'
  | 'task'
  | 'forCustomerHeading'
  | 'forCustomerTo'
  | 'customerBefore'
  | 'customerToday'
  | 'customerOverdue'
  | 'customerClosing'
  | 'context'
  | 'arTitle'
  | 'arOverdue'
  | 'arDueSoon'
  | 'arNone'
  | 'arLine'
  | 'arLineOverdue'
  | 'arTotal'
  | 'arUsage'
  | 'titleMany'
  | 'arTeamTitle'
  | 'arCustomerTitle'
  | 'arAging'
  | 'arRate'
  | 'arRateItem'
  | 'arNoCustomer'
  | 'arTeamForbidden'
  | 'arTeamUsage'
  | 'itemLine'
  | 'itemLineOverdue'
  | 'emailed'
  | 'emailSubject'
  | 'emailGreeting'
  | 'emailIntro'
  | 'emailLine'
  | 'emailLineOverdue'
  | 'emailClosing'
  | 'promiseUsage'
  | 'invoiceSuffix'
  | 'emailReviewed'
  | 'reviewTitle'
  | 'reviewBody'
  | 'reviewTo'
  | 'reviewSubject'
  | 'reviewSendsAt'
  | 'reviewSend'
  | 'reviewSkip'
  | 'reviewSkipConfirm'
  | 'reviewCancel'
  | 'reviewSentBy'
  | 'reviewSentAuto'
  | 'reviewSkippedBy'
  | 'reviewSendDone'
  | 'reviewSkipDone'
  | 'reviewAlready'
  | 'reviewForbidden'
  | 'holdTitle'
  | 'holdBody'
  | 'holdRelease'
  | 'holdLiftedTitle'
  | 'holdLiftedBody'
  | 'invoiceUsage'
  | 'invoiceDone'
  | 'invoiceReplaced'
  | 'invoiceUnchanged'
  | 'invoiceForbidden'
  | 'invoiceIssuedTitle'
  | 'invoiceIssuedBody'
  | 'invoiceIssuedReplaced'
  | 'invoiceNumber'
  | 'invoiceDate'
  | 'promiseDone'
  | 'promiseReplaced'
  | 'promiseForbidden'
  | 'promiseUnknownOrder'
  | 'promiseBadDate'
  | 'promisePast'
  | 'promiseBrokenTitle'
  | 'promiseBrokenBody';

const texts: Texts<Key> = {
  en: {
    titleBefore: 'Payment due in {days} days: {order}',
    titleToday: 'Payment due today: {order}',
    titleOverdue: 'Payment {days} days overdue: {order}',
    bodyRep: 'Please follow up with **{customer}** on this payment.',
    bodyManager: '**{customer}** (rep: {rep}) has not paid this installment yet.',
    bodyFinance: 'An installment of **{customer}** (rep: {rep}) is open; watch for it on the bank statement.',
    bodyDirector: '**{customer}** (rep: {rep}) is still behind on this payment; the manager has been told.',
    gentleSubject: 'A friendly payment reminder from {org}',
    gentleIntro: 'Just a friendly reminder about the following payments:',
    firmSubject: 'Overdue payment to {org}',
    firmIntro: 'Our records show the following payments are overdue. Please arrange payment promptly:',
    finalSubject: 'Final notice: overdue payment to {org}',
    finalIntro:
      'Final notice: the following payments are still unpaid after our earlier reminders. Please pay now or contact us today; new orders may be held until they are settled:',
    contextTemplate: 'Dunning step {step} ({template}) · {order}',
    order: 'Order',
    customer: 'Customer',
    installment: 'Installment',
    due: 'Due',
    outstanding: 'Outstanding',
    rep: 'Rep',
    task: 'A follow-up task is open for {rep}.',
    forCustomerHeading:
      '**Reminder for the customer** — copy and send it; the bot cannot reach customers yet:',
    forCustomerTo: 'To: {email}',
    customerBefore:
      'Dear {customer}, this is a friendly reminder that {amount} for order {order} ({label}) is due on {due}.',
    customerToday: 'Dear {customer}, {amount} for order {order} ({label}) is due today, {due}.',
    customerOverdue:
      'Dear {customer}, {amount} for order {order} ({label}) was due on {due} and is now {days} days overdue. Please arrange payment at your earliest convenience.',
    customerClosing: 'If you have already paid, please ignore this note. Questions: {rep}. Thank you!',
    context: 'Dunning step {step} · {order}',
    arTitle: 'My receivables',
    arOverdue: '**Overdue** ({count}, {total})',
    arDueSoon: '**Due in the next 7 days** ({count}, {total})',
    arNone: 'Nothing overdue and nothing due in the next 7 days.',
    arLine: '{order} · {customer} · {label} · due {due} · {amount}',
    arLineOverdue: '{order} · {customer} · {label} · due {due} · {amount} · {days} days overdue',
    arTotal: 'Total',
    arUsage: 'ar — my receivables: overdue and due in the next 7 days',
    titleMany: '{count} payments of {customer} need attention',
    arTeamTitle: "My team's receivables",
    arCustomerTitle: 'Receivables of {customer}',
    arAging: '**Overdue by age** · 0–30 days: {a} · 31–60: {b} · 61–90: {c} · 90+: {d}',
    arRate: '**Collection rate**, last 30 days: {rates}',
    arRateItem: '{percent}% of {due}',
    arNoCustomer: 'No customer of yours matches "{q}".',
    arTeamForbidden: '"ar team" is for managers: it lists the receivables of the people who report to you.',
    arTeamUsage: "ar team — my team's receivables (managers); ar <customer> — one customer's",
    invoiceSuffix: ' · invoice {invoice}',
    emailReviewed:
      'A reminder email to the customer at {email} waits for your review: Send now or Skip on its card.',
    reviewTitle: 'Reminder email to {customer}: send or skip?',
    reviewBody: 'This email goes to the customer at {at} unless you send it now or skip it.',
    reviewTo: 'To',
    reviewSubject: 'Subject',
    reviewSendsAt: 'Goes at',
    reviewSend: 'Send now',
    reviewSkip: 'Skip',
    reviewSkipConfirm: 'Skip this reminder email? The customer will not get it.',
    reviewCancel: 'Keep it',
    reviewSentBy: '📨 Sent on request by {name} at {at}.',
    reviewSentAuto: '📨 Sent at {at}: nobody skipped it.',
    reviewSkippedBy: '⏭️ Skipped by {name} at {at}; the customer does not get it.',
    reviewSendDone: 'The reminder email to {email} goes out now.',
    reviewSkipDone: 'Skipped: the reminder email to {email} will not be sent.',
    reviewAlready: 'That email is no longer waiting ({status}).',
    reviewForbidden: 'Only the rep who reviews it or finance can send or skip this email.',
    holdTitle: 'Credit hold: {customer}',
    holdBody:
      '**{customer}** is on credit hold: the overdue below is still unpaid. New orders for {customer} are held at the credit check until it is paid (or a credit override is approved). Rep: {rep}.',
    holdRelease: 'The hold lifts by itself once these installments are paid or written off.',
    holdLiftedTitle: 'Credit hold lifted: {customer}',
    holdLiftedBody:
      'The overdue installments that put **{customer}** on credit hold are settled ({orders}): new orders pass the credit gate again.',
    invoiceUsage:
      'ar invoice <order no.> <installment #> <invoice no.> [YYYY-MM-DD] — finance: record the invoice issued for an installment',
    invoiceDone: 'Invoice {invoice} ({date}) recorded for {order} installment {position} ({label}).',
    invoiceReplaced:
      'Invoice {invoice} ({date}) recorded for {order} installment {position} ({label}), replacing {previous}.',
    invoiceUnchanged:
      '{order} installment {position} already has invoice {invoice} ({date}); nothing changed.',
    invoiceForbidden: 'Only finance can record invoices.',
    invoiceIssuedTitle: 'Invoice {invoice} issued: {order}',
    invoiceIssuedBody:
      'Finance issued invoice **{invoice}** ({date}) to **{customer}** for {order} installment {position} ({label}). Payments quoting it are matched to this installment.',
    invoiceIssuedReplaced: 'It replaces invoice {previous}.',
    invoiceNumber: 'Invoice',
    invoiceDate: 'Invoice date',
    itemLine: '- {order} · {label} · due {due} · {amount}',
    itemLineOverdue: '- {order} · {label} · due {due} · {amount} · {days} days overdue',
    emailed: 'A reminder email goes to the customer at {email}.',
    emailSubject: 'Payment reminder from {org}',
    emailGreeting: 'Dear {customer},',
    emailIntro: 'This is a reminder about the following payments:',
    emailLine: '- Order {order} ({label}): {amount}, due {due}',
    emailLineOverdue: '- Order {order} ({label}): {amount}, due {due}, {days} days overdue',
    emailClosing:
      'If you have already paid, please ignore this email. For any question, please contact {rep}.\n\nThank you,\n{org}',
    promiseUsage:
      'ar promise <order> <date> — the customer promises to pay the order by the date (YYYY-MM-DD, MM-DD, tomorrow, next Friday, in 3 days)',
    promiseDone: 'Noted: {order} promised for {date}. Reminders for it wait until then.',
    promiseReplaced:
      'Noted: {order} now promised for {date} (the earlier promise for {previous} is replaced).',
    promiseForbidden: "Only the order's rep, their manager or finance can log a promise to pay.",
    promiseUnknownOrder: 'No approved order {order}.',
    promiseBadDate: '"{date}" is not a date: write YYYY-MM-DD, MM-DD, tomorrow, next Friday or in 3 days.',
    promisePast: 'The promised date {date} has already passed; give today or a later day.',
    promiseBrokenTitle: 'Promise broken: {order}',
    promiseBrokenBody: '**{customer}** promised to pay {order} by {date} and has not; reminders resume.',
  },
  'zh-CN': {
    titleBefore: '{days} 天后到期：{order}',
    titleToday: '今天到期：{order}',
    titleOverdue: '已逾期 {days} 天：{order}',
    bodyRep: '请跟进 **{customer}** 的这笔款项。',
    bodyManager: '**{customer}**（销售：{rep}）的这期款项尚未支付。',
    bodyFinance: '**{customer}**（销售：{rep}）有一期款项未结清，请留意银行流水。',
    bodyDirector: '**{customer}**（销售：{rep}）这期款项仍未支付，已通知经理。',
    gentleSubject: '{org} 温馨付款提醒',
    gentleIntro: '您好！温馨提醒以下款项：',
    firmSubject: '{org} 逾期付款通知',
    firmIntro: '根据我们的记录，以下款项已逾期，请尽快安排付款：',
    finalSubject: '{org} 最后付款通知',
    finalIntro:
      '最后通知：经多次提醒，以下款项仍未支付。请立即付款或今天与我们联系；结清前新订单可能被暂停：',
    contextTemplate: '催收步骤 {step}（{template}）· {order}',
    order: '订单',
    customer: '客户',
    installment: '分期',
    due: '到期日',
    outstanding: '未收金额',
    rep: '销售',
    task: '已为 {rep} 创建跟进任务。',
    forCustomerHeading: '**给客户的提醒** —— 请复制后发送给客户（机器人暂时无法直接联系客户）：',
    forCustomerTo: '收件人：{email}',
    customerBefore:
      '尊敬的{customer}：您好！订单 {order}（{label}）的款项 {amount} 将于 {due} 到期，特此提醒。',
    customerToday: '尊敬的{customer}：您好！订单 {order}（{label}）的款项 {amount} 于今天（{due}）到期。',
    customerOverdue:
      '尊敬的{customer}：您好！订单 {order}（{label}）的款项 {amount} 已于 {due} 到期，目前逾期 {days} 天，请尽快安排付款。',
    customerClosing: '如已付款，请忽略本提醒；如有疑问请联系 {rep}。谢谢！',
    context: '催收步骤 {step} · {order}',
    arTitle: '我的应收',
    arOverdue: '**已逾期**（{count} 笔，{total}）',
    arDueSoon: '**7 天内到期**（{count} 笔，{total}）',
    arNone: '没有逾期款项，7 天内也没有到期款项。',
    arLine: '{order} · {customer} · {label} · {due} 到期 · {amount}',
    arLineOverdue: '{order} · {customer} · {label} · {due} 到期 · {amount} · 逾期 {days} 天',
    arTotal: '合计',
    arUsage: '应收 — 我的应收：已逾期和 7 天内到期的款项',
    titleMany: '{customer} 有 {count} 笔款项需要跟进',
    arTeamTitle: '团队应收',
    arCustomerTitle: '{customer} 的应收',
    arAging: '**逾期账龄** · 0–30 天：{a} · 31–60：{b} · 61–90：{c} · 90+：{d}',
    arRate: '**回款率**（近 30 天）：{rates}',
    arRateItem: '{due} 中的 {percent}%',
    arNoCustomer: '没有与「{q}」匹配的你的客户。',
    arTeamForbidden: '「应收 团队」仅供主管使用：列出向你汇报的销售的应收。',
    arTeamUsage: '应收 团队 — 团队应收（主管）；应收 <客户> — 某个客户的应收',
    invoiceSuffix: ' · 发票 {invoice}',
    emailReviewed: '发给客户 {email} 的催款邮件等待你审阅：可在其卡片上「立即发送」或「跳过」。',
    reviewTitle: '给 {customer} 的催款邮件：发送还是跳过？',
    reviewBody: '除非你立即发送或跳过，这封邮件将于 {at} 发给客户。',
    reviewTo: '收件人',
    reviewSubject: '主题',
    reviewSendsAt: '发送时间',
    reviewSend: '立即发送',
    reviewSkip: '跳过',
    reviewSkipConfirm: '确定跳过这封催款邮件？客户将不会收到。',
    reviewCancel: '保留',
    reviewSentBy: '📨 {name} 已于 {at} 要求立即发送。',
    reviewSentAuto: '📨 已于 {at} 发送：无人跳过。',
    reviewSkippedBy: '⏭️ {name} 已于 {at} 跳过，客户不会收到这封邮件。',
    reviewSendDone: '发给 {email} 的催款邮件现在发出。',
    reviewSkipDone: '已跳过：不会向 {email} 发送这封催款邮件。',
    reviewAlready: '该邮件已不在等待中（{status}）。',
    reviewForbidden: '只有负责审阅的销售或财务可以发送或跳过这封邮件。',
    holdTitle: '信用冻结：{customer}',
    holdBody:
      '**{customer}** 已被信用冻结：以下逾期款尚未付清。在付清之前（或信用豁免获批之前），{customer} 的新订单会在信用检查时被暂停。销售：{rep}。',
    holdRelease: '这些分期付清或核销后，冻结自动解除。',
    holdLiftedTitle: '信用冻结已解除：{customer}',
    holdLiftedBody: '导致 **{customer}** 信用冻结的逾期分期已结清（{orders}）：新订单可再次通过信用检查。',
    invoiceUsage: '应收 开票 <订单号> <分期序号> <发票号> [YYYY-MM-DD] — 财务：登记为某一期开具的发票',
    invoiceDone: '已登记 {order} 第 {position} 期（{label}）的发票 {invoice}（{date}）。',
    invoiceReplaced:
      '已登记 {order} 第 {position} 期（{label}）的发票 {invoice}（{date}），替换原发票 {previous}。',
    invoiceUnchanged: '{order} 第 {position} 期已有发票 {invoice}（{date}），未做修改。',
    invoiceForbidden: '只有财务可以登记发票。',
    invoiceIssuedTitle: '已开票 {invoice}：{order}',
    invoiceIssuedBody:
      '财务已向 **{customer}** 开具 {order} 第 {position} 期（{label}）的发票 **{invoice}**（{date}）。注明该发票号的付款将匹配到这一期。',
    invoiceIssuedReplaced: '替换原发票 {previous}。',
    invoiceNumber: '发票',
    invoiceDate: '开票日期',
    itemLine: '- {order} · {label} · {due} 到期 · {amount}',
    itemLineOverdue: '- {order} · {label} · {due} 到期 · {amount} · 逾期 {days} 天',
    emailed: '催款邮件将发送至客户邮箱 {email}。',
    emailSubject: '{org} 付款提醒',
    emailGreeting: '尊敬的{customer}：',
    emailIntro: '您好！以下款项特此提醒：',
    emailLine: '- 订单 {order}（{label}）：{amount}，{due} 到期',
    emailLineOverdue: '- 订单 {order}（{label}）：{amount}，{due} 到期，已逾期 {days} 天',
    emailClosing: '如已付款，请忽略本邮件；如有疑问请联系 {rep}。\n\n谢谢！\n{org}',
    promiseUsage:
      '应收 承诺 <订单> <日期> — 客户承诺在该日期前付清订单（YYYY-MM-DD、MM-DD、明天、下周五、3天后）',
    promiseDone: '已记录：{order} 承诺于 {date} 前付款，在此之前暂停催收提醒。',
    promiseReplaced: '已记录：{order} 改为承诺于 {date} 前付款（原承诺日期 {previous} 作废）。',
    promiseForbidden: '只有订单的销售、其主管或财务可以记录付款承诺。',
    promiseUnknownOrder: '没有已批准的订单 {order}。',
    promiseBadDate: '「{date}」不是日期：请写 YYYY-MM-DD、MM-DD、明天、下周五或 3天后。',
    promisePast: '承诺日期 {date} 已过，请填写今天或以后的日期。',
    promiseBrokenTitle: '付款承诺未兑现：{order}',
    promiseBrokenBody: '**{customer}** 承诺在 {date} 前支付 {order}，但尚未付款；催收提醒恢复。',
  },
};

export type DunningAudienceCard = 'rep' | 'manager' | 'director' | 'finance';

export interface DunningCardData {
  orderNumber: string;
  customerName: string;
  customerEmail: string | null;
  installmentLabel: string;
  dueOn: string;
  outstandingMinor: number;
  currency: string;
  offsetDays: number;
  // The step's customer wording, named on the card so the rep knows what the customer read.
  template?: DunningTemplate;
  // Today minus the due date in days: negative before it. Differs from offsetDays when a step fires late.
  daysPastDue: number;
  repName: string;
  audience: DunningAudienceCard;
  task: boolean;
  // Set when the step notifies the customer: the rep gets the text to forward, in the customer's (org) language.
  customerLocale?: Locale;
  // Set when the reminder went to the customer by email instead: the rep is told where.
  emailedTo?: string;
  // Set instead when that email waits for the rep's review first.
  emailReview?: boolean;
  // The customer's other installments reminded the same day to the same person: one message, not one each.
  others?: DunningItem[];
}

export interface DunningItem {
  orderNumber: string;
  installmentLabel: string;
  // Once finance has issued it: the customer pays against it and may quote it.
  invoiceNo?: string | null;
  dueOn: string;
  outstandingMinor: number;
  currency: string;
  daysPastDue: number;
}

function itemLine(i: DunningItem, locale: Locale): string {
  const t = translator(texts, locale);
  const vars = {
    order: i.orderNumber,
    label: i.installmentLabel,
    due: i.dueOn,
    amount: formatMoney(i.outstandingMinor, i.currency, locale),
    days: i.daysPastDue,
  };
  const invoice = i.invoiceNo ? t('invoiceSuffix', { invoice: i.invoiceNo }) : '';
  return (i.daysPastDue > 0 ? t('itemLineOverdue', vars) : t('itemLine', vars)) + invoice;
}

// The customer's consolidated reminder email for a day, in the customer's language.
export function customerReminderEmail(
  data: {
    org: string;
    customerName: string;
    repName: string;
    items: readonly DunningItem[];
    // The step's wording (gentle, firm, final); none is the plain reminder.
    template?: DunningTemplate;
  },
  locale: Locale,
): { subject: string; text: string } {
  const t = translator(texts, locale);
  const lines = data.items.map((i) => {
    const vars = {
      order: i.orderNumber,
      label: i.installmentLabel,
      due: i.dueOn,
      amount: formatMoney(i.outstandingMinor, i.currency, locale),
      days: i.daysPastDue,
    };
    const invoice = i.invoiceNo ? t('invoiceSuffix', { invoice: i.invoiceNo }) : '';
    return (i.daysPastDue > 0 ? t('emailLineOverdue', vars) : t('emailLine', vars)) + invoice;
  });
  return {
    subject: t(data.template ? `${data.template}Subject` : 'emailSubject', { org: data.org }),
    text: [
      t('emailGreeting', { customer: data.customerName }),
      '',
      t(data.template ? `${data.template}Intro` : 'emailIntro'),
      ...lines,
      '',
      t('emailClosing', { rep: data.repName, org: data.org }),
    ].join('\n'),
  };
}

export type PromiseReplyKey =
  | 'promiseDone'
  | 'promiseReplaced'
  | 'promiseForbidden'
  | 'promiseUnknownOrder'
  | 'promiseBadDate'
  | 'promisePast';

export function promiseReply(
  key: PromiseReplyKey,
  locale: Locale,
  vars: Record<string, string> = {},
): string {
  return translator(texts, locale)(key, vars);
}

export const promiseUsage: Record<Locale, string> = {
  en: texts.en.promiseUsage,
  'zh-CN': texts['zh-CN'].promiseUsage,
};

export function promiseBrokenCard(
  data: { orderNumber: string; customerName: string; promisedOn: string },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const vars = { order: data.orderNumber, customer: data.customerName, date: data.promisedOn };
  return {
    title: t('promiseBrokenTitle', vars),
    body: t('promiseBrokenBody', vars),
    fields: [
      { label: t('order'), value: data.orderNumber },
      { label: t('customer'), value: data.customerName },
    ],
    actions: [],
    tone: 'danger',
  };
}

export function dunningOffsetLabel(offsetDays: number): string {
  return offsetDays > 0 ? `+${offsetDays}d` : `${offsetDays}d`;
}

export function customerReminderText(data: DunningCardData, locale: Locale): string {
  const t = translator(texts, locale);
  const vars = {
    customer: data.customerName,
    amount: formatMoney(data.outstandingMinor, data.currency, locale),
    order: data.orderNumber,
    label: data.installmentLabel,
    due: data.dueOn,
    days: Math.abs(data.daysPastDue),
    rep: data.repName,
  };
  const first =
    data.daysPastDue < 0
      ? t('customerBefore', vars)
      : data.daysPastDue === 0
        ? t('customerToday', vars)
        : t('customerOverdue', vars);
  return `${first} ${t('customerClosing', vars)}`;
}

export function dunningCard(data: DunningCardData, locale: Locale): Card {
  const t = translator(texts, locale);
  const days = Math.abs(data.daysPastDue);
  const vars = { order: data.orderNumber, days, customer: data.customerName, rep: data.repName };
  const title =
    data.daysPastDue < 0
      ? t('titleBefore', vars)
      : data.daysPastDue === 0
        ? t('titleToday', vars)
        : t('titleOverdue', vars);
  const tone: Tone = data.daysPastDue < 0 ? 'info' : data.daysPastDue === 0 ? 'warning' : 'danger';
  const body = [
    data.audience === 'rep'
      ? t('bodyRep', vars)
      : data.audience === 'manager'
        ? t('bodyManager', vars)
        : data.audience === 'director'
          ? t('bodyDirector', vars)
          : t('bodyFinance', vars),
  ];
  if (data.others && data.others.length > 0) {
    body.push('', ...[data, ...data.others].map((i) => itemLine(i, locale)));
  }
  if (data.task) body.push(t('task', vars));
  if (data.emailedTo) body.push(t(data.emailReview ? 'emailReviewed' : 'emailed', { email: data.emailedTo }));
  else if (data.customerLocale) {
    body.push('', t('forCustomerHeading'));
    if (data.customerEmail) body.push(t('forCustomerTo', { email: data.customerEmail }));
    body.push(customerReminderText(data, data.customerLocale));
  }
  const count = 1 + (data.others?.length ?? 0);
  return {
    title: count > 1 ? t('titleMany', { count, customer: data.customerName }) : title,
    body: body.join('\n'),
    fields: [
      { label: t('order'), value: data.orderNumber },
      { label: t('customer'), value: data.customerName },
      { label: t('installment'), value: data.installmentLabel },
      { label: t('due'), value: data.dueOn },
      { label: t('outstanding'), value: formatMoney(data.outstandingMinor, data.currency, locale) },
      { label: t('rep'), value: data.repName },
    ],
    actions: [],
    context: data.template
      ? t('contextTemplate', {
          step: dunningOffsetLabel(data.offsetDays),
          template: data.template,
          order: data.orderNumber,
        })
      : t('context', { step: dunningOffsetLabel(data.offsetDays), order: data.orderNumber }),
    tone,
  };
}

export interface ReceivableItem {
  orderNumber: string;
  customerName: string;
  label: string;
  dueOn: string;
  outstandingMinor: number;
  currency: string;
  // Positive when overdue.
  daysOverdue: number;
  invoiceNo?: string | null;
}

function totalText(items: readonly ReceivableItem[], locale: Locale): string {
  const totals = new Map<string, number>();
  for (const i of items) totals.set(i.currency, (totals.get(i.currency) ?? 0) + i.outstandingMinor);
  return [...totals].map(([currency, minor]) => formatMoney(minor, currency, locale)).join(' + ');
}

export interface ReceivablesExtra {
  // Whose receivables: the actor's own (default), the team's, or one customer's.
  scope?: { kind: 'mine' } | { kind: 'team' } | { kind: 'customer'; name: string };
  aging?: Record<AgingBucket, Totals>;
  rates?: readonly CollectionRate[];
}

function totalsText(totals: Totals, locale: Locale): string {
  const parts = Object.entries(totals).map(([currency, minor]) => formatMoney(minor, currency, locale));
  return parts.length > 0 ? parts.join(' + ') : '0';
}

export function receivablesCard(
  overdue: readonly ReceivableItem[],
  dueSoon: readonly ReceivableItem[],
  locale: Locale,
  extra: ReceivablesExtra = {},
): Card {
  const t = translator(texts, locale);
  const line = (i: ReceivableItem) =>
    `- ${t(i.daysOverdue > 0 ? 'arLineOverdue' : 'arLine', {
      order: i.orderNumber,
      customer: i.customerName,
      label: i.label,
      due: i.dueOn,
      amount: formatMoney(i.outstandingMinor, i.currency, locale),
      days: i.daysOverdue,
    })}${i.invoiceNo ? t('invoiceSuffix', { invoice: i.invoiceNo }) : ''}`;
  const body: string[] = [];
  if (overdue.length > 0) {
    body.push(
      t('arOverdue', { count: overdue.length, total: totalText(overdue, locale) }),
      ...overdue.map(line),
    );
  }
  if (dueSoon.length > 0) {
    if (body.length > 0) body.push('');
    body.push(
      t('arDueSoon', { count: dueSoon.length, total: totalText(dueSoon, locale) }),
      ...dueSoon.map(line),
    );
  }
  if (body.length === 0) body.push(t('arNone'));
  if (extra.aging && overdue.length > 0) {
    const a = extra.aging;
    body.push(
      '',
      t('arAging', {
        a: totalsText(a['0-30'], locale),
        b: totalsText(a['31-60'], locale),
        c: totalsText(a['61-90'], locale),
        d: totalsText(a['90+'], locale),
      }),
    );
  }
  const rates = (extra.rates ?? []).filter((r) => r.percent !== null);
  if (rates.length > 0) {
    body.push(
      '',
      t('arRate', {
        rates: rates
          .map((r) =>
            t('arRateItem', { percent: r.percent ?? 0, due: formatMoney(r.dueMinor, r.currency, locale) }),
          )
          .join(' · '),
      }),
    );
  }
  const scope = extra.scope ?? { kind: 'mine' };
  return {
    title:
      scope.kind === 'team'
        ? t('arTeamTitle')
        : scope.kind === 'customer'
          ? t('arCustomerTitle', { customer: scope.name })
          : t('arTitle'),
    body: body.join('\n'),
    fields: [],
    actions: [],
    tone: overdue.length > 0 ? 'warning' : 'info',
  };
}

export const arUsage: Record<Locale, string> = {
  en: `${texts.en.arUsage}; ${texts.en.arTeamUsage}`,
  'zh-CN': `${texts['zh-CN'].arUsage}；${texts['zh-CN'].arTeamUsage}`,
};

export type ArReplyKey = 'arNoCustomer' | 'arTeamForbidden';

export function arReply(key: ArReplyKey, locale: Locale, vars: Record<string, string> = {}): string {
  return translator(texts, locale)(key, vars);
}

export type InvoiceReplyKey = 'invoiceDone' | 'invoiceReplaced' | 'invoiceUnchanged' | 'invoiceForbidden';

export function invoiceReply(
  key: InvoiceReplyKey,
  locale: Locale,
  vars: Record<string, string | number> = {},
): string {
  return translator(texts, locale)(key, vars);
}

export const invoiceUsage: Record<Locale, string> = {
  en: texts.en.invoiceUsage,
  'zh-CN': texts['zh-CN'].invoiceUsage,
};

// The rep hears when finance (or the ERP) issues an invoice for one of their installments, or corrects one.
export function invoiceIssuedCard(
  data: {
    orderNumber: string;
    customerName: string;
    position: number;
    label: string;
    invoiceNo: string;
    invoiceOn: string;
    previous: string | null;
  },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const vars = {
    invoice: data.invoiceNo,
    date: data.invoiceOn,
    customer: data.customerName,
    order: data.orderNumber,
    position: data.position,
    label: data.label,
    previous: data.previous ?? '',
  };
  return {
    title: t('invoiceIssuedTitle', vars),
    body: [t('invoiceIssuedBody', vars), ...(data.previous ? [t('invoiceIssuedReplaced', vars)] : [])].join(
      '\n',
    ),
    fields: [
      { label: t('order'), value: data.orderNumber },
      { label: t('customer'), value: data.customerName },
      { label: t('invoiceNumber'), value: data.invoiceNo },
      { label: t('invoiceDate'), value: data.invoiceOn },
    ],
    actions: [],
    tone: 'info',
  };
}

// The dunning ladder's credit_hold step: who is on hold, for which overdue, and that it lifts by itself.
export function creditHoldCard(
  data: { customerName: string; repName: string; items: readonly DunningItem[] },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const vars = { customer: data.customerName, rep: data.repName };
  const totals = new Map<string, number>();
  for (const i of data.items) totals.set(i.currency, (totals.get(i.currency) ?? 0) + i.outstandingMinor);
  return {
    title: t('holdTitle', vars),
    body: [t('holdBody', vars), '', ...data.items.map((i) => itemLine(i, locale)), '', t('holdRelease')].join(
      '\n',
    ),
    fields: [
      { label: t('customer'), value: data.customerName },
      {
        label: t('outstanding'),
        value: [...totals].map(([currency, minor]) => formatMoney(minor, currency, locale)).join(' + '),
      },
      { label: t('rep'), value: data.repName },
    ],
    actions: [],
    tone: 'danger',
  };
}

export interface EmailReviewData {
  emailId: string;
  customerName: string;
  to: string;
  subject: string;
  body: string;
  // Org-local "YYYY-MM-DD HH:MM" when it goes by itself.
  sendsAt: string;
  sent?: { by: string | null; at: string };
  skipped?: { by: string; at: string };
}

// The rep's preview of a customer reminder email with Send now / Skip, until it is sent or skipped.
export function emailReviewCard(data: EmailReviewData, locale: Locale): Card {
  const t = translator(texts, locale);
  // The greeting, the installments and the closing: the whole email is short, but a card keeps to its first lines.
  const preview = data.body
    .split('\n')
    .slice(0, 12)
    .map((l) => `> ${l}`);
  const lines = [t('reviewBody', { at: data.sendsAt }), '', ...preview];
  if (data.sent)
    lines.push(
      '',
      data.sent.by
        ? t('reviewSentBy', { name: data.sent.by, at: data.sent.at })
        : t('reviewSentAuto', { at: data.sent.at }),
    );
  if (data.skipped) lines.push('', t('reviewSkippedBy', { name: data.skipped.by, at: data.skipped.at }));
  const open = !data.sent && !data.skipped;
  return {
    title: t('reviewTitle', { customer: data.customerName }),
    body: lines.join('\n'),
    fields: [
      { label: t('reviewTo'), value: data.to },
      { label: t('reviewSubject'), value: data.subject },
      { label: t('reviewSendsAt'), value: data.sendsAt },
    ],
    actions: open
      ? [
          { id: 'email.send', label: t('reviewSend'), style: 'primary', value: data.emailId },
          {
            id: 'email.skip',
            label: t('reviewSkip'),
            style: 'danger',
            value: data.emailId,
            confirm: {
              title: t('reviewSkip'),
              text: t('reviewSkipConfirm'),
              confirm: t('reviewSkip'),
              deny: t('reviewCancel'),
            },
          },
        ]
      : [],
    tone: open ? 'warning' : data.skipped ? 'info' : 'success',
  };
}

export type EmailReviewReplyKey = 'reviewSendDone' | 'reviewSkipDone' | 'reviewAlready' | 'reviewForbidden';

export function emailReviewReply(
  key: EmailReviewReplyKey,
  locale: Locale,
  vars: Record<string, string> = {},
): string {
  return translator(texts, locale)(key, vars);
}

// The credit hold a credit_hold step put on lifted: what was overdue is settled, new orders pass again.
export function creditHoldLiftedCard(
  data: { customerName: string; repName: string; orderNumbers: readonly string[] },
  locale: Locale,
): Card {
  const t = translator(texts, locale);
  const vars = { customer: data.customerName, orders: data.orderNumbers.join(', ') };
  return {
    title: t('holdLiftedTitle', vars),
    body: t('holdLiftedBody', vars),
    fields: [
      { label: t('customer'), value: data.customerName },
      { label: t('rep'), value: data.repName },
    ],
    actions: [],
    tone: 'success',
  };
}
