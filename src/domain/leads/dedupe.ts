// Owns fuzzy duplicate detection: a company's core name (no legal suffix, no place) and how alike two leads are.
import { foldCompanyName, normaliseName } from './normalise.ts';

// Provinces and big cities that Chinese company names carry in front or in brackets: 上海星辰 = 星辰（上海）.
const places = [
  '北京',
  '上海',
  '天津',
  '重庆',
  '广州',
  '深圳',
  '杭州',
  '苏州',
  '南京',
  '武汉',
  '成都',
  '西安',
  '宁波',
  '无锡',
  '厦门',
  '青岛',
  '大连',
  '东莞',
  '佛山',
  '长沙',
  '郑州',
  '合肥',
  '福州',
  '济南',
  '沈阳',
  '昆明',
  '广东',
  '江苏',
  '浙江',
  '山东',
  '福建',
  '河北',
  '河南',
  '湖北',
  '湖南',
  '四川',
  '安徽',
  '辽宁',
  '香港',
  'shanghai',
  'beijing',
  'shenzhen',
  'guangzhou',
  'suzhou',
  'hangzhou',
  'hong kong',
  'china',
];

const placePattern = new RegExp(`^(${places.join('|')})(省|市)?`);

// "上海星辰精密制造有限公司", "星辰精密制造（上海）有限公司" and "星辰精密制造" all give "星辰精密制造".
export function companyCore(raw: string): string {
  const text = raw.normalize('NFKC').toLowerCase();
  // A bracketed place says where the company sits, not who it is.
  const unbracketed = text.replace(/[(（[【]([^)）\]】]*)[)）\]】]/g, (whole, inner: string) =>
    placePattern.test(inner.trim()) ? ' ' : whole,
  );
  let core = foldCompanyName(unbracketed);
  for (let previous = ''; previous !== core; ) {
    previous = core;
    const stripped = core.replace(placePattern, '');
    if (stripped.length >= 2) core = stripped;
  }
  return core;
}

// A person's name made comparable: "Li  Lei", "li lei" and "LI LEI" meet; so do "王 伟" and "王伟".
export function contactKey(raw: string): string {
  return normaliseName(raw).toLowerCase().replace(/\s+/g, '');
}

function bigrams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const chars = [...text];
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = `${chars[i]}${chars[i + 1]}`;
    out.set(gram, (out.get(gram) ?? 0) + 1);
  }
  return out;
}

// Dice coefficient over character bigrams, 0..1; works the same for Chinese characters and Latin letters.
export function similarity(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  if ([...a].length < 2 || [...b].length < 2) return 0;
  const x = bigrams(a);
  const y = bigrams(b);
  let shared = 0;
  let total = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  for (const [gram, n] of x) shared += Math.min(n, y.get(gram) ?? 0);
  return (2 * shared) / total;
}

export interface DedupeCandidate {
  id: string;
  companyCore: string;
  contact: string;
}

// Company names this alike are one company ("星辰精密制造" vs "星辰精密仪器" is 0.6); contacts this alike one person.
export const companyThreshold = 0.85;
export const contactThreshold = 0.8;

// The open lead that is the same person at the same company, the closest first; null when none is close enough.
export function fuzzyDuplicate(
  incoming: { companyCore: string; contact: string },
  open: readonly DedupeCandidate[],
): { id: string; company: number; contact: number } | null {
  let best: { id: string; company: number; contact: number } | null = null;
  for (const c of open) {
    const company = similarity(incoming.companyCore, c.companyCore);
    const contact = similarity(incoming.contact, c.contact);
    if (company < companyThreshold || contact < contactThreshold) continue;
    if (!best || company + contact > best.company + best.contact) best = { id: c.id, company, contact };
  }
  return best;
}

// The company bigrams an open lead must contain at least one of to be alike to `core` (as fuzzyDuplicate and the
// import's finder decide), so the look-up reads only those leads instead of every one sharing the prefix. Why it
// misses none: reaching companyThreshold needs 2·shared ≥ t·(a + b) with shared ≤ b, so shared ≥ a·t / (2 − t) of the
// a bigrams of `core`; a lead containing none of these grams shares at most the bigrams left out, fewer than that.
// The same text contains them all. Null when `core` has no bigram (only the very same text is alike).
export function alikeCompanyGrams(core: string): string[] | null {
  const chars = [...core];
  const total = chars.length - 1;
  if (total < 1) return null;
  // One below the fewest bigrams an alike company shares, kept an integer with a margin for the float comparison.
  const fewest = Math.ceil((total * companyThreshold) / (2 - companyThreshold) - 1e-9);
  const counts = new Map<string, number>();
  for (let i = 0; i < total; i++) {
    const gram = `${chars[i]}${chars[i + 1]}`;
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  // From the end: the first characters are the prefix every candidate already shares, so its bigram selects nothing.
  const grams: string[] = [];
  let left = total;
  for (let i = total - 1; i >= 0 && left >= fewest; i--) {
    const gram = `${chars[i]}${chars[i + 1]}`;
    if (grams.includes(gram)) continue;
    grams.push(gram);
    left -= counts.get(gram) ?? 0;
  }
  return grams;
}
