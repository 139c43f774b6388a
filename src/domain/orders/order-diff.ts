// Owns what changed between two versions of an order: header fields and lines added, removed or changed.

export interface SnapshotLine {
  productId: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  discountBp: number;
  amountMinor: number;
}

// The part of an order_versions snapshot a diff compares (snapshots carry more, e.g. the customer).
export interface VersionContent {
  totalMinor: number;
  paymentPlan: string;
  terms: string | null;
  nonStandardTerms: boolean;
  lines: readonly SnapshotLine[];
}

export type LineField = 'quantity' | 'unitPriceMinor' | 'discountBp' | 'amountMinor';

export type Change =
  | { kind: 'total'; from: number; to: number }
  | { kind: 'paymentPlan'; from: string; to: string }
  | { kind: 'terms'; from: string | null; to: string | null }
  | { kind: 'nonStandardTerms'; from: boolean; to: boolean }
  | { kind: 'lineAdded'; line: SnapshotLine }
  | { kind: 'lineRemoved'; line: SnapshotLine }
  | {
      kind: 'lineChanged';
      description: string;
      fields: { field: LineField; from: number; to: number }[];
    };

const lineFields: readonly LineField[] = ['quantity', 'unitPriceMinor', 'discountBp', 'amountMinor'];

// A line is "the same line" when it names the same product (or, without one, the same description);
// repeated keys pair up in order, so two identical lines where there was one read as one added.
function lineKey(l: SnapshotLine): string {
  return l.productId ? `p:${l.productId}` : `d:${l.description.trim().toLowerCase()}`;
}

export function diffVersions(before: VersionContent, after: VersionContent): Change[] {
  const changes: Change[] = [];
  if (before.totalMinor !== after.totalMinor)
    changes.push({ kind: 'total', from: before.totalMinor, to: after.totalMinor });
  if (before.paymentPlan !== after.paymentPlan)
    changes.push({ kind: 'paymentPlan', from: before.paymentPlan, to: after.paymentPlan });
  if ((before.terms ?? null) !== (after.terms ?? null))
    changes.push({ kind: 'terms', from: before.terms ?? null, to: after.terms ?? null });
  if (before.nonStandardTerms !== after.nonStandardTerms)
    changes.push({ kind: 'nonStandardTerms', from: before.nonStandardTerms, to: after.nonStandardTerms });

  const unmatched = new Map<string, SnapshotLine[]>();
  for (const l of before.lines) {
    const k = lineKey(l);
    unmatched.set(k, [...(unmatched.get(k) ?? []), l]);
  }
  const added: SnapshotLine[] = [];
  for (const l of after.lines) {
    const candidates = unmatched.get(lineKey(l));
    const old = candidates?.shift();
    if (!old) {
      added.push(l);
      continue;
    }
    const fields = lineFields
      .filter((f) => old[f] !== l[f])
      .map((f) => ({ field: f, from: old[f], to: l[f] }));
    if (fields.length > 0) changes.push({ kind: 'lineChanged', description: l.description, fields });
  }
  for (const l of added) changes.push({ kind: 'lineAdded', line: l });
  for (const rest of unmatched.values()) for (const l of rest) changes.push({ kind: 'lineRemoved', line: l });
  return changes;
}
