// Owns the customer and product chat commands — "customer show|find", "product find" (客户 查看|查找, 产品 查找) —
// and the "customer.show" button of lists and cards; the same on the console, Slack and Lark.
import { invalid } from '../../domain/errors.ts';
import { customerFormInputs } from '../../messages/catalogue/customer-form.ts';
import { customerUsages } from '../../messages/catalogue/customer-usages.ts';
import {
  customerCard,
  customerEditedReply,
  customerListCard,
  customerTexts,
} from '../../messages/catalogue/customers.ts';
import { productListCard, productTexts } from '../../messages/catalogue/products.ts';
import type { Card, Locale, PrivateReply } from '../../messages/model.ts';
import { missingArgument } from '../commands/missing-argument.ts';
import type { ActionHandler, ParsedArgs, TextCommand, UserActor } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { findProducts } from '../products/find-products.ts';
import { createCustomer } from './create-customer.ts';
import { editCustomer } from './edit-customer.ts';
import { findCustomers } from './find-customers.ts';
import { fieldsFromArgs } from './forms.ts';
import { getCustomer } from './get-customer.ts';

// Everything after the command words is the name or search text ("customer show 上海 星辰" keeps its space).
function textOf(args: ParsedArgs, command: TextCommand, locale: Locale): string {
  const text = [...args.positional, ...Object.values(args.named)].join(' ').trim();
  if (text === '') throw missingArgument(command, locale, 'text');
  return text;
}

export async function showCustomer(deps: AppDeps, actor: UserActor, ref: string): Promise<PrivateReply> {
  const locale = localeOf(deps, actor);
  const v = await getCustomer(deps, actor, ref);
  const c = v.customer;
  const card = customerCard(
    {
      id: c.id,
      name: c.name,
      legalName: c.legalName,
      aliases: c.aliases,
      owner: v.owner?.name ?? null,
      region: c.region,
      tier: c.tier,
      priceList: c.priceList,
      currency: c.currency,
      creditLimitMinor: c.creditLimitMinor,
      paymentTerms: c.paymentTerms,
      defaultPaymentPlan: c.defaultPaymentPlan,
      taxId: v.mayBilling ? (c.taxId ?? '') : null,
      billingAddress: v.mayBilling ? (c.billingAddress ?? '') : null,
      invoiceEmail: c.invoiceEmail,
      externalIds: c.externalIds,
      mergedInto: v.mergedInto,
      contacts: v.contacts,
      openOrders: v.openOrders,
      timeline: v.timeline,
      earlier: v.earlier,
      timezone: deps.policy.org.timezone,
      mayEdit: v.mayEdit || v.mayCredit,
      mayOrder: v.mayOrder,
      labels: deps.policy.labels.book,
    },
    locale,
  );
  return { text: card.title, tone: 'info', card };
}

const customerShow: TextCommand = {
  words: ['customer show', '客户 查看', '客户 详情'],
  needs: 'customer.read',
  usage: customerUsages.show,
  async run(deps, actor, args) {
    return showCustomer(deps, actor, textOf(args, this, localeOf(deps, actor)));
  },
};

const customerFind: TextCommand = {
  words: ['customer find', '客户 查找', '客户 搜索'],
  needs: 'customer.read',
  usage: customerUsages.find,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const text = textOf(args, this, locale);
    const found = await findCustomers(deps, actor, { text, limit: 10 });
    if (found.items.length === 0) return { text: customerTexts(locale)('find_none', { text }), tone: 'info' };
    const card = customerListCard(
      text,
      found.items.map((c) => ({ ...c, owner: c.owner?.name ?? null })),
      found.total,
      locale,
      deps.policy.labels.book,
    );
    return listReply(card);
  },
};

const productFind: TextCommand = {
  words: ['product find', '产品 查找', '产品 搜索'],
  needs: 'product.read',
  usage: customerUsages.productFind,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const text = textOf(args, this, locale);
    const found = await findProducts(deps, actor, { text, limit: 15 });
    if (found.items.length === 0) return { text: productTexts(locale)('find_none', { text }), tone: 'info' };
    return listReply(productListCard(text, found.items, found.total, locale, deps.policy.labels.book));
  },
};

// A list reply's text carries what was found, not only its title: it is what a notification preview or a surface
// without cards shows.
function listReply(card: Card): PrivateReply {
  return { text: [card.title, card.body, card.context].filter(Boolean).join('\n'), tone: 'info', card };
}

// Chinese keys of "客户 新建 名称:… 地区:…" → the use case's field names.
const keyAliases: Record<string, string> = {
  名称: 'name',
  客户等级: 'tier',
  法定名称: 'legalName',
  别名: 'aliases',
  地区: 'region',
  等级: 'tier',
  价目表: 'priceList',
  额度: 'creditLimit',
  信用额度: 'creditLimit',
  付款条件: 'paymentTerms',
  税号: 'taxId',
  邮箱: 'email',
  电话: 'phone',
};

// A key that names no customer field would otherwise be dropped without a word ("客户等级:" before it was an alias):
// refuse it, listing the keys this reader types.
function customerFieldsOf(named: Record<string, string>, locale: Locale) {
  const known = new Set(customerFormInputs.map((k) => k.toLowerCase()));
  const unknown = Object.keys(named).find((k) => !known.has(k.toLowerCase()));
  if (unknown !== undefined) {
    const valid =
      locale === 'zh-CN'
        ? Object.keys(keyAliases).join('、')
        : customerFormInputs.map((k) => k.toLowerCase()).join(', ');
    throw invalid('customer_unknown_key', unknown, { key: unknown, valid });
  }
  return fieldsFromArgs(named);
}

const customerNew: TextCommand = {
  words: ['customer new', '客户 新建'],
  needs: 'customer.create',
  keyAliases,
  usage: customerUsages.new,
  async run(deps, actor, args) {
    const t = customerTexts(localeOf(deps, actor));
    const name = args.named.name ?? args.positional.join(' ');
    const fields = customerFieldsOf({ ...args.named, name }, localeOf(deps, actor));
    const created = await createCustomer(deps, actor, { fields });
    return { text: t('reply_created', { name: created.customer.name }), tone: 'success' };
  },
};

const customerEdit: TextCommand = {
  words: ['customer edit', '客户 编辑'],
  needs: 'customer.edit',
  keyAliases,
  usage: customerUsages.edit,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const ref = textOf({ positional: args.positional, named: {} }, this, locale);
    const edited = await editCustomer(deps, actor, ref, { fields: customerFieldsOf(args.named, locale) });
    return customerEditedReply(edited.customer.name, edited.changed, locale);
  },
};

export const customerCommands: TextCommand[] = [
  customerShow,
  customerFind,
  customerNew,
  customerEdit,
  productFind,
];

export const customerActions: Record<string, ActionHandler> = {
  'customer.show': (deps, actor, command) => showCustomer(deps, actor, command.entityId),
};
