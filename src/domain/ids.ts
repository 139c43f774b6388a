// Owns the shape of entity ids and references: a lead or order named by its id or its number, read the same everywhere.

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return uuidPattern.test(id);
}

// "L-000042", "l42", "#42" or "42" (full-width digits too) → 42; null when it is not a lead number. Twelve digits at
// most keeps the number far inside the database column.
export function leadSeqOf(text: string): number | null {
  const m = /^(?:l-?|#)?0*(\d{1,12})$/i.exec(text.normalize('NFKC').trim());
  return m?.[1] ? Number(m[1]) : null;
}

export type LeadRef = { id: string } | { seq: number };

// A lead as people and systems name it: its id (a card button, the API's id) or its number (what people type).
export function leadRefOf(text: string): LeadRef | null {
  const t = text.normalize('NFKC').trim();
  if (isUuid(t)) return { id: t.toLowerCase() };
  const seq = leadSeqOf(t);
  return seq === null ? null : { seq };
}

export type OrderRef = { id: string } | { number: string };

// An order number as people and bank memos write it — any case, dashes dropped or spaced ("so 2026 00012",
// "SO202600012", the form exception cards quote) — in the form orders carry: SO-2026-00012.
export function orderNumberOf(text: string): string {
  const t = text.normalize('NFKC').trim().toUpperCase();
  const m = /^SO[\s-]*(\d{4})[\s-]*(\d{5,})$/.exec(t);
  return m ? `SO-${m[1]}-${m[2]}` : t;
}

// An order by its id, or by its number in any form orderNumberOf reads.
export function orderRefOf(text: string): OrderRef {
  const t = text.normalize('NFKC').trim();
  return isUuid(t) ? { id: t.toLowerCase() } : { number: orderNumberOf(t) };
}
