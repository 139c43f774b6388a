// Owns the mechanics of the message catalogue: every user-facing string exists in zh-CN and en.
import { literal } from './literal.ts';
import type { Locale } from './model.ts';

export type Texts<K extends string> = Record<Locale, Record<K, string>>;

// Text the catalogue itself wrote in the model's markdown (a list of lines it built, a **bold** name), passed as a var
// of another template: it keeps its formatting, where every other string var is shown as typed.
export class Markup {
  constructor(readonly text: string) {}
}

export function markup(text: string): Markup {
  return new Markup(text);
}

export type Var = string | number | Markup;
export type Vars = Record<string, Var>;

// "{name} claimed it" + { name: 'Li' } → "Li claimed it"; a missing variable stays visible, never blank.
// A string var is a person's or a file's text until marked otherwise: it goes in through `literal`, so a customer
// called "**VIP**" or a memo of "_x_" reads as typed in every card and reply, including the next card someone adds.
// `plainFormat` is for texts that never reach a markdown renderer (an API error, a CLI line, an e-mail).
// A scan rather than a replace with a callback: a statement import formats a reason for every line it posts, and
// the callback's match arrays were a good part of the import's garbage.
export function format(template: string, vars: Vars = {}, show: (text: string) => string = literal): string {
  let out = '';
  let from = 0;
  for (let open = template.indexOf('{'); open !== -1; open = template.indexOf('{', open + 1)) {
    let end = open + 1;
    while (end < template.length && isWordChar(template.charCodeAt(end))) end++;
    if (end === open + 1 || template.charCodeAt(end) !== closeBrace) continue;
    const key = template.slice(open + 1, end);
    if (!Object.hasOwn(vars, key)) continue;
    out += template.slice(from, open) + shown(vars[key] as Var, show);
    from = end + 1;
    open = end;
  }
  return from === 0 ? template : out + template.slice(from);
}

// A template filled for a surface with no markdown: every var exactly as it is.
export function plainFormat(template: string, vars: Vars = {}): string {
  return format(template, vars, asIs);
}

const asIs = (text: string) => text;

function shown(value: Var, show: (text: string) => string): string {
  if (typeof value === 'number') return String(value);
  if (value instanceof Markup) return value.text;
  return show(value);
}

const closeBrace = 0x7d;

// What \w matches: A-Z, a-z, 0-9 and _.
function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

export function translator<K extends string>(texts: Texts<K>, locale: Locale) {
  return (key: K, vars?: Vars) => format(texts[locale][key], vars);
}

// The same for text that leaves chat as it is (an e-mail to a customer): no markdown reads it, so nothing is marked.
export function plainTranslator<K extends string>(texts: Texts<K>, locale: Locale) {
  return (key: K, vars?: Vars) => plainFormat(texts[locale][key], vars);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}
