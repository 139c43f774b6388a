// Catalogue (customers): the customer card, the find list, the credit-change card to the owner, the texts of the
// new/edit form (customer-form.ts) and the replies, in zh-CN and en.

import type { LabelBook, LabelKind } from '../../domain/labels.ts';
import { formatMoney } from '../../domain/money.ts';
import { type Texts, translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import { type Action, type Card, type Locale, personalOf } from '../model.ts';
import { fieldName } from './field-names.ts';
import { nameText } from './names.ts';
import { recordText, type TimelineEntry, timelineText } from './records.ts';

export type CustomerTextKey = Key;

type Key =
  | 'title'
  | 'merged_into'
  | 'f_legal'
  | 'f_aliases'
  | 'f_owner'
  | 'f_region'
  | 'f_tier'
  | 'f_price_list'
  | 'f_currency'
  | 'f_limit'
  | 'f_terms'
  | 'f_plan'
  | 'f_tax'
  | 'f_billing'
  | 'f_invoice_email'
  | 'f_external'
  | 'f_contacts'
  | 'f_open_orders'
  | 'no_limit'
  | 'none'
  | 'primary'
  | 'a_edit'
  | 'a_order'
  | 'find_title'
  | 'find_none'
  | 'find_more'
  | 'credit_title'
  | 'credit_body'
  | 'reply_created'
  | 'reply_edited'
  | 'reply_unchanged'
  | 'form_new'
  | 'form_edit'
  | 'form_intro'
  | 'form_submit'
  | 'form_name'
  | 'form_limit_hint'
  | 'form_email';

const texts: Texts<Key> = {
  en: {
    title: 'Customer: {name}',
    merged_into: 'Merged into {into}',
    f_legal: 'Legal name',
    f_aliases: 'Also known as',
    f_owner: 'Owner',
    f_region: 'Region',
    f_tier: 'Tier',
    f_price_list: 'Price list',
    f_currency: 'Currency',
    f_limit: 'Credit limit',
    f_terms: 'Payment terms',
    f_plan: 'Default payment plan',
    f_tax: 'Tax ID',
    f_billing: 'Billing address',
    f_invoice_email: 'Invoice email',
    f_external: 'External ids',
    f_contacts: 'Contacts',
    f_open_orders: 'Open orders',
    no_limit: 'no limit',
    none: '—',
    primary: 'primary',
    a_edit: 'Edit',
    a_order: 'New order',
    find_title: 'Customers matching "{text}"',
    find_none:
      'No customer matches "{text}". Try part of the name, a tax ID, a contact or the owner; or create one: customer new',
    find_more: 'Showing {shown} of {total}; narrow the search to see the rest.',
    credit_title: 'Credit terms changed: {name}',
    credit_body: '{by} changed the credit terms of {name}: {changes}. New orders are checked against them.',
    reply_created: 'Customer {name} created. See it: customer show {name}',
    reply_edited: 'Customer {name} updated: {fields}.',
    reply_unchanged: 'Customer {name} already has these details; nothing changed.',
    form_new: 'New customer',
    form_edit: 'Edit customer {name}',
    form_intro: 'A name is enough to start. A credit limit or tier needs finance.',
    form_submit: 'Save',
    form_name: 'Name',
    form_limit_hint: 'In major units, e.g. 500000; empty for no limit',
    form_email: 'Email',
  },
  'zh-CN': {
    title: '客户：{name}',
    merged_into: '已合并到 {into}',
    f_legal: '法定名称',
    f_aliases: '别名',
    f_owner: '负责人',
    f_region: '地区',
    f_tier: '客户等级',
    f_price_list: '价目表',
    f_currency: '币种',
    f_limit: '信用额度',
    f_terms: '付款条件',
    f_plan: '默认付款计划',
    f_tax: '税号',
    f_billing: '开票地址',
    f_invoice_email: '发票邮箱',
    f_external: '外部编号',
    f_contacts: '联系人',
    f_open_orders: '未结订单',
    no_limit: '无额度',
    none: '—',
    primary: '主联系人',
    a_edit: '编辑',
    a_order: '新建订单',
    find_title: '匹配「{text}」的客户',
    find_none: '没有客户匹配「{text}」。可输入部分名称、税号、联系人或负责人；或新建：客户 新建',
    find_more: '显示 {total} 个中的 {shown} 个；请缩小搜索范围查看其余。',
    credit_title: '信用条件已变更：{name}',
    credit_body: '{by} 变更了 {name} 的信用条件：{changes}。新订单将按新条件检查。',
    reply_created: '已创建客户 {name}。查看：客户 查看 {name}',
    reply_edited: '已更新客户 {name}：{fields}。',
    reply_unchanged: '客户 {name} 已是这些信息，未做更改。',
    form_new: '新建客户',
    form_edit: '编辑客户 {name}',
    form_intro: '填写名称即可开始。信用额度和客户等级需财务设置。',
    form_submit: '保存',
    form_name: '名称',
    form_limit_hint: '以元为单位，如 500000；留空表示无额度',
    form_email: '邮箱',
  },
};

export function customerTexts(locale: Locale) {
  return translator(texts, locale);
}

export interface CustomerCardData {
  id: string;
  name: string;
  legalName: string | null;
  aliases: readonly string[];
  owner: string | null;
  region: string | null;
  tier: string | null;
  priceList: string | null;
  currency: string;
  creditLimitMinor: number | null;
  paymentTerms: string | null;
  defaultPaymentPlan: string | null;
  // Null when the asker may not see it (customer.billing).
  taxId: string | null;
  billingAddress: string | null;
  invoiceEmail: string | null;
  externalIds: Readonly<Record<string, string>>;
  mergedInto: string | null;
  contacts: readonly {
    name: string;
    role: string | null;
    phone: string | null;
    email: string | null;
    isPrimary: boolean;
  }[];
  openOrders: readonly { number: string; status: string; totalMinor: number; currency: string }[];
  // The latest events (the rest counted in `earlier`), in the org's time zone.
  timeline?: readonly TimelineEntry[];
  earlier?: number;
  timezone?: string;
  mayEdit: boolean;
  mayOrder: boolean;
  // closeloop.yaml labels: tier, price list and payment plan are shown as the reader's language has them.
  labels?: LabelBook;
}

export function limitText(minor: number | null, currency: string, locale: Locale): string {
  return minor === null ? customerTexts(locale)('no_limit') : formatMoney(minor, currency, locale);
}

export function customerCard(d: CustomerCardData, locale: Locale): Card {
  const t = customerTexts(locale);
  const or = (v: string | null) => (v?.trim() ? literal(v) : t('none'));
  const named = (kind: LabelKind, v: string | null) =>
    v?.trim() ? nameText(kind, v, locale, d.labels) : t('none');
  const contacts = d.contacts
    .map(
      (c) =>
        `- ${literal(c.name)}${c.role ? ` (${literal(c.role)})` : ''}${[c.phone, c.email]
          .filter(Boolean)
          .map((v) => ` · ${v}`)
          .join('')}${c.isPrimary ? ` · ${t('primary')}` : ''}`,
    )
    .join('\n');
  const orders = d.openOrders
    .map((o) => `- ${o.number} · ${o.status} · ${formatMoney(o.totalMinor, o.currency, locale)}`)
    .join('\n');
  const actions: Action[] = [];
  if (d.mayEdit && !d.mergedInto) actions.push({ id: 'customer.edit', label: t('a_edit'), value: d.id });
  if (d.mayOrder && !d.mergedInto)
    actions.push({ id: 'order.new', label: t('a_order'), style: 'primary', value: d.name });
  const external = Object.entries(d.externalIds)
    .map(([k, v]) => `${k}:${v}`)
    .join(', ');
  return {
    title: t('title', { name: d.name }),
    ...(contacts || orders
      ? {
          body: [
            contacts ? `**${t('f_contacts')}**\n${contacts}` : '',
            orders ? `**${t('f_open_orders')}**\n${orders}` : '',
          ]
            .filter(Boolean)
            .join('\n\n'),
        }
      : {}),
    fields: [
      ...(d.mergedInto
        ? [{ label: t('merged_into', { into: d.mergedInto }), value: literal(d.mergedInto) }]
        : []),
      { label: t('f_legal'), value: or(d.legalName) },
      ...(d.aliases.length > 0 ? [{ label: t('f_aliases'), value: literal(d.aliases.join(', ')) }] : []),
      { label: t('f_owner'), value: or(d.owner) },
      { label: t('f_region'), value: named('regions', d.region) },
      { label: t('f_tier'), value: named('tiers', d.tier) },
      { label: t('f_price_list'), value: named('priceLists', d.priceList) },
      { label: t('f_limit'), value: limitText(d.creditLimitMinor, d.currency, locale) },
      { label: t('f_terms'), value: or(d.paymentTerms) },
      { label: t('f_plan'), value: named('paymentPlans', d.defaultPaymentPlan) },
      ...(d.taxId !== null ? [{ label: t('f_tax'), value: literal(d.taxId) }] : []),
      ...(d.billingAddress !== null ? [{ label: t('f_billing'), value: literal(d.billingAddress) }] : []),
      ...(external ? [{ label: t('f_external'), value: literal(external) }] : []),
      ...(d.timeline && d.timezone
        ? [
            {
              label: recordText(locale)('timeline'),
              value: timelineText(d.timeline, d.earlier ?? 0, d.timezone, locale, d.labels),
            },
          ]
        : []),
    ],
    ...personalOf(d.taxId, d.invoiceEmail, ...d.contacts.flatMap((c) => [c.phone, c.email])),
    actions,
    context: d.id,
    tone: d.mergedInto ? 'warning' : 'info',
  };
}

export interface CustomerListItem {
  name: string;
  owner: string | null;
  region: string | null;
  creditLimitMinor: number | null;
  currency: string;
}

export function customerListCard(
  text: string,
  items: readonly CustomerListItem[],
  total: number,
  locale: Locale,
  book?: LabelBook,
): Card {
  const t = customerTexts(locale);
  return {
    title: t('find_title', { text }),
    body: items
      .map(
        (c) =>
          `- **${literal(c.name)}** · ${typeof c.owner === 'string' ? literal(c.owner) : t('none')} · ${c.region ? nameText('regions', c.region, locale, book) : t('none')} · ${limitText(c.creditLimitMinor, c.currency, locale)}`,
      )
      .join('\n'),
    fields: [],
    actions: items.slice(0, 5).map((c) => ({ id: 'customer.show', label: c.name, value: c.name })),
    ...(total > items.length ? { context: t('find_more', { shown: items.length, total }) } : {}),
    tone: 'info',
  };
}

// The answer to an edit: what was saved, each field named in the reader's language ("信用额度", not "creditLimit").
export function customerEditedReply(
  name: string,
  changed: readonly string[],
  locale: Locale,
): { text: string; tone: 'info' | 'success' } {
  const t = customerTexts(locale);
  if (changed.length === 0) return { text: t('reply_unchanged', { name }), tone: 'info' };
  const fields = [...new Set(changed.map((f) => fieldName(f, locale)))].join(locale === 'en' ? ', ' : '、');
  return { text: t('reply_edited', { name, fields }), tone: 'success' };
}

export interface CreditChange {
  name: string;
  by: string;
  currency: string;
  limit?: { before: number | null; after: number | null };
  tier?: { before: string | null; after: string | null };
  // closeloop.yaml labels: the tiers read as the reader's language names them.
  labels?: LabelBook;
}

export function creditChangedCard(d: CreditChange, locale: Locale): Card {
  const t = customerTexts(locale);
  const parts: string[] = [];
  const fields = [];
  if (d.limit) {
    const before = limitText(d.limit.before, d.currency, locale);
    const after = limitText(d.limit.after, d.currency, locale);
    parts.push(`${t('f_limit')} ${before} → ${after}`);
    fields.push({ label: t('f_limit'), value: `${before} → ${after}` });
  }
  if (d.tier) {
    const named = (v: string | null) => (v === null ? t('none') : nameText('tiers', v, locale, d.labels));
    const tier = `${named(d.tier.before)} → ${named(d.tier.after)}`;
    parts.push(`${t('f_tier')} ${tier}`);
    fields.push({ label: t('f_tier'), value: tier });
  }
  return {
    title: t('credit_title', { name: d.name }),
    body: t('credit_body', { by: d.by, name: d.name, changes: parts.join(locale === 'en' ? '; ' : '；') }),
    fields,
    actions: [{ id: 'customer.show', label: d.name, value: d.name }],
    tone: 'warning',
  };
}

export const customerErrors: Record<Locale, Record<string, string>> = {
  en: {
    customer_not_found: 'No customer "{customer}". Find it with: customer find <part of the name>',
    customer_exists:
      'A customer named like "{name}" exists already ({existing}); edit it instead: customer edit {existing}',
    customer_external_taken: '{system}:{id} already belongs to customer {existing}.',
    customer_name_missing: 'name: give the customer a name, e.g. ACME Trading Co.',
    customer_name_reserved: 'name: "{name}" is a reserved word; write the customer\'s real name.',
    customer_too_long: '{field}: at most {max} characters.',
    customer_currency: 'currency: "{currency}" is not a three-letter currency code such as CNY or USD.',
    customer_unknown_name: '{field}: no "{value}" in closeloop.yaml; use one of: {valid}.',
    customer_unknown_key: '{key}: not a customer field; write one of: {valid}.',
    customer_amount:
      '{field}: "{value}" is not an amount in {currency}; write major units with at most {decimals} decimals, between 0 and {max}, e.g. 500000.',
    customer_aliases: 'aliases: at most {max} names of at most 200 characters each.',
    customer_external_system:
      'externalIds.{system}: name the system in lower case letters, digits, - or _ (e.g. erp).',
    customer_external_id: 'externalIds.{system}: give the id as 1–128 characters.',
    customer_email: '{field}: "{value}" is not an email address.',
    customer_locale: 'locale: "{locale}" is not a language we write in; use zh-CN or en.',
    customer_owner_unknown: 'owner: no active roster user with the email "{email}".',
    customer_read_forbidden: 'You may not see customer {name}.',
    customer_create_forbidden: 'You may not create customers. Ask your manager or an admin.',
    customer_edit_forbidden: 'Only the owner of {name}, their managers or an admin may edit it.',
    customer_credit_forbidden:
      'Changing the credit limit or tier of {name} is for finance. Ask finance; the rest of your change was not saved either.',
    customer_merge_forbidden: 'Only a manager of both owners or an admin may merge customers.',
    customer_merge_same: 'into: {name} is the customer being merged; name another one.',
    customer_merge_merged: '{name} was merged into {into} already.',
    customer_merge_currency:
      'into: {loser} is billed in {loserCurrency} and {winner} in {winnerCurrency}; merge customers of one currency.',
    customer_contact_not_found: 'No contact "{contact}" for this customer.',
    customer_contact_name: 'name: give the contact a name.',
    customer_contact_forbidden:
      'Only the owner of {name}, their managers or an admin may change its contacts.',
    customer_search_short: 'text: write at least one letter or digit to search for.',
  },
  'zh-CN': {
    customer_not_found: '没有客户「{customer}」。查找：客户 查找 <部分名称>',
    customer_exists: '已有名称相近的客户「{name}」（{existing}）；请改为编辑：客户 编辑 {existing}',
    customer_external_taken: '{system}:{id} 已属于客户 {existing}。',
    customer_name_missing: '名称：请填写客户名称，如 上海星辰贸易有限公司。',
    customer_name_reserved: '名称：「{name}」是保留字；请填写客户的真实名称。',
    customer_too_long: '{field}：最多 {max} 个字符。',
    customer_currency: '币种：「{currency}」不是三位币种代码，如 CNY 或 USD。',
    customer_unknown_name: '{field}：closeloop.yaml 中没有「{value}」；可选：{valid}。',
    customer_unknown_key: '{key}：不是客户字段；可写：{valid}。',
    customer_amount:
      '{field}：「{value}」不是有效的 {currency} 金额；请以元为单位，最多 {decimals} 位小数，介于 0 和 {max} 之间，如 500000。',
    customer_aliases: '别名：最多 {max} 个别名，每个不超过 200 个字符。',
    customer_external_system: '外部编号 {system}：系统名请用小写字母、数字、- 或 _（如 erp）。',
    customer_external_id: '外部编号 {system}：编号为 1–128 个字符。',
    customer_email: '{field}：「{value}」不是邮箱地址。',
    customer_locale: '语言：「{locale}」不是支持的语言；请用 zh-CN 或 en。',
    customer_owner_unknown: '负责人：花名册中没有邮箱为「{email}」的在职用户。',
    customer_read_forbidden: '你无权查看客户 {name}。',
    customer_create_forbidden: '你无权新建客户。请联系主管或管理员。',
    customer_edit_forbidden: '只有 {name} 的负责人、其上级或管理员可以编辑。',
    customer_credit_forbidden:
      '修改 {name} 的信用额度或客户等级需由财务操作。请联系财务；本次其他修改也未保存。',
    customer_merge_forbidden: '只有两个负责人的共同上级或管理员可以合并客户。',
    customer_merge_same: '合并到：{name} 就是被合并的客户；请填写另一个客户。',
    customer_merge_merged: '{name} 已合并到 {into}。',
    customer_merge_currency:
      '合并到：{loser} 以 {loserCurrency} 结算，{winner} 以 {winnerCurrency} 结算；只能合并同币种客户。',
    customer_contact_not_found: '该客户没有联系人「{contact}」。',
    customer_contact_name: '联系人姓名：请填写联系人姓名。',
    customer_contact_forbidden: '只有 {name} 的负责人、其上级或管理员可以修改联系人。',
    customer_search_short: '查找内容：请至少输入一个字母或数字。',
  },
};
