// Owns the mechanics of the message catalogue: every user-facing string exists in zh-CN and en.
import type { Locale } from './model.ts';

export type Texts<K extends string> = Record<Locale, Record<K, string>>;

// "{name} claimed it" + { name: 'Li' } → "Li claimed it"; a missing variable stays visible, never blank.
// A scan rather than a replace with a callback: a statement import formats a reason for every line it posts, and
// the callback's match arrays were a good part of the import's garbage.
export function format(template: string, vars: Record<string, string | number> = {}): string {
  let out = '';
  let from = 0;
  for (let open = template.indexOf('{'); open !== -1; open = template.indexOf('{', open + 1)) {
    let end = open + 1;
    while (end < template.length && isWordChar(template.charCodeAt(end))) end++;
    if (end === open + 1 || template.charCodeAt(end) !== closeBrace) continue;
    const key = template.slice(open + 1, end);
    if (!Object.hasOwn(vars, key)) continue;
    out += template.slice(from, open) + String(vars[key]);
    from = end + 1;
    open = end;
  }
  return from === 0 ? template : out + template.slice(from);
}

const closeBrace = 0x7d;

// What \w matches: A-Z, a-z, 0-9 and _.
function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

export function translator<K extends string>(texts: Texts<K>, locale: Locale) {
  return (key: K, vars?: Record<string, string | number>) => format(texts[locale][key], vars);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}
