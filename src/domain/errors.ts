// Owns the typed errors for broken rules; adapters map each kind once to a chat reply or an HTTP status.

export type DomainErrorKind = 'invalid' | 'not_found' | 'forbidden' | 'conflict';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    // A catalogue key (src/messages/catalogue/errors.ts) so every adapter can say it in the user's language.
    readonly code: string,
    readonly vars: Record<string, string | number> = {},
    // The input field at fault, for inline form errors and HTTP 400 bodies.
    readonly field?: string,
    // Further problems of the same input (every bad line of a file), said after this one and listed in HTTP bodies.
    readonly details: readonly DomainError[] = [],
  ) {
    super(`${code}${field ? ` (${field})` : ''}: ${JSON.stringify(vars)}`);
  }
}

// A var that reads differently in each language (a list of labels): `key` in English, `key@zh-CN` in Chinese; the
// catalogue fills in the reader's (src/messages/catalogue/errors.ts).
export function inEachLanguage(
  key: string,
  text: (locale: 'en' | 'zh-CN') => string,
): Record<string, string> {
  return { [key]: text('en'), [`${key}@zh-CN`]: text('zh-CN') };
}

export const invalid = (code: string, field: string, vars: Record<string, string | number> = {}) =>
  new DomainError('invalid', code, vars, field);
export const notFound = (code: string, vars: Record<string, string | number> = {}) =>
  new DomainError('not_found', code, vars);
export const forbidden = (code: string, vars: Record<string, string | number> = {}) =>
  new DomainError('forbidden', code, vars);
export const conflict = (code: string, vars: Record<string, string | number> = {}) =>
  new DomainError('conflict', code, vars);
