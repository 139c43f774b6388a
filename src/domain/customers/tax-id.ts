// Owns how a tax ID (统一社会信用代码, VAT number) is made comparable: full-width folded, upper case, no separators.
export function taxIdKey(raw: string): string {
  return raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}
