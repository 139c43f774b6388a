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

// The names as a reader of `locale` types them, in their order: each one's closeloop.yaml label in that language, else the name
// itself (nameOfLabel takes both back), so a refusal lists what the reader sees on cards. Built-in translations are
// left out: they are not typed back.
export function typedNames(
  book: LabelBook,
  kind: LabelKind,
  names: Iterable<string>,
  locale: LabelLocale,
): string[] {
  return [...new Set([...names].map((name) => label(book, kind, name, locale) ?? name))];
}

const folded = (text: string) => text.normalize('NFKC').trim().toLowerCase();

// The configured name a typed value stands for when it is that name's label in either language ("华东" or "East" →
// east), else the value itself: people type what the cards show them, and a region or industry kept as its label
// would match no routing rule and no region scope.
export function nameOfLabel(book: LabelBook, kind: LabelKind, value: string): string {
  const typed = folded(value);
  const prefix = keyOf(kind, '');
  for (const [key, labels] of book) {
    if (!key.startsWith(prefix)) continue;
    if (Object.values(labels).some((l) => l !== undefined && folded(l) === typed))
      return key.slice(prefix.length);
  }
  return value;
}
