// Owns looking up the label a configured name (an approval level, a region, a payment plan…) shows in a language:
// names are keys of closeloop.yaml, labels what people read. Own entries of a Map only, never Object.prototype's. Pure.

export type LabelLocale = 'zh-CN' | 'en';
export type Labels = Readonly<Partial<Record<LabelLocale, string>>>;

export const labelKinds = [
  'levels',
  'roles',
  'regions',
  'industries',
  'sources',
  'channels',
  'priceLists',
  'tiers',
  'paymentPlans',
  'steps',
  'rules',
] as const;
export type LabelKind = (typeof labelKinds)[number];

export type LabelBook = ReadonlyMap<string, Labels>;
export type LabelConfig = Readonly<Partial<Record<LabelKind, Readonly<Record<string, Labels>>>>>;

const keyOf = (kind: LabelKind, name: string) => `${kind}\u0000${name}`;

export function labelBook(config: LabelConfig): LabelBook {
  const book = new Map<string, Labels>();
  for (const kind of labelKinds) {
    const names = config[kind];
    if (!names) continue;
    for (const name of Object.keys(names))
      if (Object.hasOwn(names, name)) book.set(keyOf(kind, name), names[name] as Labels);
  }
  return book;
}

// The label of a name in a language, from the book, else from the built-in book; null when neither has one.
export function label(
  book: LabelBook,
  kind: LabelKind,
  name: string,
  locale: LabelLocale,
  builtin: LabelBook = new Map(),
): string | null {
  return book.get(keyOf(kind, name))?.[locale] ?? builtin.get(keyOf(kind, name))?.[locale] ?? null;
}
