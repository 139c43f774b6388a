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
