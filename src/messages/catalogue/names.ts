// Catalogue: how built-in names read in each language (roles, approval modes) and the one way a configured name is
// shown: its closeloop.yaml label in the reader's language, else the built-in translation, else the name itself.
import { type LabelBook, type LabelKind, type Labels, label, labelBook } from '../../domain/labels.ts';
import { type Locale, locales } from '../model.ts';

const roles: Record<string, Labels> = {
  rep: { 'zh-CN': '销售', en: 'rep' },
  manager: { 'zh-CN': '主管', en: 'manager' },
  director: { 'zh-CN': '总监', en: 'director' },
  finance: { 'zh-CN': '财务', en: 'finance' },
  cfo: { 'zh-CN': '财务总监', en: 'CFO' },
  legal: { 'zh-CN': '法务', en: 'legal' },
  admin: { 'zh-CN': '管理员', en: 'admin' },
  credit: { 'zh-CN': '信用', en: 'credit' },
};

// The payment plan closeloop.yaml gets when it names none (src/config/policy.ts), and its one step.
const netThirty: Labels = { 'zh-CN': '30 天账期', en: 'Net 30' };

// Approval levels are usually named after the role that decides them (manager, finance, legal, cfo).
const builtin: LabelBook = labelBook({
  roles,
  levels: roles,
  paymentPlans: { 'net-30': netThirty },
  steps: { 'Net 30': netThirty },
});

const modes: Record<'any' | 'all', Labels> = {
  any: { 'zh-CN': '任一人批准', en: 'any' },
  all: { 'zh-CN': '全部批准', en: 'all' },
};

// A configured name as the reader should see it; `own` are labels the caller already looked up for this name.
export function nameText(
  kind: LabelKind,
  name: string,
  locale: Locale,
  book: LabelBook = new Map(),
  own?: Labels,
): string {
  return own?.[locale] ?? label(book, kind, name, locale, builtin) ?? name;
}

// A configured name as each language reads it, for a page that shows it in whichever language its reader has.
export function nameTexts(kind: LabelKind, name: string, book?: LabelBook): Record<Locale, string> {
  return Object.fromEntries(locales.map((locale) => [locale, nameText(kind, name, locale, book)])) as Record<
    Locale,
    string
  >;
}

export function modeText(mode: 'any' | 'all', locale: Locale): string {
  return modes[mode][locale] ?? mode;
}
