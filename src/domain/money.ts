// Owns money arithmetic in integer minor units and its display; never a float for an amount.
import { own } from './own.ts';

const minorDigits: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  VND: 0,
  BHD: 3,
  KWD: 3,
  JOD: 3,
  OMR: 3,
  TND: 3,
};

export function decimalsOf(currency: string): number {
  return own(minorDigits, currency) ?? 2;
}

// Parses "1,234.5" or "1234.50" into minor units without passing through a float; null when malformed.
export function parseAmount(text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/[,\s_]/g, '');
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!m) return null;
  const digits = decimalsOf(currency);
  const frac = m[3] ?? '';
  if (frac.length > digits) return null;
  const minor = Number(m[2]) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return null;
  return m[1] ? -minor : minor;
}

// 123456 minor CNY → "1234.56": exact, no float, the form an ERP stores and a form input shows.
export function toDecimal(minor: number, currency: string): string {
  const digits = decimalsOf(currency);
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 10 ** digits)}.${String(abs % 10 ** digits).padStart(digits, '0')}`;
}

export function formatMoney(minor: number, currency: string, locale: 'zh-CN' | 'en' = 'en'): string {
  const digits = decimalsOf(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 10 ** digits);
  const frac = digits > 0 ? `.${String(abs % 10 ** digits).padStart(digits, '0')}` : '';
  const grouped = thousands(whole);
  const symbol = locale === 'zh-CN' && currency === 'CNY' ? '¥' : `${currency} `;
  return `${sign}${symbol}${grouped}${frac}`;
}

// 1234567 → "1,234,567". Sliced rather than a look-ahead replace: reasons and cards format amounts by the thousand.
function thousands(whole: number): string {
  const digits = whole.toString();
  // Past 1e21 toString writes an exponent; the replace (as before) handles whatever that is.
  if (whole >= 1e21) return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let k = out.length; k < digits.length; k += 3) out += `,${digits.slice(k, k + 3)}`;
  return out;
}

// Splits a total into parts by percent; rounding remainders go to the last part so the parts always sum to the total.
export function splitByPercent(total: number, percents: number[]): number[] {
  const parts = percents.map((p) => Math.floor((total * p) / 100));
  const rest = total - parts.reduce((s, n) => s + n, 0);
  if (parts.length > 0) parts[parts.length - 1] = (parts.at(-1) ?? 0) + rest;
  return parts;
}
