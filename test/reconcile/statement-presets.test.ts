// POST /api/bank-statements with a bank's preset layout and the statement's own account.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { bankStatementsApi } from '../../src/http/api/bank-statements.ts';
import { buildServer } from '../../src/http/server.ts';
import { insertOrder, insertTeam } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

// ICBC's corporate export: credits in 贷方发生额, no bank transaction id, no account column.
const icbc = [
  '交易日期,贷方发生额,币种,对方单位名称,用途',
  '2026-11-02,600.00,人民币,Acme Tools,货款 SO-2026-00012',
].join('\n');

describe('bank statement presets', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let key: string;

  const post = (payload: object) =>
    app.inject({
      method: 'POST',
      url: '/api/bank-statements',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = testDeps(database, { clock: testClock('2026-11-03T02:00:00Z') });
    const team = await insertTeam(database);
    await insertOrder(database, {
      number: 'SO-2026-00012',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [{ dueOn: '2026-11-01', amountMinor: 60_000 }],
    });
    key = (await createApiKey(deps, 'bank')).key;
    app = await buildServer({ deps, api: [bankStatementsApi], adapters: [], health: {} });
  });

  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('without the preset the layout is refused naming the missing column', async () => {
    const res = await post({ text: icbc, format: 'csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'statement_missing_column', field: 'header.amount' });
    expect(await countRows(database, 'bank_transactions')).toBe(0);
  });

  it('an unknown preset is refused by the schema', async () => {
    const res = await post({ text: icbc, preset: 'hsbc' });
    expect(res.statusCode).toBe(400);
    expect(await countRows(database, 'statement_imports')).toBe(0);
  });

  it('preset icbc reads it; the same booking from another account is another line, from the same account a repeat', async () => {
    const first = await post({ text: icbc, preset: 'icbc', account: '1001 2345 6789' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ total: 1, imported: 1, matched: 1, suggested: 0, exceptions: 0 });
    const paid = await database.pool.query('select paid_minor from installments');
    expect(paid.rows).toEqual([{ paid_minor: '60000' }]);

    const repeat = await post({ text: icbc, preset: 'icbc', account: '1001 2345 6789' });
    expect(repeat.json()).toMatchObject({ imported: 0, skipped: 1 });
    const other = await post({ text: icbc, preset: 'icbc', account: '2002 0000 1111' });
    // A second payment naming a paid order: imported, and an exception for finance.
    expect(other.json()).toMatchObject({ imported: 1, matched: 0, exceptions: 1 });
    expect(await countRows(database, 'bank_transactions')).toBe(2);
  });
});
