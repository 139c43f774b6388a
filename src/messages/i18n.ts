// Owns the mechanics of the message catalogue: every user-facing string exists in zh-CN and en.
import type { Locale } from './model.ts';

export type Texts<K extends string> = Record<Locale, Record<K, string>>;

// "{name} claimed it" + { name: 'Li' } → "Li claimed it"; a missing variable stays visible, never blank.
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(vars, key) ? String(vars[key]) : whole,
  );
}

export function translator<K extends string>(texts: Texts<K>, locale: Locale) {
  return (key: K, vars?: Record<string, string | number>) => format(texts[locale][key], vars);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}
