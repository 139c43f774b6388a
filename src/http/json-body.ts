// Owns reading a JSON request body: the value, or a 400 saying why not — not JSON (with where), or a key that would
// reach an object's prototype (`__proto__`, `constructor.prototype`) named by its path.
import { type DomainError, invalid } from '../domain/errors.ts';

export type JsonBody = { ok: true; value: unknown } | { ok: false; error: DomainError };

// Keys no body of ours uses and that only ever matter to an attacker: the prototype setter, and a constructor's
// prototype (what fastify's own parser refuses too). Walked with a stack, not recursion: a body nested 100,000 deep
// must be a 400, not a stack overflow.
function forbiddenPath(root: unknown): string[] | null {
  // Each entry knows its parent; a path is spelled only for the key found (copying it per level is quadratic).
  interface Place {
    value: object;
    key: string;
    parent: Place | null;
  }
  const pathOf = (place: Place | null, ...tail: string[]) => {
    const up: string[] = [];
    for (let p = place; p?.parent; p = p.parent) up.push(p.key);
    return [...up.reverse(), ...tail];
  };
  if (root === null || typeof root !== 'object') return null;
  const stack: Place[] = [{ value: root, key: '', parent: null }];
  for (let place = stack.pop(); place; place = stack.pop()) {
    for (const key of Object.keys(place.value)) {
      const item = (place.value as Record<string, unknown>)[key];
      if (key === '__proto__') return pathOf(place, key);
      if (
        key === 'constructor' &&
        item !== null &&
        typeof item === 'object' &&
        Object.hasOwn(item, 'prototype')
      )
        return pathOf(place, key, 'prototype');
      if (item !== null && typeof item === 'object') stack.push({ value: item, key, parent: place });
    }
  }
  return null;
}

export function readJsonBody(text: string): JsonBody {
  let value: unknown;
  try {
    // A byte-order mark some Windows clients write is no part of the JSON (fastify's own parser dropped it too).
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    // V8 says where ("… at position 12 (line 1 column 13)"); the caller sees the same words.
    const detail = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(detail)?.[1] ?? '';
    return { ok: false, error: invalid('body_not_json', '(body)', { detail, position }) };
  }
  // Only a body that spells one of the words (or escapes a character, which could spell one) is walked.
  if (/__proto__|prototype|\\u/.test(text)) {
    const path = forbiddenPath(value);
    if (path)
      return { ok: false, error: invalid('body_forbidden_key', path.join('.'), { key: path.at(-1) ?? '' }) };
  }
  return { ok: true, value };
}
