// Owns recognising personal data inside free text (a rendered card): e-mail addresses, phone and account numbers,
// tax IDs. Errs towards finding too much: a span found here is only sealed at rest, and shown again when opened.

export interface Span {
  start: number;
  end: number;
}

// Not glued to a word, a masked value (138****8000) or another number or id (an order number's parts, a uuid's
// groups, a decimal, a time).
const before = String.raw`(?<![\p{L}\p{N}_*+.\/@]|[\p{L}\p{N}]-)`;
const after = String.raw`(?![\p{L}\p{N}_*@]|[:\/.\-][\p{L}\p{N}])`;

// Each pattern beside what a text must hold for it to match at all (see `shape`): most strings of a card hold none.
const patterns: readonly { pattern: RegExp; may: (shape: Shape) => boolean }[] = [
  // E-mail: the masked form (l***@acme.cn) has no plain local part before the @ and is left alone.
  {
    pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/gu,
    may: (shape) => shape.at,
  },
  // Phone, bank account or payer account: ten digits or more, as typed (+86 138-0013-8000, (021) 6123 4567, 6222 0210…).
  {
    pattern: new RegExp(String.raw`${before}\+?\(?\d(?:[ \-()]{0,2}\d){9,}${after}`, 'gu'),
    may: (shape) => shape.digitChain >= 10,
  },
  // Tax ID (unified social credit code and the like): 15–20 capitals and digits, at least six of them digits.
  {
    pattern: new RegExp(String.raw`${before}(?=(?:[A-Z]*\d){6})(?=[0-9]*[A-Z])[0-9A-Z]{15,20}${after}`, 'gu'),
    may: (shape) => shape.capitalRun >= 15,
  },
];

interface Shape {
  at: boolean;
  // The most digits in a row, with at most two of space, dash or bracket between two of them.
  digitChain: number;
  // The longest run of capitals and digits.
  capitalRun: number;
}

// One pass over the text, so the patterns run only where they could match.
function shape(text: string): Shape {
  let at = false;
  let digitChain = 0;
  let chain = 0;
  let gap = 0;
  let capitalRun = 0;
  let run = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    const digit = c >= 48 && c <= 57;
    if (digit || (c >= 65 && c <= 90)) run++;
    else run = 0;
    if (run > capitalRun) capitalRun = run;
    if (digit) {
      chain = chain > 0 && gap <= 2 ? chain + 1 : 1;
      gap = 0;
      if (chain > digitChain) digitChain = chain;
    } else if (c === 32 || c === 45 || c === 40 || c === 41) gap++;
    else {
      chain = 0;
      if (c === 64) at = true;
    }
  }
  return { at, digitChain, capitalRun };
}

// Shorter known values are not looked for: a stray "1234" would seal every order number holding it.
export const KNOWN_MIN_LENGTH = 5;

// The spans of `text` that hold personal data, in order, overlapping ones merged: whatever looks like it, and every
// occurrence of a `known` value (the record's own phone, e-mail, tax ID or account as the card shows it), whatever
// its shape — a local phone of eight digits, a lower-case foreign tax ID.
export function personalSpans(text: string, known: readonly string[] = []): Span[] {
  const found: Span[] = [];
  const seen = shape(text);
  for (const { pattern, may } of patterns) {
    if (!may(seen)) continue;
    for (const m of text.matchAll(pattern)) found.push({ start: m.index, end: m.index + m[0].length });
  }
  for (const value of known) {
    if (value.length < KNOWN_MIN_LENGTH) continue;
    for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + value.length))
      found.push({ start: at, end: at + value.length });
  }
  if (found.length === 0) return found;
  found.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of found) {
    const last = merged.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

// Every string inside a JSON value replaced by f(string); keys, numbers and the shape stay as they are.
export function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a key such as "__proto__" stays data.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  }
  return value;
}
