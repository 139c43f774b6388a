// Owns reading a JSON request body: the value, or a 400 saying why not — not JSON (with where), or a key that would
// reach an object's prototype (`__proto__`, `constructor.prototype`) named by its path.
import { type DomainError, invalid } from '../domain/errors.ts';

export type JsonBody = { ok: true; value: unknown } | { ok: false; error: DomainError };

// Keys no body of ours uses and that only ever matter to an attacker: the prototype setter, and a constructor's
// prototype (what fastify's own parser refuses too).
function forbiddenPath(value: unknown, path: string[]): string[] | null {
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const [k, item] of value.entries()) {
      const found = forbiddenPath(item, [...path, String(k)]);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (key === '__proto__') return [...path, key];
    if (
      key === 'constructor' &&
      item !== null &&
      typeof item === 'object' &&
      Object.hasOwn(item, 'prototype')
    )
      return [...path, key, 'prototype'];
    const found = forbiddenPath(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

export function readJsonBody(text: string): JsonBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8 says where ("… at position 12 (line 1 column 13)"); the caller sees the same words.
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: invalid('body_not_json', '(body)', { detail }) };
  }
  // Only a body that spells one of the words (or escapes a character, which could spell one) is walked.
  if (/__proto__|prototype|\\u/.test(text)) {
    const path = forbiddenPath(value, []);
    if (path)
      return { ok: false, error: invalid('body_forbidden_key', path.join('.'), { key: path.at(-1) ?? '' }) };
  }
  return { ok: true, value };
}
