// Catalogue (collections): dunning reminder cards, the reminder text a rep forwards to a customer and the customer's email.

import type { DunningTemplate } from '../../domain/collections/dunning.ts';
import type { LabelBook } from '../../domain/labels.ts';
import { formatMoney } from '../../domain/money.ts';
import { plainTranslator, type Texts, translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import { type Card, type Locale, personalOf, type Tone } from '../model.ts';
import { type DunningItem, itemLine, stepName, withCollectionsWords } from './collections-words.ts';
import { sentences } from './punctuation.ts';

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
  | 'stepBefore'
  | 'stepBeforeOne'
  | 'stepOnDue'
  | 'stepAfter'
  | 'stepAfterOne'
  | 'task'
  | 'forCustomerHeading'
  | 'forCustomerTo'
  | 'customerBefore'
  | 'customerToday'
  | 'customerOverdue'
  | 'customerClosing'
  | 'context'
  | 'titleMany'
  | 'emailed'
  | 'emailSubject'
  | 'emailGreeting'
  | 'emailIntro'
  | 'emailLine'
  | 'emailLineOverdue'
  | 'emailClosing'
  | 'emailReviewed'
  | DunningTemplate;

const own: Texts<Key> = {
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
    contextTemplate: 'Dunning step: {step} ({template}) · {order}',
    stepBefore: '{days} days before due',
    stepBeforeOne: '1 day before due',
    stepOnDue: 'on the due date',
    stepAfter: '{days} days after due',
    stepAfterOne: '1 day after due',
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
    context: 'Dunning step: {step} · {order}',
    titleMany: '{count} payments of {customer} need attention',
    emailed: 'A reminder email goes to the customer at {email}.',
    emailSubject: 'Payment reminder from {org}',
    emailGreeting: 'Dear {customer},',
    emailIntro: 'This is a reminder about the following payments:',
    emailLine: '- Order {order} ({label}): {amount}, due {due}',
    emailLineOverdue: '- Order {order} ({label}): {amount}, due {due}, {days} days overdue',
    emailClosing:
      'If you have already paid, please ignore this email. For any question, please contact {rep}.\n\nThank you,\n{org}',
    emailReviewed:
      'A reminder email to the customer at {email} waits for your review: Send now or Skip on its card.',
    gentle: 'gentle',
    firm: 'firm',
    final: 'final',
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
    contextTemplate: '催收步骤：{step}（{template}）· {order}',
    stepBefore: '到期前 {days} 天',
    stepBeforeOne: '到期前 1 天',
    stepOnDue: '到期当天',
    stepAfter: '到期后 {days} 天',
    stepAfterOne: '到期后 1 天',
    task: '已为 {rep} 创建跟进任务。',
    forCustomerHeading: '**给客户的提醒** —— 请复制后发送给客户（机器人暂时无法直接联系客户）：',
    forCustomerTo: '收件人：{email}',
    customerBefore:
      '尊敬的{customer}：您好！订单 {order}（{label}）的款项 {amount} 将于 {due} 到期，特此提醒。',
    customerToday: '尊敬的{customer}：您好！订单 {order}（{label}）的款项 {amount} 于今天（{due}）到期。',
    customerOverdue:
      '尊敬的{customer}：您好！订单 {order}（{label}）的款项 {amount} 已于 {due} 到期，目前逾期 {days} 天，请尽快安排付款。',
    customerClosing: '如已付款，请忽略本提醒；如有疑问请联系 {rep}。谢谢！',
    context: '催收步骤：{step} · {order}',
    titleMany: '{customer} 有 {count} 笔款项需要跟进',
    emailed: '催款邮件将发送至客户邮箱 {email}。',
    emailSubject: '{org} 付款提醒',
    emailGreeting: '尊敬的{customer}：',
    emailIntro: '您好！以下款项特此提醒：',
    emailLine: '- 订单 {order}（{label}）：{amount}，{due} 到期',
    emailLineOverdue: '- 订单 {order}（{label}）：{amount}，{due} 到期，已逾期 {days} 天',
    emailClosing: '如已付款，请忽略本邮件；如有疑问请联系 {rep}。\n\n谢谢！\n{org}',
    emailReviewed: '发给客户 {email} 的催款邮件等待你审阅：可在其卡片上「立即发送」或「跳过」。',
    gentle: '温和提醒',
    firm: '正式催款',
    final: '最后通知',
  },
};

const texts = withCollectionsWords(own);

export type DunningAudienceCard = 'rep' | 'manager' | 'director' | 'finance';

export interface DunningCardData {
  orderNumber: string;
  customerName: string;
  customerEmail: string | null;
  installmentLabel: string;
  // closeloop.yaml labels the installment's step is shown by.
  labels?: LabelBook;
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
  // An e-mail is plain text: the customer's and the rep's names go in exactly as written.
  const t = plainTranslator(texts, locale);
  const lines = data.items.map((i) => {
    const vars = {
      order: i.orderNumber,
      label: stepName(i, locale),
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

// A step as a rep reads it ("3 days before due"), not closeloop.yaml's offset syntax (-3d).
export function dunningOffsetLabel(offsetDays: number, locale: Locale): string {
  const t = translator(texts, locale);
  const days = Math.abs(offsetDays);
  if (offsetDays === 0) return t('stepOnDue');
  if (offsetDays < 0) return days === 1 ? t('stepBeforeOne') : t('stepBefore', { days });
  return days === 1 ? t('stepAfterOne') : t('stepAfter', { days });
}

export function customerReminderText(data: DunningCardData, locale: Locale): string {
  const t = translator(texts, locale);
  const vars = {
    customer: data.customerName,
    amount: formatMoney(data.outstandingMinor, data.currency, locale),
    order: data.orderNumber,
    label: stepName(data, locale),
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
  return sentences([first, t('customerClosing', vars)], locale);
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
      { label: t('customer'), value: literal(data.customerName) },
      { label: t('installment'), value: stepName(data, locale) },
      { label: t('due'), value: data.dueOn },
      { label: t('outstanding'), value: formatMoney(data.outstandingMinor, data.currency, locale) },
      { label: t('rep'), value: literal(data.repName) },
    ],
    ...personalOf(data.emailedTo, data.customerEmail),
    actions: [],
    context: data.template
      ? t('contextTemplate', {
          step: dunningOffsetLabel(data.offsetDays, locale),
          template: t(data.template),
          order: data.orderNumber,
        })
      : t('context', { step: dunningOffsetLabel(data.offsetDays, locale), order: data.orderNumber }),
    tone,
  };
}
