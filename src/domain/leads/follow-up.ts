// Owns the follow-up vocabulary: activity kinds a rep logs, reasons a lead is lost, and reading a lead number.

import { type DomainError, invalid } from '../errors.ts';
import { own } from '../own.ts';
import { parseTypedDateOn } from '../time/typed-date.ts';

export const activityKinds = ['call', 'visit', 'message', 'note'] as const;
export type ActivityKind = (typeof activityKinds)[number];

// A reason a lead is lost (closeloop.yaml followUp.lostReasons): what each language calls it, and other words people
// type for it. The key is what is stored.
export interface LostReasonWords {
  en: string;
  'zh-CN': string;
  aliases?: string[];
}
export type LostReasons = Record<string, LostReasonWords>;
export type LostReason = string;

export const defaultLostReasons: LostReasons = {
  price: { en: 'price', 'zh-CN': '价格' },
  competitor: { en: 'competitor', 'zh-CN': '竞品', aliases: ['竞争对手'] },
  'no-budget': { en: 'no budget', 'zh-CN': '无预算', aliases: ['没预算'] },
  'no-response': { en: 'no response', 'zh-CN': '联系不上', aliases: ['无回应'] },
  'not-a-fit': { en: 'not a fit', 'zh-CN': '不匹配' },
  timing: { en: 'timing', 'zh-CN': '时机' },
};

// Chinese words people type for each kind.
const kindAliases: Record<string, ActivityKind> = {
  电话: 'call',
  通话: 'call',
  拜访: 'visit',
  上门: 'visit',
  消息: 'message',
  微信: 'message',
  备注: 'note',
  笔记: 'note',
};

export function activityKindOf(word: string): ActivityKind | null {
  const w = word.normalize('NFKC').trim().toLowerCase();
  return (activityKinds as readonly string[]).includes(w)
    ? (w as ActivityKind)
    : (own(kindAliases, w) ?? null);
}

const foldWord = (word: string) => word.normalize('NFKC').trim().toLowerCase();

// Every word that names a reason: its key, its name in each language, its aliases — folded as lostReasonOf reads them.
export function lostReasonWords(reason: string, words: LostReasonWords): string[] {
  return [reason, words.en, words['zh-CN'], ...(words.aliases ?? [])].map(foldWord);
}

export function lostReasonOf(word: string, reasons: LostReasons = defaultLostReasons): LostReason | null {
  const w = foldWord(word);
  if (!w) return null;
  for (const [reason, words] of Object.entries(reasons)) {
    if (lostReasonWords(reason, words).includes(w)) return reason;
  }
  return null;
}

// The reasons as a person types them: keys in English, names in Chinese.
export function lostReasonList(reasons: LostReasons, locale: 'en' | 'zh-CN'): string {
  return locale === 'en'
    ? Object.keys(reasons).join(', ')
    : Object.values(reasons)
        .map((r) => r['zh-CN'])
        .join('、');
}

// A word that names no reason: the error lists the reasons there are, as each language types them.
export function lostReasonInvalid(word: string, reasons: LostReasons): DomainError {
  return invalid('lead_lost_reason_invalid', 'reason', {
    value: word,
    known: lostReasonList(reasons, 'en'),
    known_zh: lostReasonList(reasons, 'zh-CN'),
  });
}

// A next step is ahead: "2026-12-03", "12月3日", "明天", "下周一", "next Monday", "in 3 days" (see typed-date.ts); a
// date without a year that has passed this year is next year's. `today` (YYYY-MM-DD) is the person's own date.
export function nextStepDateOf(text: string, today: string): string | null {
  return parseTypedDateOn(text, today, 'future');
}
