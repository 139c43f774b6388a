// Catalogue: the one card a statement with many exceptions gets instead of a card each, and the replies of its button.
import { formatMoney } from '../../domain/money.ts';
import { type ExceptionTally, kindsOldestFirst } from '../../domain/reconcile/exception-tally.ts';
import { type Texts, translator } from '../i18n.ts';
import { literal } from '../literal.ts';
import type { Card, Locale } from '../model.ts';
import { type ReconCardKind, reconKindLabel } from './reconcile.ts';

// What the file came to, fixed at import; `left` and `nextPage` are read again whenever the card is drawn.
export interface StatementSummary {
  importId: string;
  fileName: string | null;
  // The statement's own accounts, masked.
  accounts: string[];
  lines: number;
  imported: number;
  matched: number;
  tally: ExceptionTally;
  // The configured number of exceptions past which a file gets this card.
  limit: number;
}

export interface StatementSummaryView extends StatementSummary {
  // Open exceptions whose own card has not been posted yet.
  left: number;
  nextPage: number;
  pageSize: number;
  reminder?: boolean;
}

type Key =
  | 'title'
  | 'noFile'
  | 'intro'
  | 'byKind'
  | 'kindLine'
  | 'oldest'
  | 'left'
  | 'allPosted'
  | 'reminder'
  | 'next'
  | 'file'
  | 'account'
  | 'lines'
  | 'linesValue'
  | 'matched'
  | 'exceptions'
  | 'context'
  | 'pageDone'
  | 'pageDoneLast'
  | 'pageAlready'
  | 'pageStale'
  | 'pageNone';

const texts: Texts<Key> = {
  en: {
    title: 'Statement {file}: {count} exceptions',
    noFile: '(no file name)',
    intro:
      'More than {limit} exceptions in one file: this card stands in for their cards. Every exception is recorded and assigned as usual.',
    byKind: '**By kind, oldest first**',
    kindLine: '- {kind}: {count} · {amounts} · {oldest}',
    oldest: 'oldest {day}',
    left: '{left} cards not posted yet: the button posts {size} at a time, oldest first, larger amounts first on a day.',
    allPosted: 'Every open exception of this file has its card now.',
    reminder: '⏰ Exceptions of this file untouched for a day: post their cards and work them.',
    next: 'Post next {size} ({left} left)',
    file: 'File',
    account: 'Account',
    lines: 'Lines',
    linesValue: '{lines} ({imported} new)',
    matched: 'Matched',
    exceptions: 'Exceptions',
    context: 'Reconciliation · statement summary',
    pageDone: 'Posted {count} exception cards; {left} left.',
    pageDoneLast: 'Posted the last {count} exception cards.',
    pageAlready: 'Those cards were posted already by {name}.',
    pageStale: 'That button is out of date: use the summary card’s current one.',
    pageNone: 'No exception cards left to post for this file.',
  },
  'zh-CN': {
    title: '对账单 {file}：{count} 笔异常',
    noFile: '（无文件名）',
    intro: '一个文件超过 {limit} 笔异常：以此卡片代替逐笔卡片。每笔异常照常记录并分派。',
    byKind: '**按类型（最早的在前）**',
    kindLine: '- {kind}：{count} 笔 · {amounts} · {oldest}',
    oldest: '最早 {day}',
    left: '尚有 {left} 张卡片未发出：按钮每次发出 {size} 张，日期早的在前，同一天金额大的在前。',
    allPosted: '此文件所有未处理的异常都已发出卡片。',
    reminder: '⏰ 此文件的异常已超过一天无人处理：请发出卡片并处理。',
    next: '发出下 {size} 张（剩 {left} 张）',
    file: '文件',
    account: '账户',
    lines: '行数',
    linesValue: '{lines}（新 {imported}）',
    matched: '已匹配',
    exceptions: '异常',
    context: '对账 · 对账单汇总',
    pageDone: '已发出 {count} 张异常卡片，剩 {left} 张。',
    pageDoneLast: '已发出最后 {count} 张异常卡片。',
    pageAlready: '这些卡片已由 {name} 发出。',
    pageStale: '此按钮已过期：请使用汇总卡片上当前的按钮。',
    pageNone: '此文件已没有待发出的异常卡片。',
  },
};

export function statementSummaryCard(view: StatementSummaryView, locale: Locale): Card {
  const t = translator(texts, locale);
  const n = (x: number) => x.toLocaleString(locale);
  const kindLines = kindsOldestFirst(view.tally).map((k) =>
    t('kindLine', {
      kind: reconKindLabel(k.kind as ReconCardKind, locale),
      count: n(k.count),
      amounts: k.amounts.map((a) => formatMoney(a.minor, a.currency, locale)).join(' + '),
      oldest: t('oldest', { day: k.oldest }),
    }),
  );
  const size = Math.min(view.pageSize, view.left);
  const lines = [
    ...(view.reminder ? [t('reminder')] : []),
    t('intro', { limit: n(view.limit) }),
    '',
    t('byKind'),
    ...kindLines,
    '',
    view.left > 0 ? t('left', { left: n(view.left), size: n(view.pageSize) }) : t('allPosted'),
  ];
  return {
    title: t('title', { file: view.fileName ?? t('noFile'), count: n(view.tally.count) }),
    body: lines.join('\n'),
    fields: [
      { label: t('file'), value: view.fileName ? literal(view.fileName) : t('noFile') },
      ...(view.accounts.length > 0
        ? [{ label: t('account'), value: literal(view.accounts.join(', ')) }]
        : []),
      { label: t('lines'), value: t('linesValue', { lines: n(view.lines), imported: n(view.imported) }) },
      { label: t('matched'), value: n(view.matched) },
      { label: t('exceptions'), value: n(view.tally.count) },
    ],
    actions:
      view.left > 0
        ? [
            {
              id: 'recon.page',
              label: t('next', { size: n(size), left: n(view.left) }),
              style: 'primary',
              value: `${view.importId}:${view.nextPage}`,
            },
          ]
        : [],
    context: t('context'),
    tone: view.left > 0 ? 'warning' : 'success',
  };
}

export type ReconPageReplyKey = 'pageDone' | 'pageDoneLast' | 'pageAlready' | 'pageStale' | 'pageNone';

export function reconPageReply(
  key: ReconPageReplyKey,
  locale: Locale,
  vars: Record<string, string | number> = {},
): string {
  return translator(texts, locale)(key, vars);
}
