// Catalogue: manual lead merge and unmerge — the dropped lead's card, the note on the kept lead's card, replies, errors.

import { type Texts, translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import type { Card, Locale } from '../model.ts';

type Key =
  | 'merged_title'
  | 'merged_body'
  | 'kept_note'
  | 'reply_merged'
  | 'reply_unmerged'
  | 'f_kept'
  | 'f_moved';

const texts: Texts<Key> = {
  en: {
    merged_title: 'Merged into {keep}: {name}',
    merged_body:
      '{drop} was merged into {keep} by {by}; its history is on {keep} now and this card takes no more actions. `lead unmerge {drop}` puts it back.',
    kept_note: '{drop} ({name}) was merged into this lead; its {count} activities are here now.',
    reply_merged: 'Merged {drop} into {keep}: {count} activities moved. To undo: lead unmerge {drop}',
    reply_unmerged:
      '{drop} is a lead of its own again ({status}); {count} activities moved back from {keep}.',
    f_kept: 'Kept lead',
    f_moved: 'Activities moved',
  },
  'zh-CN': {
    merged_title: '已合并到 {keep}：{name}',
    merged_body:
      '{by} 已将 {drop} 合并到 {keep}；其跟进记录已移到 {keep}，此卡片不再可操作。`线索 拆分 {drop}` 可撤销。',
    kept_note: '{drop}（{name}）已合并到此线索，其 {count} 条记录现已在此。',
    reply_merged: '已将 {drop} 合并到 {keep}，移动 {count} 条记录。撤销：线索 拆分 {drop}',
    reply_unmerged: '{drop} 已恢复为独立线索（{status}），{count} 条记录已从 {keep} 移回。',
    f_kept: '保留的线索',
    f_moved: '移动的记录',
  },
};

export function leadMergeTexts(locale: Locale) {
  return translator(texts, locale);
}

export interface MergedLeadData {
  drop: string;
  keep: string;
  name: string;
  by: string;
  moved: number;
}

// The dropped lead's card once merged: what it became part of, no buttons.
export function mergedCard(d: MergedLeadData, locale: Locale): Card {
  const t = leadMergeTexts(locale);
  return {
    title: t('merged_title', { keep: d.keep, name: d.name }),
    body: t('merged_body', { drop: d.drop, keep: d.keep, by: d.by }),
    fields: [
      { label: t('f_kept'), value: literal(d.keep) },
      { label: t('f_moved'), value: String(d.moved) },
    ],
    actions: [],
    context: d.drop,
    tone: 'warning',
  };
}

// The kept lead's card as it was, with a line saying which lead was merged into it.
export function withMergeNote(card: Card, d: MergedLeadData, locale: Locale): Card {
  const note = leadMergeTexts(locale)('kept_note', { drop: d.drop, name: d.name, count: d.moved });
  return { ...card, body: card.body ? `${card.body}\n\n${note}` : note };
}

export const leadMergeErrors: Record<Locale, Record<string, string>> = {
  en: {
    lead_merge_same:
      'drop {number} is the lead you keep; name two different leads: lead merge <keep> <drop>.',
    lead_merge_already_merged:
      '{field} {number} was already merged into {into}; merge into {into} instead, or lead unmerge {number} first.',
    lead_merge_not_allowed:
      'Only a manager, or the owner of both leads, can merge them; {keep} and {drop} have different owners.',
    lead_unmerge_not_merged: '{number} is not a merged lead; there is nothing to unmerge.',
    lead_unmerge_conflict:
      '{number} cannot reopen: open lead {other} now has the same {field}; merge or close {other} first.',
  },
  'zh-CN': {
    lead_merge_same: '要合并的 {number} 就是保留的线索；请写两条不同的线索：线索 合并 <保留> <并入>。',
    lead_merge_already_merged:
      '{field} {number} 已合并到 {into}；请改为合并到 {into}，或先 线索 拆分 {number}。',
    lead_merge_not_allowed: '只有主管或两条线索的共同负责人可以合并；{keep} 和 {drop} 的负责人不同。',
    lead_unmerge_not_merged: '{number} 不是已合并的线索，无需拆分。',
    lead_unmerge_conflict:
      '{number} 无法恢复：未结线索 {other} 现在有相同的 {field}；请先合并或关闭 {other}。',
  },
};
