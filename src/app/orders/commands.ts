// Owns the order text commands: "order new …" (create and submit) and "order status <number>", with Chinese forms.
import { DomainError, invalid } from '../../domain/errors.ts';
import { parseAmount } from '../../domain/money.ts';
import { orderReplyText, orderStatusCard } from '../../messages/catalogue/orders.ts';
import type { Locale } from '../../messages/model.ts';
import type { ParsedArgs, TextCommand } from '../commands/types.ts';
import { localeOf } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { createOrder, type LineRequest, type OrderSource } from './create-order.ts';
import { getOrderStatus } from './get-order-status.ts';

const newUsage: Record<Locale, string> = {
  en: 'order new lead:L-000042 sku:A100 qty:2 [price:99.50] plan:net-30 [terms:"…"]  (or customer:ACME; several lines: line:A100*2@99.50,B200*1)',
  'zh-CN':
    '订单 新建 线索:L-000042 产品:A100 数量:2 [价格:99.50] 付款计划:net-30 [条款:"…"]（或 客户:某某公司；多行：明细:A100*2@99.50,B200*1）',
};

const statusUsage: Record<Locale, string> = {
  en: 'order status SO-2026-00012',
  'zh-CN': '订单 状态 SO-2026-00012',
};

function missing(command: string, argument: string, example: string): DomainError {
  return new DomainError('invalid', 'missing_argument', { command, argument, example }, argument);
}

function amountOf(text: string, currency: string, field: string): number {
  const minor = parseAmount(text, currency);
  if (minor === null || minor < 0) throw invalid('order_bad_amount', field, { value: text });
  return minor;
}

function quantityOf(text: string, field: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) <= 0)
    throw invalid('order_bad_quantity', field, { value: text });
  return Number(text);
}

// "A100*2@99.50" → SKU A100, quantity 2, unit price 99.50; the price is optional.
function parseLines(spec: string, currency: string): LineRequest[] {
  return spec
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const m = /^([^*@\s]+)\*(\d+)(?:@(.+))?$/.exec(item);
      if (!m?.[1] || !m[2]) throw invalid('order_bad_line', 'line', { value: item });
      return {
        sku: m[1],
        quantity: quantityOf(m[2], 'line'),
        ...(m[3] ? { unitPriceMinor: amountOf(m[3], currency, 'line') } : {}),
      };
    });
}

function linesOf(args: ParsedArgs, currency: string): LineRequest[] {
  const a = args.named;
  const lines = a.line ? parseLines(a.line, currency) : [];
  if (a.sku) {
    lines.unshift({
      sku: a.sku,
      quantity: a.qty ? quantityOf(a.qty, 'qty') : 1,
      ...(a.price ? { unitPriceMinor: amountOf(a.price, currency, 'price') } : {}),
    });
  }
  return lines;
}

const orderNew: TextCommand = {
  words: ['order new', '订单 新建', '订单 新增'],
  keyAliases: {
    线索: 'lead',
    客户: 'customer',
    产品: 'sku',
    数量: 'qty',
    quantity: 'qty',
    价格: 'price',
    单价: 'price',
    付款计划: 'plan',
    计划: 'plan',
    条款: 'terms',
    明细: 'line',
    lines: 'line',
  },
  usage: newUsage,
  async run(deps, actor, args) {
    const locale = localeOf(deps, actor);
    const a = args.named;
    const command = locale === 'en' ? 'order new' : '订单 新建';
    const source: OrderSource | null = a.lead
      ? { lead: a.lead }
      : a.customer
        ? { customerName: a.customer }
        : null;
    if (!source) throw missing(command, 'lead', newUsage[locale]);
    const lines = linesOf(args, deps.policy.org.currency);
    if (lines.length === 0) throw missing(command, 'sku', newUsage[locale]);
    if (!a.plan) throw missing(command, 'plan', newUsage[locale]);
    const created = await createOrder(deps, actor, {
      source,
      lines,
      paymentPlan: a.plan,
      terms: a.terms ?? null,
      submit: true,
    });
    const chain = created.submitted?.chain.map((l) => `${l.name} (${l.approvers.join(', ')})`) ?? [];
    const status = await getOrderStatus(deps, actor, created.number);
    return {
      text: orderReplyText(
        {
          kind: 'created',
          number: created.number,
          totalMinor: created.totalMinor,
          currency: created.currency,
          chain,
        },
        locale,
      ),
      tone: 'success',
      card: orderStatusCard(status.view, locale),
    };
  },
};

const orderStatus: TextCommand = {
  words: ['order status', '订单 状态', '订单 查询'],
  keyAliases: { 编号: 'number', 订单: 'number' },
  usage: statusUsage,
  async run(deps: AppDeps, actor, args) {
    const locale = localeOf(deps, actor);
    const number = args.named.number ?? args.positional[0];
    if (!number) throw missing(locale === 'en' ? 'order status' : '订单 状态', 'number', statusUsage[locale]);
    const status = await getOrderStatus(deps, actor, number);
    const card = orderStatusCard(status.view, locale);
    return { text: card.title, tone: card.tone, card };
  },
};

export const orderCommands: TextCommand[] = [orderNew, orderStatus];
