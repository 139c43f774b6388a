import { describe, expect, it } from 'vitest';
import {
  type AuditRowContent,
  auditRowHash,
  canonicalJson,
  checkChain,
  genesis,
  type SealedAuditRow,
  sealRows,
} from '../../../src/domain/audit/chain.ts';

const row = (id: number, after: unknown = { status: 'approved' }): AuditRowContent => ({
  id,
  at: `2026-12-01T08:00:0${id % 10}.123456Z`,
  actorId: null,
  actorLabel: 'user:wang@acme.cn',
  platform: 'slack',
  action: 'order.approve',
  entityType: 'order',
  entityId: '00000000-0000-4000-8000-000000000001',
  before: { status: 'pending_approval' },
  after,
});

function sealed(rows: AuditRowContent[]): SealedAuditRow[] {
  const seals = sealRows(genesis, rows);
  return rows.map((r, i) => ({ ...r, sealSeq: seals[i]?.seq ?? 0, hash: seals[i]?.hash ?? '' }));
}

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}'],
    [null, 'null'],
    [undefined, 'null'],
    ['说明', '"说明"'],
    [[3, 'x'], '[3,"x"]'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe('the audit hash chain', () => {
  const rows = [row(1), row(2), row(3), row(4)];

  it('seals rows one after another from genesis, each hash over the previous one', () => {
    const seals = sealRows(genesis, rows);
    expect(seals.map((s) => s.seq)).toEqual([1, 2, 3, 4]);
    expect(seals[0]?.hash).toBe(auditRowHash(genesis.hash, row(1)));
    expect(seals[1]?.hash).toBe(auditRowHash(seals[0]?.hash ?? '', row(2)));
    expect(new Set(seals.map((s) => s.hash)).size).toBe(4);
  });

  it('the same content in another key order hashes the same (jsonb reorders keys)', () => {
    const a = row(1, { status: 'approved', level: 2 });
    const b = row(1, { level: 2, status: 'approved' });
    expect(auditRowHash(genesis.hash, a)).toBe(auditRowHash(genesis.hash, b));
  });

  it.each([
    ['an intact chain', (c: SealedAuditRow[]) => c, null],
    [
      'a changed after value',
      (c: SealedAuditRow[]) => c.map((r) => (r.sealSeq === 3 ? { ...r, after: { status: 'rejected' } } : r)),
      { problem: 'changed', seq: 3, id: 3 },
    ],
    [
      'a changed actor',
      (c: SealedAuditRow[]) => c.map((r) => (r.sealSeq === 2 ? { ...r, actorLabel: 'user:li@acme.cn' } : r)),
      { problem: 'changed', seq: 2, id: 2 },
    ],
    [
      'a changed platform',
      (c: SealedAuditRow[]) => c.map((r) => (r.sealSeq === 1 ? { ...r, platform: 'console' } : r)),
      { problem: 'changed', seq: 1, id: 1 },
    ],
    [
      'a removed row',
      (c: SealedAuditRow[]) => c.filter((r) => r.sealSeq !== 2),
      { problem: 'missing', afterSeq: 1, nextSeq: 3 },
    ],
    [
      'a re-hashed row (its successor no longer links)',
      (c: SealedAuditRow[]) =>
        c.map((r) =>
          r.sealSeq === 2
            ? {
                ...r,
                after: { status: 'x' },
                hash: auditRowHash(c[0]?.hash ?? '', { ...r, after: { status: 'x' } }),
              }
            : r,
        ),
      { problem: 'changed', seq: 3, id: 3 },
    ],
  ])('%s', (_name, tamper, broken) => {
    const result = checkChain(genesis, tamper(sealed(rows)));
    expect(result.broken).toEqual(broken);
  });

  it('continues from a link, so a chain can be checked a page at a time', () => {
    const chain = sealed(rows);
    const first = checkChain(genesis, chain.slice(0, 2));
    const rest = checkChain(first.last, chain.slice(2));
    expect([first.checked, rest.checked, rest.broken]).toEqual([2, 2, null]);
    expect(rest.last).toEqual({ seq: 4, hash: chain[3]?.hash });
  });
});
