// Owns the follow-up vocabulary: activity kinds a rep logs, reasons a lead is lost, and reading a lead number.

export const activityKinds = ['call', 'visit', 'message', 'note'] as const;
export type ActivityKind = (typeof activityKinds)[number];

export const lostReasons = [
  'price',
  'competitor',
  'no-budget',
  'no-response',
  'not-a-fit',
  'timing',
] as const;
export type LostReason = (typeof lostReasons)[number];

// Chinese words people type for each kind and reason.
const kindAliases: Record<string, ActivityKind> = {
  电话: 'call',
  通话: 'call',
  拜访: 'visit',
  上门: 'visit',
  消息: 'message',
  微信: 'message',
  备注: 'note',
  笔记: 'note',
};

const reasonAliases: Record<string, LostReason> = {
  价格: 'price',
  竞品: 'competitor',
  竞争对手: 'competitor',
  没预算: 'no-budget',
  无预算: 'no-budget',
  联系不上: 'no-response',
  无回应: 'no-response',
  不匹配: 'not-a-fit',
  时机: 'timing',
};

export function activityKindOf(word: string): ActivityKind | null {
  const w = word.normalize('NFKC').trim().toLowerCase();
  return (activityKinds as readonly string[]).includes(w) ? (w as ActivityKind) : (kindAliases[w] ?? null);
}

export function lostReasonOf(word: string): LostReason | null {
  const w = word.normalize('NFKC').trim().toLowerCase();
  return (lostReasons as readonly string[]).includes(w) ? (w as LostReason) : (reasonAliases[w] ?? null);
}

// "L-000042", "l42" or "42" → 42; null when it is not a lead number.
export function leadSeqOf(text: string): number | null {
  const m = /^(?:l-?)?0*(\d{1,12})$/i.exec(text.normalize('NFKC').trim());
  return m?.[1] ? Number(m[1]) : null;
}

// "2026-12-03", "2026/12/3", "12-03" or "12月3日" → "2026-12-03"; a date without a year that has passed this year is
// next year's. Null when it is not a calendar date. `today` (YYYY-MM-DD) is the person's own date.
export function nextStepDateOf(text: string, today: string): string | null {
  const t = text.normalize('NFKC').trim();
  const m =
    /^(?:(\d{4})[-/.])?(\d{1,2})[-/.](\d{1,2})$/.exec(t) ?? /^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日?$/.exec(t);
  if (!m?.[2] || !m[3]) return null;
  const iso = `${m[1] ?? today.slice(0, 4)}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) return null;
  return !m[1] && iso < today ? `${Number(iso.slice(0, 4)) + 1}${iso.slice(4)}` : iso;
}
