// Owns the lead facts a routing rule can test beyond region/industry/source — province, city, company size, deal
// size, language — how each is read from what people type, and which of them a rule matched (for the reason text).
import { decimalsOf, parseAmount } from '../money.ts';
import { own } from '../own.ts';
import { placeKey, provinceOfCity } from './places.ts';

// Employee-count bands a rule may name instead of numbers; max is inclusive, null is open-ended.
export const companySizeBands = {
  micro: { min: 1, max: 9 },
  small: { min: 10, max: 49 },
  medium: { min: 50, max: 249 },
  large: { min: 250, max: 999 },
  enterprise: { min: 1000, max: null },
} as const satisfies Record<string, { min: number; max: number | null }>;
export type CompanySizeBand = keyof typeof companySizeBands;

export interface DealSize {
  minor: number;
  currency: string;
}

// What a rule asks beyond region/industry/source, as closeloop.yaml writes it.
export interface ExtraConditions {
  province?: readonly string[] | undefined;
  city?: readonly string[] | undefined;
  companySize?:
    | { min?: number | undefined; max?: number | undefined }
    | readonly CompanySizeBand[]
    | undefined;
  // Major units; currency omitted compares the number in the lead's own currency.
  dealSize?:
    | { min?: number | undefined; max?: number | undefined; currency?: string | undefined }
    | undefined;
  language?: readonly string[] | undefined;
}

export interface ExtraFacts {
  province?: string | null | undefined;
  city?: string | null | undefined;
  companySize?: number | null | undefined;
  dealSize?: DealSize | null | undefined;
  language?: string | null | undefined;
}

// One condition a rule matched, structured so the catalogue can say it in each reader's language.
export type MatchedCondition =
  | { kind: 'province'; value: string }
  | { kind: 'city'; value: string }
  | { kind: 'companySize'; min: number | null; max: number | null; band?: CompanySizeBand }
  | { kind: 'dealSize'; min: number | null; max: number | null; currency: string }
  | { kind: 'language'; value: string };

const languageNames: Record<string, string> = {
  english: 'en',
  英语: 'en',
  英文: 'en',
  chinese: 'zh',
  mandarin: 'zh',
  中文: 'zh',
  汉语: 'zh',
  普通话: 'zh',
  简体中文: 'zh',
  繁体中文: 'zh',
  cantonese: 'zh',
  粤语: 'zh',
  japanese: 'ja',
  日语: 'ja',
  日文: 'ja',
  korean: 'ko',
  韩语: 'ko',
  german: 'de',
  德语: 'de',
  french: 'fr',
  法语: 'fr',
  spanish: 'es',
  西班牙语: 'es',
  russian: 'ru',
  俄语: 'ru',
  portuguese: 'pt',
  葡萄牙语: 'pt',
  arabic: 'ar',
  阿拉伯语: 'ar',
  italian: 'it',
  意大利语: 'it',
  vietnamese: 'vi',
  越南语: 'vi',
  thai: 'th',
  泰语: 'th',
};

// "English", "英语", "en-US", "EN" → "en"; an unknown name is kept folded so two spellings of it still meet.
export function languageKey(text: string | null | undefined): string | null {
  const t = text?.normalize('NFKC').trim().toLowerCase();
  if (!t) return null;
  const named = own(languageNames, t);
  if (named) return named;
  const tag = /^([a-z]{2,3})(?:[-_][a-z0-9]+)*$/.exec(t);
  return tag?.[1] ?? t;
}

// "200", "1,200", "200人", "500+", "50-200" (a form's band: its lower end, the size the company is at least).
export function parseCompanySize(text: string | null | undefined): number | null | 'invalid' {
  const t = text?.normalize('NFKC').trim().toLowerCase();
  if (!t) return null;
  const m =
    /^(\d[\d,]*)\s*(?:\+|以上)?\s*(?:[-~–至到]\s*\d[\d,]*)?\s*(?:人|名|employees|people|staff)?$/.exec(t);
  if (!m?.[1]) return 'invalid';
  const n = Number(m[1].replace(/,/g, ''));
  return Number.isSafeInteger(n) && n <= 10_000_000 ? n : 'invalid';
}

// "500000", "50万", "1.2万", "¥80,000", "USD 20000" in the given currency unless the text names one.
export function parseDealSize(
  text: string | null | undefined,
  currency: string,
): DealSize | null | 'invalid' {
  const t = text?.normalize('NFKC').trim();
  if (!t) return null;
  const m =
    /^(?:([A-Za-z]{3})\s*|[¥￥$€£]\s*)?(\d[\d,_\s]*(?:\.\d+)?)\s*(万|w|k)?\s*(?:元|([A-Za-z]{3}))?$/i.exec(t);
  if (!m?.[2]) return 'invalid';
  const named = (m[1] ?? m[4])?.toUpperCase();
  const symbol = /^[$]/.test(t) ? 'USD' : /^€/.test(t) ? 'EUR' : /^£/.test(t) ? 'GBP' : undefined;
  const cur = named ?? symbol ?? currency;
  const scale =
    m[3] === '万' || m[3]?.toLowerCase() === 'w' ? 10_000 : m[3]?.toLowerCase() === 'k' ? 1000 : 1;
  const major = parseAmount(m[2], cur);
  if (major === null || major < 0) return 'invalid';
  const minor = major * scale;
  return Number.isSafeInteger(minor) ? { minor, currency: cur } : 'invalid';
}

const minorOf = (major: number, currency: string) => Math.round(major * 10 ** decimalsOf(currency));

function inRange(value: number, min: number | null | undefined, max: number | null | undefined): boolean {
  return (
    (min === null || min === undefined || value >= min) && (max === null || max === undefined || value <= max)
  );
}

// The conditions a lead meets, or null when one of them fails; a condition whose fact the lead lacks fails.
export function matchExtra(when: ExtraConditions, lead: ExtraFacts): MatchedCondition[] | null {
  const matched: MatchedCondition[] = [];
  if (when.city) {
    const city = placeKey('city', lead.city);
    const hit = when.city.find((c) => city !== null && placeKey('city', c) === city);
    if (hit === undefined) return null;
    matched.push({ kind: 'city', value: city ?? hit });
  }
  if (when.province) {
    const province = placeKey('province', lead.province) ?? provinceOfCity(placeKey('city', lead.city));
    const hit = when.province.find((p) => province !== null && placeKey('province', p) === province);
    if (hit === undefined) return null;
    matched.push({ kind: 'province', value: province ?? hit });
  }
  if (when.companySize) {
    const size = lead.companySize;
    if (size === null || size === undefined) return null;
    if (Array.isArray(when.companySize)) {
      const bands = when.companySize as readonly CompanySizeBand[];
      const band = bands.find((b) => inRange(size, companySizeBands[b].min, companySizeBands[b].max));
      if (!band) return null;
      const { min, max } = companySizeBands[band];
      matched.push({ kind: 'companySize', min, max, band });
    } else {
      const { min, max } = when.companySize as { min?: number; max?: number };
      if (!inRange(size, min, max)) return null;
      matched.push({ kind: 'companySize', min: min ?? null, max: max ?? null });
    }
  }
  if (when.dealSize) {
    const deal = lead.dealSize;
    const { min, max, currency } = when.dealSize;
    if (!deal || (currency !== undefined && currency !== deal.currency)) return null;
    const c = deal.currency;
    if (
      !inRange(
        deal.minor,
        min === undefined ? null : minorOf(min, c),
        max === undefined ? null : minorOf(max, c),
      )
    )
      return null;
    matched.push({ kind: 'dealSize', min: min ?? null, max: max ?? null, currency: c });
  }
  if (when.language) {
    const language = languageKey(lead.language);
    if (language === null || !when.language.some((l) => languageKey(l) === language)) return null;
    matched.push({ kind: 'language', value: language });
  }
  return matched;
}

// What a form, the API, a chat command or an import row gives for the routing facts, as typed.
export interface RoutingFactsInput {
  province?: string | null | undefined;
  city?: string | null | undefined;
  companySize?: string | number | null | undefined;
  dealSize?: string | number | null | undefined;
  dealCurrency?: string | null | undefined;
  language?: string | null | undefined;
}

export interface RoutingFactsRow {
  province: string | null;
  city: string | null;
  companySize: number | null;
  dealSizeMinor: number | null;
  dealCurrency: string | null;
  language: string | null;
}

export type RoutingFactsProblem = {
  field: 'companySize' | 'dealSize' | 'dealCurrency';
  code: 'lead_company_size_invalid' | 'lead_deal_size_invalid' | 'lead_deal_currency_invalid';
  value: string;
};

// The facts as stored on the lead (place keys, employees, deal in minor units, language code), or the first problem.
export function readRoutingFacts(
  input: RoutingFactsInput,
  orgCurrency: string,
): { ok: true; row: RoutingFactsRow } | ({ ok: false } & RoutingFactsProblem) {
  const size = parseCompanySize(input.companySize === undefined ? null : String(input.companySize ?? ''));
  if (size === 'invalid')
    return {
      ok: false,
      field: 'companySize',
      code: 'lead_company_size_invalid',
      value: String(input.companySize),
    };
  const currency = input.dealCurrency?.normalize('NFKC').trim().toUpperCase() || orgCurrency;
  if (!/^[A-Z]{3}$/.test(currency))
    return {
      ok: false,
      field: 'dealCurrency',
      code: 'lead_deal_currency_invalid',
      value: String(input.dealCurrency),
    };
  const deal = parseDealSize(input.dealSize === undefined ? null : String(input.dealSize ?? ''), currency);
  if (deal === 'invalid')
    return { ok: false, field: 'dealSize', code: 'lead_deal_size_invalid', value: String(input.dealSize) };
  return {
    ok: true,
    row: {
      province: placeKey('province', input.province),
      city: placeKey('city', input.city),
      companySize: size,
      dealSizeMinor: deal?.minor ?? null,
      dealCurrency: deal?.currency ?? null,
      language: languageKey(input.language),
    },
  };
}
