// Catalogue: the audit trail card (`audit <record>` / `审计 <记录>`), its usage line and its errors.
import type { AuditEntryView, AuditPage } from '../../app/audit/list-audit.ts';
import { localDate, localTime } from '../../domain/time.ts';
import { type Texts, translator } from '../i18n.ts';
import type { Card, Locale } from '../model.ts';

type Key = 'title' | 'titleAll' | 'empty' | 'more' | 'line' | 'unsealed' | 'context' | 'usage' | 'changed';

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

export function auditCard(page: AuditPage, timeZone: string, locale: Locale): Card {
  const t = translator(texts, locale);
  const label = page.entity?.label ?? '';
  const lines = page.entries.map((e) => {
    const who = e.actor.name ?? e.actor.label;
    const keys = changedKeys(e);
    return (
      t('line', {
        day: localDate(e.at, timeZone),
        time: localTime(e.at, timeZone),
        who,
        platform: e.platform ?? '—',
        action: e.action,
      }) +
      (e.sealed ? '' : t('unsealed')) +
      (keys ? `\n${t('changed', { keys })}` : '')
    );
  });
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
