// copyMany writes what insertMany would, through COPY on the transaction's connection: every value as given (text
// with tabs, newlines and backslashes, NULLs, JSON), serial ids in row order, and nothing once the transaction rolls back.
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyMany } from '../../src/db/bulk-insert.ts';
import { auditLog } from '../../src/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const at = new Date('2026-11-02T08:30:00.000Z');
const row = (n: number, label: string, after: unknown) => ({
  at,
  actorId: null,
  actorLabel: label,
  platform: n % 2 === 0 ? null : 'console',
  action: 'bank_transaction.import',
  entityType: 'bank_transaction',
  entityId: `line-${n}`,
  before: null,
  after,
});

describe('copyMany', () => {
  it('writes every value as given, in row order, inside the transaction', async () => {
    const awkward = 'tab\there, new\nline, back\\slash \\N, cr\r, 全角 “quotes”';
    const rows = [
      row(1, awkward, { memo: awkward, posted: [{ amountMinor: 100, paidAt: null }] }),
      row(2, '\\', null),
      ...Array.from({ length: 6000 }, (_, k) => row(k + 3, `rep ${k}`, { k })),
    ];
    await database.db.transaction(async (tx) => {
      await copyMany(tx, auditLog, rows);
    });
    const written = await database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'bank_transaction.import'`)
      .orderBy(asc(auditLog.id));
    expect(written).toHaveLength(rows.length);
    expect(written.map((w) => w.entityId)).toEqual(rows.map((r) => r.entityId));
    expect(written[0]).toMatchObject({
      actorLabel: awkward,
      platform: 'console',
      at,
      after: { memo: awkward, posted: [{ amountMinor: 100, paidAt: null }] },
      before: null,
      actorId: null,
    });
    expect(written[1]).toMatchObject({ actorLabel: '\\', platform: null, after: null });
    expect(written.at(-1)?.after).toEqual({ k: 5999 });
  });

  it('writes nothing when the transaction rolls back', async () => {
    const before = await database.pool.query('select count(*)::int as n from audit_log');
    await expect(
      database.db.transaction(async (tx) => {
        await copyMany(tx, auditLog, [row(1, 'rolled back', null)]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    const after = await database.pool.query('select count(*)::int as n from audit_log');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});
