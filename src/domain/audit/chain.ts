// Owns the audit log's hash chain: how one row is hashed onto the previous one, and how a walked chain is judged.
import { createHash } from 'node:crypto';

// What a row's hash covers: every column a person reads, in a form PostgreSQL hands back identically every time.
export interface AuditRowContent {
  id: number;
  // The timestamp as PostgreSQL prints it in UTC with microseconds, so nothing is rounded away between seal and verify.
  at: string;
  actorId: string | null;
  actorLabel: string;
  platform: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export interface SealedAuditRow extends AuditRowContent {
  sealSeq: number;
  hash: string;
}

// Where a chain starts: nothing before it (genesis) or the last row moved to an archive.
export interface ChainLink {
  seq: number;
  hash: string;
}

export const genesis: ChainLink = { seq: 0, hash: '0'.repeat(64) };

// JSON with object keys sorted at every depth: jsonb keeps its own key order, which is not the order we wrote.
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export function auditRowHash(previousHash: string, row: AuditRowContent): string {
  const content = canonicalJson([
    row.id,
    row.at,
    row.actorId,
    row.actorLabel,
    row.platform,
    row.action,
    row.entityType,
    row.entityId,
    row.before ?? null,
    row.after ?? null,
  ]);
  return createHash('sha256').update(previousHash).update('\n').update(content).digest('hex');
}

// Seals rows in the order given, continuing from `from`.
export function sealRows(
  from: ChainLink,
  rows: readonly AuditRowContent[],
): Array<{ id: number } & ChainLink> {
  let link = from;
  return rows.map((row) => {
    link = { seq: link.seq + 1, hash: auditRowHash(link.hash, row) };
    return { id: row.id, ...link };
  });
}

export type ChainBreak =
  | { problem: 'missing'; afterSeq: number; nextSeq: number }
  | { problem: 'changed'; seq: number; id: number };

export interface ChainCheck {
  // The last link that held, to continue from with the next page of rows.
  last: ChainLink;
  checked: number;
  broken: ChainBreak | null;
}

// Walks sealed rows in seal order from `from`; the first gap in the sequence or hash that does not recompute breaks it.
export function checkChain(from: ChainLink, rows: readonly SealedAuditRow[]): ChainCheck {
  let last = from;
  let checked = 0;
  for (const row of rows) {
    if (row.sealSeq !== last.seq + 1) {
      return { last, checked, broken: { problem: 'missing', afterSeq: last.seq, nextSeq: row.sealSeq } };
    }
    if (auditRowHash(last.hash, row) !== row.hash) {
      return { last, checked, broken: { problem: 'changed', seq: row.sealSeq, id: row.id } };
    }
    last = { seq: row.sealSeq, hash: row.hash };
    checked += 1;
  }
  return { last, checked, broken: null };
}
