// Owns how lead contact data is made comparable: e-mail, phone (E.164), company name and person name.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

export type PhoneRegion = CountryCode;

// NFKC folds full-width letters, digits and punctuation (typed with a Chinese IME) to their half-width forms.
const fold = (text: string) => text.normalize('NFKC');

const emailPattern = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[^\s@"(),:;<>[\]\\.]{2,}$/;

// The address as it is compared and stored for dedupe; null when it is not a plausible address.
export function normaliseEmail(raw: string): string | null {
  const email = fold(raw).trim().toLowerCase();
  if (!emailPattern.test(email) || email.includes('..')) return null;
  return email;
}

// E.164 (+8613800138000); a number without a country code is read in `defaultRegion`. Null when not a valid number.
export function normalisePhone(raw: string, defaultRegion: PhoneRegion): string | null {
  const text = fold(raw).trim();
  if (!/\d/.test(text) || /[a-z]/i.test(text.replace(/(ext|x)\.?\s*\d+$/i, ''))) return null;
  const phone = parsePhoneNumberFromString(text, defaultRegion);
  return phone?.isValid() ? phone.number : null;
}

// Longest first, so "股份有限公司" is stripped whole rather than leaving "股份".
const legalSuffixes = [
  '股份有限公司',
  '有限责任公司',
  '集团有限公司',
  '有限公司',
  '集团公司',
  '分公司',
  '公司',
  '集团',
  'co ltd',
  'company limited',
  'corporation',
  'limited',
  'company',
  'gmbh',
  'corp',
  'ltd',
  'inc',
  'llc',
  'plc',
  'co',
  'group',
];

// Brackets and punctuation (ASCII and CJK) carry no identity: "（北京）" and "(北京)" compare equal.
const punctuation = /[\p{P}\p{S}]+/gu;

// A company name folded for comparison with customers.normalized_name: "ACME Co., Ltd." and "acme" meet.
export function foldCompanyName(raw: string): string {
  let name = fold(raw).toLowerCase().replace(punctuation, ' ').replace(/\s+/g, ' ').trim();
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of legalSuffixes) {
      const ascii = /^[a-z ]+$/.test(suffix);
      // A Latin suffix must be a whole word ("taco" keeps its "co"); a Chinese one is glued to the name.
      const matches = ascii ? name.endsWith(` ${suffix}`) : name.endsWith(suffix);
      if (matches && name.length > suffix.length) {
        name = name.slice(0, name.length - suffix.length).trim();
        changed = true;
      }
    }
  }
  return name.replace(/\s+/g, '');
}

// A person's name as shown and stored: trimmed, inner white space collapsed, full-width spaces included.
export function normaliseName(raw: string): string {
  return fold(raw).replace(/\s+/g, ' ').trim();
}

export interface LeadContactInput {
  name: string;
  company?: string | null;
  email?: string | null;
  phone?: string | null;
}

export type NormalisedContact =
  | {
      ok: true;
      name: string;
      company: string | null;
      companyKey: string | null;
      emailNorm: string | null;
      phoneNorm: string | null;
    }
  | { ok: false; field: 'name' | 'email' | 'phone'; code: string };

// Everything intake needs to dedupe and route, or the first field at fault.
export function normaliseContact(input: LeadContactInput, defaultRegion: PhoneRegion): NormalisedContact {
  const name = normaliseName(input.name);
  if (name === '') return { ok: false, field: 'name', code: 'lead_name_required' };
  const emailRaw = input.email?.trim() ? input.email : null;
  const phoneRaw = input.phone?.trim() ? input.phone : null;
  if (emailRaw === null && phoneRaw === null)
    return { ok: false, field: 'email', code: 'lead_contact_required' };
  const emailNorm = emailRaw === null ? null : normaliseEmail(emailRaw);
  if (emailRaw !== null && emailNorm === null)
    return { ok: false, field: 'email', code: 'lead_email_invalid' };
  const phoneNorm = phoneRaw === null ? null : normalisePhone(phoneRaw, defaultRegion);
  if (phoneRaw !== null && phoneNorm === null)
    return { ok: false, field: 'phone', code: 'lead_phone_invalid' };
  const company = input.company?.trim() ? normaliseName(input.company) : null;
  const companyKey = company === null ? null : foldCompanyName(company) || null;
  return { ok: true, name, company, companyKey, emailNorm, phoneNorm };
}

// The number people quote for a lead: L-000042.
export function leadNumber(seq: number): string {
  return `L-${String(seq).padStart(6, '0')}`;
}

export interface Utm {
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
}

// The utm tags a lead keeps: only when it named medium, term or content (source and campaign alone have their own
// columns), with the lead's source and campaign completing the set; blanks dropped.
export function utmOf(parts: {
  source?: string | null;
  medium?: string | null;
  campaign?: string | null;
  term?: string | null;
  content?: string | null;
}): Utm | null {
  const { medium, term, content } = parts;
  if (![medium, term, content].some((v) => v?.trim())) return null;
  const utm: Utm = {};
  for (const key of ['source', 'medium', 'campaign', 'term', 'content'] as const) {
    const v = parts[key]?.trim();
    if (v) utm[key] = v;
  }
  return utm;
}

// The longest text each lead field keeps, the same at every door (API, chat, form, import, hook): a name or note beyond
// it is a paste gone wrong, and would make every card and export of the lead unreadable.
export const leadTextMax = {
  name: 200,
  company: 200,
  email: 254,
  phone: 40,
  region: 60,
  industry: 60,
  source: 60,
  campaign: 200,
  utmMedium: 200,
  utmTerm: 200,
  utmContent: 200,
  note: 4000,
  province: 60,
  city: 60,
  companySize: 40,
  dealSize: 40,
  dealCurrency: 10,
  language: 40,
} as const;
export type LeadTextField = keyof typeof leadTextMax;

// The first field whose text is longer than it may be, with its length; null when all fit.
export function overlongLeadText(
  fields: Partial<Record<LeadTextField, string | number | null | undefined>>,
): { field: LeadTextField; length: number; max: number } | null {
  for (const field of Object.keys(leadTextMax) as LeadTextField[]) {
    const value = fields[field];
    const length = typeof value === 'string' ? value.trim().length : 0;
    if (length > leadTextMax[field]) return { field, length, max: leadTextMax[field] };
  }
  return null;
}
