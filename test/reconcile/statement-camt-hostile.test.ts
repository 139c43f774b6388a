// Hostile camt.053 files (external entities, oversized entities, deep nesting): a 400 naming the problem, nothing written.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { statementRefusal } from '../../src/app/reconcile/import-statement.ts';
import { parseStatementCamt } from '../../src/domain/reconcile/statement-camt.ts';
import { bankStatementsApi } from '../../src/http/api/bank-statements.ts';
import { buildServer } from '../../src/http/server.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, rowCounts, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';
import { hostileCamt, nestedStatement } from './fixtures/hostile-camt.ts';

describe('parseStatementCamt on hostile XML', () => {
  it.each([
    ['externalEntity', { line: 2, field: 'xml', reason: 'doctype', value: 'DOCTYPE' }],
    ['oversizedEntity', { line: 2, field: 'xml', reason: 'doctype', value: 'DOCTYPE' }],
    ['entityWithoutDoctype', { line: 2, field: 'xml', reason: 'doctype', value: 'ENTITY' }],
    ['deepNesting', { line: 0, field: 'xml', reason: 'depth', value: '100005' }],
  ] as const)('%s → one problem, no lines, no throw', (name, problem) => {
    expect(parseStatementCamt(hostileCamt[name])).toEqual({ lines: [], problems: [problem] });
  });

  it.each(['externalEntity', 'deepNesting'] as const)(
    '%s: the refusal says nothing was imported once, counting no entries, in zh-CN and en',
    (name) => {
      const refusal = statementRefusal('camt053', parseStatementCamt(hostileCamt[name]));
      const en = errorText(refusal, 'en');
      expect(en.match(/Nothing was imported/g)).toHaveLength(1);
      expect(en).not.toContain('entry/entries');
      const zh = errorText(refusal, 'zh-CN');
      expect(zh.match(/未导入任何数据/g)).toHaveLength(1);
      expect(zh).not.toContain('笔交易有误');
    },
  );

  it('a document just under the depth cap still reads', () => {
    const deep = nestedStatement(`${'<a>'.repeat(50)}${'</a>'.repeat(50)}`);
    expect(parseStatementCamt(deep).problems.map((p) => p.reason)).not.toContain('depth');
  });
});

describe('POST /api/bank-statements with hostile camt.053', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let key: string;
  const tables = ['bank_transactions', 'statement_imports', 'allocations', 'recon_exceptions', 'audit_log'];

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = testDeps(database, { clock: testClock('2026-11-03T02:00:00Z') });
    key = (await createApiKey(deps, 'bank')).key;
    app = await buildServer({ deps, api: [bankStatementsApi], adapters: [], health: {} });
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it.each([
    [
      'externalEntity',
      'statement_camt053_doctype',
      /carries a DOCTYPE declaration at line 2; statements must not declare a DTD/,
    ],
    ['oversizedEntity', 'statement_camt053_doctype', /carries a DOCTYPE declaration/],
    [
      'deepNesting',
      'statement_camt053_depth',
      /nests elements 100005 deep; a statement needs far fewer than 64/,
    ],
  ] as const)('%s is 400 %s, as XML or inside JSON; nothing is written', async (name, error, message) => {
    const before = await rowCounts(database, tables);
    for (const [payload, contentType] of [
      [hostileCamt[name], 'application/xml'],
      [JSON.stringify({ text: hostileCamt[name], format: 'camt053' }), 'application/json'],
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/bank-statements',
        headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe(error);
      expect(res.json().message).toMatch(message);
      // A file refused as a whole says so once, and counts no entries.
      expect(res.json().message.match(/Nothing was imported/g)).toHaveLength(1);
      expect(res.json().message).not.toMatch(/bad entr/);
    }
    expect(await rowCounts(database, tables)).toEqual(before);
  });
});
