// Owns sealing the personal data inside a rendered card at rest (outbox rows, console messages): each phone, e-mail,
// account or tax ID found in its text, and every value the card says it shows, becomes ⟦<keyring envelope>⟧ in place;
// the rest of the card stays readable.
import { KeyError, type Keyring } from '../../crypto/keyring.ts';
import { KNOWN_MIN_LENGTH, mapStrings, personalSpans } from '../../domain/privacy/personal-spans.ts';

const OPEN = '\u27e6';
const CLOSE = '\u27e7';
const token = /\u27e6(v1:[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]*:[A-Za-z0-9_-]+)\u27e7/g;

export interface SealedCard {
  card: unknown;
  // The key the card's spans are sealed with ('' when it held nothing to seal): the row's card_kid.
  cardKid: string;
}

// A card's `personal` list (src/messages/model.ts) names the record's values it shows: they are sealed wherever they
// appear, the list's own entries included, so a card opened for a transport still carries the list and the console
// history seals the same values again.
function knownValues(card: unknown): string[] {
  if (card === null || typeof card !== 'object' || Array.isArray(card)) return [];
  const personal = (card as { personal?: unknown }).personal;
  if (!Array.isArray(personal)) return [];
  return [
    ...new Set(
      personal
        .filter((v): v is string => typeof v === 'string')
        .map((v) => v.trim())
        .filter((v) => v.length >= KNOWN_MIN_LENGTH),
    ),
  ];
}

export function sealCard(ring: Keyring, card: unknown): SealedCard {
  const known = knownValues(card);
  let sealed = false;
  const seal = (plain: string) => {
    sealed = true;
    return `${OPEN}${ring.encrypt(plain)}${CLOSE}`;
  };
  const out = mapStrings(card, (text) => {
    // Text that already looks like a sealed span (typed by someone) is sealed whole: opening it gives back the text
    // as typed, and no foreign envelope is ever opened as if it were this card's.
    if (text.includes(OPEN)) return seal(text);
    const spans = personalSpans(text, known);
    if (spans.length === 0) return text;
    let result = '';
    let at = 0;
    for (const s of spans) {
      result += text.slice(at, s.start) + seal(text.slice(s.start, s.end));
      at = s.end;
    }
    return result + text.slice(at);
  });
  return { card: out, cardKid: sealed ? ring.currentKid : '' };
}

// The card as it was rendered. One pass: what a span opens to is never opened again. A card written before sealing
// (no spans) comes back as it is.
export function openCard<T>(ring: Keyring, stored: T): T {
  return mapStrings(stored, (text) =>
    text.includes(OPEN)
      ? text.replace(token, (all, envelope: string) => openSpan(ring, all, envelope))
      : text,
  ) as T;
}

// A missing key is an error to fix (start-up refuses it); text that only looks sealed (typed into a card written
// before sealing) fails its auth tag and shows as typed.
function openSpan(ring: Keyring, all: string, envelope: string): string {
  try {
    return ring.decrypt(envelope);
  } catch (error) {
    if (error instanceof KeyError) throw error;
    return all;
  }
}

// A card under an older key (or written before sealing) sealed again under the current key.
export function resealCard(ring: Keyring, stored: unknown): SealedCard {
  return sealCard(ring, openCard(ring, stored));
}
