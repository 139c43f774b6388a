// Owns which language the sign-in page and its errors speak: the person's when known, else the browser's, else the org's.
import { isLocale } from '../../messages/i18n.ts';
import type { Locale } from '../../messages/model.ts';

export interface LocaleHints {
  // The roster language of whoever is known: the signed-in person, or the one a sign-in link was made for.
  person?: string | null | undefined;
  acceptLanguage?: string | undefined;
  org: Locale;
}

export function pageLocale(hints: LocaleHints): Locale {
  if (isLocale(hints.person)) return hints.person;
  const asked = browserLanguage(hints.acceptLanguage ?? '');
  if (asked === null) return hints.org;
  return asked.startsWith('zh') ? 'zh-CN' : 'en';
}

// "en-US,en;q=0.9,zh-CN;q=0.8" → en-us: the language the browser likes best; null when it names none ("*" alone,
// everything at q=0, an empty header).
function browserLanguage(header: string): string | null {
  let best: { tag: string; q: number } | null = null;
  for (const part of header.split(',')) {
    const [rawTag = '', ...params] = part.split(';');
    const tag = rawTag.trim().toLowerCase();
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (tag === '' || tag === '*' || !Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { tag, q };
  }
  return best?.tag ?? null;
}
