// Catalogue: the marks that join a card's parts in each language — Chinese takes full-width （）：；，、 and no space
// after 。, so parts a card strings together read as one Chinese sentence, not "审批中: 1/2".
import type { Locale } from '../model.ts';

const marks: Record<
  Locale,
  { colon: string; open: string; close: string; list: string; clause: string; sentence: string }
> = {
  en: { colon: ': ', open: ' (', close: ')', list: ', ', clause: '; ', sentence: ' ' },
  'zh-CN': { colon: '：', open: '（', close: '）', list: '、', clause: '；', sentence: '' },
};

// "label: value" / "label：value".
export function labelled(label: string, value: string, locale: Locale): string {
  return `${label}${marks[locale].colon}${value}`;
}

// "text (aside)" / "text（aside）".
export function withAside(text: string, aside: string, locale: Locale): string {
  return `${text}${marks[locale].open}${aside}${marks[locale].close}`;
}

// "Li, Wang" / "李、王".
export function listed(items: readonly string[], locale: Locale): string {
  return items.join(marks[locale].list);
}

// "a; b" / "a；b".
export function clauses(items: readonly string[], locale: Locale): string {
  return items.join(marks[locale].clause);
}

// Whole sentences one after another: "Done. Next step on 12-14." / "已记录。下一步：12-14。"
export function sentences(items: readonly string[], locale: Locale): string {
  return items.filter((s) => s !== '').join(marks[locale].sentence);
}
