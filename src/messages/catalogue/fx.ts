// Catalogue (exchange rates): the `fx` / `汇率` card, `fx set` replies, the import summary, the "no rate" notes on
// credit and report cards, the cross-currency reconciliation note, and every exchange-rate error, in zh-CN and en.
import type { AppliedRate } from '../../domain/fx/convert.ts';
import { type FxRate, rateText } from '../../domain/fx/rate.ts';
import { formatMoney } from '../../domain/money.ts';
import { plainTranslator, type Texts, translator } from '../i18n.ts';
import type { Card, Locale } from '../model.ts';

type Key =
  | 'listTitle'
  | 'listEmpty'
  | 'listLine'
  | 'listContext'
  | 'usageList'
  | 'usageSet'
  | 'setCreated'
  | 'setChanged'
  | 'setUnchanged'
  | 'importSummary'
  | 'importLine'
  | 'noRate'
  | 'rateUsed'
  | 'rateUsedInverse'
  | 'orgTotal'
  | 'orgTotalUnknown'
  | 'orgTotalLabel'
  | 'orgOpen'
  | 'orgOverdue'
  | 'orgApproved'
  | 'orgCollected'
  | 'crossCurrency';

const texts: Texts<Key> = {
  en: {
    listTitle: 'Exchange rates (latest per pair)',
    listEmpty:
      'No exchange rates yet. Finance can add one: fx set USD CNY 7.1234, import a file (closeloop fx import rates.csv) or POST /api/fx-rates.',
    listLine: '- 1 {base} = {rate} {quote} · {date} · {source}',
    listContext: 'Amounts in other currencies are converted with the latest rate on or before their date.',
    usageList: 'fx [currency] — latest exchange rates (finance, admins)',
    usageSet:
      'fx set <BASE> <QUOTE> <rate> [YYYY-MM-DD] — record a rate, e.g. fx set USD CNY 7.1234 (finance)',
    setCreated: 'Recorded: 1 {base} = {rate} {quote} for {date}.',
    setChanged: 'Changed: 1 {base} = {rate} {quote} for {date} (was {before}).',
    setUnchanged: 'Already recorded: 1 {base} = {rate} {quote} for {date}; nothing changed.',
    importSummary:
      '{file}: {lines} lines, {created} new, {changed} changed, {unchanged} unchanged, {bad} bad.',
    importLine: 'line {line}: {text}',
    noRate: 'no {base}→{quote} rate for {date}',
    rateUsed: '1 {base} = {rate} {quote} ({date})',
    rateUsedInverse: '1 {base} = {rate} {quote} ({date}, inverse of {quote}→{base})',
    orgTotal: 'Total in {currency}: {amount} — rates {rates}',
    orgTotalUnknown: 'Total in {currency} unknown: {missing}',
    orgTotalLabel: 'In the org currency',
    orgOpen: 'Open — {text}',
    orgOverdue: 'Overdue — {text}',
    orgApproved: 'Approved — {text}',
    orgCollected: 'Collected — {text}',
    crossCurrency:
      'The payment is in {paid} and the installment in {owed}: currencies differ, so this is only a suggestion and nothing is matched by itself.',
  },
  'zh-CN': {
    listTitle: '汇率（每个币种对的最新汇率）',
    listEmpty:
      '还没有汇率。财务可以添加：fx set USD CNY 7.1234、导入文件（closeloop fx import rates.csv）或 POST /api/fx-rates。',
    listLine: '- 1 {base} = {rate} {quote} · {date} · {source}',
    listContext: '其他币种金额按其日期当天或之前的最新汇率折算。',
    usageList: '汇率 [币种] — 查看最新汇率（财务、管理员）',
    usageSet:
      '汇率 设置 <基准币种> <报价币种> <汇率> [YYYY-MM-DD] — 记录汇率，例如 汇率 设置 USD CNY 7.1234（财务）',
    setCreated: '已记录：{date} 1 {base} = {rate} {quote}。',
    setChanged: '已修改：{date} 1 {base} = {rate} {quote}（原为 {before}）。',
    setUnchanged: '已存在：{date} 1 {base} = {rate} {quote}；未做更改。',
    importSummary: '{file}：共 {lines} 行，新增 {created}，修改 {changed}，未变 {unchanged}，错误 {bad}。',
    importLine: '第 {line} 行：{text}',
    noRate: '没有 {date} 的 {base}→{quote} 汇率',
    rateUsed: '1 {base} = {rate} {quote}（{date}）',
    rateUsedInverse: '1 {base} = {rate} {quote}（{date}，由 {quote}→{base} 倒算）',
    orgTotal: '折合 {currency} 合计：{amount} — 汇率 {rates}',
    orgTotalUnknown: '折合 {currency} 合计未知：{missing}',
    orgTotalLabel: '折合本位币',
    orgOpen: '未结 — {text}',
    orgOverdue: '逾期 — {text}',
    orgApproved: '已批准 — {text}',
    orgCollected: '已回款 — {text}',
    crossCurrency: '付款币种为 {paid}，分期币种为 {owed}：币种不同，仅作建议，不会自动匹配。',
  },
};

// `plain` for a terminal: the file's values exactly as they are, where chat shows them through literal().
export function fxText(
  key: Key,
  locale: Locale,
  vars?: Record<string, string | number>,
  surface: 'chat' | 'plain' = 'chat',
): string {
  return (surface === 'plain' ? plainTranslator : translator)(texts, locale)(key, vars);
}

export const fxListUsage: Record<Locale, string> = {
  en: texts.en.usageList,
  'zh-CN': texts['zh-CN'].usageList,
};
export const fxSetUsage: Record<Locale, string> = { en: texts.en.usageSet, 'zh-CN': texts['zh-CN'].usageSet };

export function fxRatesCard(rates: readonly FxRate[], locale: Locale): Card {
  const line = (r: FxRate) =>
    fxText('listLine', locale, {
      base: r.base,
      quote: r.quote,
      rate: rateText(r.rate),
      date: r.on,
      source: r.source,
    });
  return {
    title: fxText('listTitle', locale),
    body: rates.length === 0 ? fxText('listEmpty', locale) : rates.map(line).join('\n'),
    fields: [],
    actions: [],
    context: fxText('listContext', locale),
    tone: 'info',
  };
}

// "1 USD = 7.1234 CNY (2026-12-04)", said the same on credit and report cards.
export function appliedRateText(rate: AppliedRate, locale: Locale): string {
  const vars = { base: rate.base, quote: rate.quote, rate: rateText(rate.rate), date: rate.on };
  return fxText(rate.inverted ? 'rateUsedInverse' : 'rateUsed', locale, vars);
}

export function missingRateText(m: { from: string; to: string; on: string }, locale: Locale): string {
  return fxText('noRate', locale, { base: m.from, quote: m.to, date: m.on });
}

// "Total in CNY: ¥1,234.00 — rates 1 USD = 7.2 CNY (2026-12-04)", or which rate is missing; null-free either way.
export function orgTotalText(
  total: {
    currency: string;
    minor: number | null;
    rates: readonly { base: string; quote: string; rate: string; date: string; inverted: boolean }[];
    missing: readonly { from: string; to: string; on: string }[];
  },
  locale: Locale,
): string {
  if (total.minor === null)
    return fxText('orgTotalUnknown', locale, {
      currency: total.currency,
      missing: total.missing.map((m) => missingRateText(m, locale)).join('; '),
    });
  const rates = total.rates.map((r) =>
    fxText(r.inverted ? 'rateUsedInverse' : 'rateUsed', locale, {
      base: r.base,
      quote: r.quote,
      rate: r.rate,
      date: r.date,
    }),
  );
  return fxText('orgTotal', locale, {
    currency: total.currency,
    amount: formatMoney(total.minor, total.currency, locale),
    rates: rates.length > 0 ? rates.join(', ') : '—',
  });
}

export const fxErrors: Texts<string> = {
  en: {
    fx_currency:
      '{field}: "{currency}" is not a currency code; write three capital letters such as USD or CNY.',
    fx_same_currency: 'A rate needs two different currencies; {currency} → {currency} is always 1.',
    fx_rate_format:
      'The rate "{rate}" is not a positive decimal number; write it like 7.1234 (at most 10 decimals, no sign or exponent).',
    fx_rate_zero: 'The rate must be above 0; "{rate}" would make every converted amount zero.',
    fx_rate_range:
      'The rate {rate} is outside 0.000001–{max}; check the direction: it is how many units of the quote one unit of the base buys.',
    fx_date: 'The date "{date}" is not a date; write YYYY-MM-DD, e.g. 2026-12-05.',
    fx_rate_missing:
      'No {base}→{quote} rate for {date}. Finance can add one: fx set {base} {quote} <rate> {date}',
    fx_forbidden: 'Only finance or an admin may see or record exchange rates.',
    fx_file_quote: 'A quoted cell is never closed; check the quotes on that line.',
    fx_file_empty:
      'The file has no rates: send a CSV with the header date,base,quote,rate and one rate per line.',
    fx_file_header:
      'The header lacks {missing}; the file needs the columns date,base,quote,rate (any order).',
    order_line_currency_differs:
      '{field} is {currency}, but this order is in {orderCurrency} (its customer’s price list); send amounts in {orderCurrency} or leave currency out.',
    fx_provider_failed: 'The exchange-rate provider {url} answered {status}; no rates were recorded.',
    fx_provider_shape:
      'The exchange-rate provider’s answer has no usable {field}: it must be JSON like {"base":"USD","date":"2026-12-05","rates":{"CNY":7.1234}}; no rates were recorded.',
    fx_provider_private:
      'The exchange-rate provider {url} resolves to a private address ({address}); set fx.provider.allowPrivate: true if it runs on your network.',
    order_line_price_currency:
      '{field}: "{price}" is not an amount in {currency}, the order’s currency; write it with at most {decimals} decimals, e.g. 1234.50.',
  },
  'zh-CN': {
    fx_currency: '{field}：「{currency}」不是币种代码；请写三个大写字母，如 USD 或 CNY。',
    fx_same_currency: '汇率需要两个不同的币种；{currency} → {currency} 恒为 1。',
    fx_rate_format: '汇率「{rate}」不是正的小数；请写成 7.1234 这样（最多 10 位小数，不带符号或指数）。',
    fx_rate_zero: '汇率必须大于 0；「{rate}」会让所有折算金额为零。',
    fx_rate_range: '汇率 {rate} 超出 0.000001–{max}；请检查方向：即 1 单位基准币种可兑换多少报价币种。',
    fx_date: '日期「{date}」无效；请写成 YYYY-MM-DD，例如 2026-12-05。',
    fx_rate_missing:
      '没有 {date} 的 {base}→{quote} 汇率。财务可以添加：汇率 设置 {base} {quote} <汇率> {date}',
    fx_forbidden: '只有财务或管理员可以查看或记录汇率。',
    fx_file_quote: '有一个带引号的单元格没有闭合；请检查该行的引号。',
    fx_file_empty: '文件中没有汇率：请发送表头为 date,base,quote,rate、每行一条汇率的 CSV。',
    fx_file_header: '表头缺少 {missing}；文件需要 date,base,quote,rate 四列（顺序不限）。',
    order_line_currency_differs:
      '{field} 为 {currency}，但此订单币种为 {orderCurrency}（按客户价目表）；请以 {orderCurrency} 填写金额，或不填币种。',
    fx_provider_failed: '汇率服务 {url} 返回 {status}；未记录任何汇率。',
    fx_provider_shape:
      '汇率服务的返回缺少可用的 {field}：应为类似 {"base":"USD","date":"2026-12-05","rates":{"CNY":7.1234}} 的 JSON；未记录任何汇率。',
    fx_provider_private:
      '汇率服务 {url} 解析到内网地址（{address}）；若服务部署在内网，请设置 fx.provider.allowPrivate: true。',
    order_line_price_currency:
      '{field}：「{price}」不是订单币种 {currency} 的金额；最多 {decimals} 位小数，例如 1234.50。',
  },
};
