// Catalogue: the audit trail card (`audit <record>` / `审计 <记录>`), its usage line and its errors.
import type { AuditEntryView, AuditPage } from '../../app/audit/list-audit.ts';
import type { PaymentTrailEvent } from '../../app/audit/order-payment-trail.ts';
import { formatMoney } from '../../domain/money.ts';
import { localDate, localTime } from '../../domain/time.ts';
import { markup, type Texts, translator, type Vars } from '../i18n.ts';
import type { Card, Locale } from '../model.ts';

type Key =
  | 'title'
  | 'titleAll'
  | 'empty'
  | 'more'
  | 'line'
  | 'unsealed'
  | 'context'
  | 'usage'
  | 'changed'
  | 'paid'
  | 'wroteOff'
  | 'undone'
  | 'fromLine'
  | 'fromReceipt'
  | 'payer'
  | 'how_auto'
  | 'how_manual'
  | 'how_erp';

const texts: Texts<Key> = {
  en: {
    title: 'Audit trail · {entity}',
    titleAll: 'Audit trail',
    empty: 'Nothing has been recorded for {entity}.',
    more: 'Older entries: GET /api/audit?entity={entity}&cursor={cursor}',
    line: '{day} {time} · {who} ({platform}) · `{action}`',
    unsealed: ' · not sealed yet',
    changed: '  {keys}',
    context:
      'Newest first, times in {zone}. Each entry is hash-chained; `closeloop audit verify` checks the chain.',
    usage: 'audit <L-… | SO-… | customer> — who did what to a record, newest first (admins, finance)',
    paid: '{day} {time} · {who} · payment of {amount} applied to installment #{position} ({label}), {how}',
    wroteOff: '{day} {time} · {who} · {amount} written off on installment #{position} ({label})',
    undone: '{day} {time} · {who} · match undone: {amount} taken back from installment #{position} ({label})',
    fromLine: '  from bank line {reference} booked {bookedOn}{payer}',
    fromReceipt: '  from receipt {reference} of {bookedOn}',
    payer: ', payer {payer}',
    how_auto: 'auto-matched on import',
    how_manual: 'confirmed',
    how_erp: 'recorded by the ERP',
  },
  'zh-CN': {
    title: '操作日志 · {entity}',
    titleAll: '操作日志',
    empty: '{entity} 没有任何操作记录。',
    more: '更早的记录：GET /api/audit?entity={entity}&cursor={cursor}',
    line: '{day} {time} · {who}（{platform}）· `{action}`',
    unsealed: ' · 尚未封存',
    changed: '  {keys}',
    context: '最新的在前，时间为 {zone}。每条记录都已链式哈希，`closeloop audit verify` 可校验整条链。',
    usage: '审计 <L-… | SO-… | 客户> — 谁对该记录做了什么，最新在前（管理员、财务）',
    paid: '{day} {time} · {who} · 回款 {amount} 核销至第 {position} 期（{label}），{how}',
    wroteOff: '{day} {time} · {who} · 第 {position} 期（{label}）核销差额 {amount}',
    undone: '{day} {time} · {who} · 撤销匹配：第 {position} 期（{label}）退回 {amount}',
    fromLine: '  来自银行流水 {reference}，记账日 {bookedOn}{payer}',
    fromReceipt: '  来自收款单 {reference}，日期 {bookedOn}',
    payer: '，付款方 {payer}',
    how_auto: '导入流水时自动匹配',
    how_manual: '人工确认',
    how_erp: 'ERP 登记',
  },
};

export const auditUsage: Record<Locale, string> = { en: texts.en.usage, 'zh-CN': texts['zh-CN'].usage };

export const auditErrors: Texts<'audit_entity_unknown' | 'audit_forbidden'> = {
  en: {
    audit_entity_unknown:
      'No lead, order or customer "{entity}". Give L-000042, SO-2026-00012 or a customer name.',
    audit_forbidden: 'Only admins and finance may read the audit log.',
  },
  'zh-CN': {
    audit_entity_unknown: '找不到线索、订单或客户「{entity}」。请写 L-000042、SO-2026-00012 或客户名称。',
    audit_forbidden: '只有管理员和财务可以查看操作日志。',
  },
};

// The names of what changed, so a line says "status, amount" rather than dumping JSON into chat.
function changedKeys(entry: AuditEntryView): string {
  const keys = new Set<string>();
  for (const side of [entry.before, entry.after]) {
    if (side && typeof side === 'object' && !Array.isArray(side))
      for (const k of Object.keys(side)) keys.add(k);
  }
  return [...keys].slice(0, 8).join(', ');
}

// A payment event as a trail line, the bank line or receipt it came from below it.
function paymentLine(
  p: PaymentTrailEvent,
  t: (key: Key, vars?: Vars) => string,
  timeZone: string,
  locale: Locale,
) {
  const common = {
    day: localDate(p.at, timeZone),
    time: localTime(p.at, timeZone),
    who: p.by,
    amount: formatMoney(p.amountMinor, p.currency, locale),
    position: p.position,
    label: p.label,
  };
  const how = p.how === 'auto' || p.how === 'erp' ? p.how : 'manual';
  const head =
    p.what === 'undone'
      ? t('undone', common)
      : p.how === 'write_off'
        ? t('wroteOff', common)
        : t('paid', { ...common, how: markup(t(`how_${how}`)) });
  const { reference, bookedOn, payer } = p.source;
  const from = p.source.receipt
    ? t('fromReceipt', { reference, bookedOn })
    : t('fromLine', { reference, bookedOn, payer: payer ? markup(t('payer', { payer })) : '' });
  return `${head}\n${from}`;
}

// `payments`: an order's payment events, merged in time order with its audit rows (only as far back as the rows
// shown reach, when older rows are on a next page).
export function auditCard(
  page: AuditPage,
  timeZone: string,
  locale: Locale,
  payments: readonly PaymentTrailEvent[] = [],
): Card {
  const t = translator(texts, locale);
  const label = page.entity?.label ?? '';
  const rows = page.entries.map((e) => {
    const who = e.actor.name ?? e.actor.label;
    const keys = changedKeys(e);
    const text =
      t('line', {
        day: localDate(e.at, timeZone),
        time: localTime(e.at, timeZone),
        who,
        platform: e.platform ?? '—',
        action: e.action,
      }) +
      (e.sealed ? '' : t('unsealed')) +
      (keys ? `\n${t('changed', { keys })}` : '');
    return { at: e.at.getTime(), text };
  });
  const oldest = page.nextCursor !== null ? page.entries.at(-1)?.at.getTime() : undefined;
  for (const p of payments)
    if (oldest === undefined || p.at.getTime() >= oldest)
      rows.push({ at: p.at.getTime(), text: paymentLine(p, t, timeZone, locale) });
  // Newest first; a stable sort keeps the log's own order among rows of one instant.
  const lines = rows.sort((a, b) => b.at - a.at).map((r) => r.text);
  const more = page.nextCursor !== null ? `\n\n${t('more', { entity: label, cursor: page.nextCursor })}` : '';
  return {
    title: page.entity ? t('title', { entity: label }) : t('titleAll'),
    body:
      lines.length > 0 ? `${lines.map((l) => `- ${l}`).join('\n')}${more}` : t('empty', { entity: label }),
    fields: [],
    actions: [],
    context: t('context', { zone: timeZone }),
    tone: 'info',
  };
}
