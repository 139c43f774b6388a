// Owns reading a memo for the order and invoice numbers it may name, however a payer typed them.

const joiners = /^[\s\-_.·/\u2010-\u2015\u2212]*$/;
const maxKeyLength = 40;
// What an order number looks like once compacted: a short letter prefix and a run of digits (SO202600012).
const referenceShape = /^[A-Z]{1,5}\d{4,}$/;
// The words payers write an invoice number with (INV-2026-0101, Invoice 2026/0101, FP20260101 for 发票): such a key
// is an invoice number, looked up among installments' invoices and never reported as an unknown order.
const invoiceShape = /^(?:INVOICE|INVNO|INV|FAPIAO|FP)\d{3,}$/;
// An order number reduced to what survives any way a payer might type it: "SO-2026-00012" → "SO202600012".
export function referenceKey(text: string): string {
  return text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

// Every key a memo could be naming: runs of letters/digits joined across spaces and dashes, whole tokens only,
// so "ＳＯ－2026－00012", "so 2026 00012" and "货款SO2026-00012。" all yield "SO202600012", but "SO202600012X" does not.
export function referenceCandidates(memo: string | null): string[] {
  if (!memo) return [];
  const text = memo.normalize('NFKC').toUpperCase();
  const runs: { value: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(/[A-Z0-9]+/g))
    runs.push({ value: m[0], start: m.index, end: m.index + m[0].length });
  const found = new Set<string>();
  for (let i = 0; i < runs.length; i++) {
    let key = '';
    for (let j = i; j < runs.length; j++) {
      const run = runs[j];
      if (!run) break;
      const previous = runs[j - 1];
      if (j > i && previous && !joiners.test(text.slice(previous.end, run.start))) break;
      key += run.value;
      if (key.length > maxKeyLength) break;
      if (/\d/.test(key)) found.add(key);
    }
  }
  return [...found];
}

// The longest order-number-like token, so "SO-2026-99999" is reported whole rather than as "SO2026"; an invoice
// number ("INV 2026 9999") is reported as one only when the memo names no order number.
export function unknownReference(memo: string | null): { kind: 'order' | 'invoice'; key: string } | null {
  const longest = (keys: string[]) => keys.sort((a, b) => b.length - a.length)[0];
  const keys = referenceCandidates(memo);
  const invoices = keys.filter((c) => invoiceShape.test(c));
  const order = longest(keys.filter((c) => referenceShape.test(c) && !invoices.some((i) => i.includes(c))));
  if (order) return { kind: 'order', key: order };
  const invoice = longest(invoices);
  return invoice ? { kind: 'invoice', key: invoice } : null;
}
