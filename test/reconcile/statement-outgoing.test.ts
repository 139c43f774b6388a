// A statement's money going out (a fee, a refund) is kept but never matched: the reply still accounts for it, so
// finance does not read "4 lines, 1 matched, 2 exceptions" and wonder where the fourth went.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleFilesPlugin } from '../../adapters/console/files.ts';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { users } from '../../src/db/schema.ts';
import { bankStatementsApi } from '../../src/http/api/bank-statements.ts';
import { buildServer } from '../../src/http/server.ts';
import { statementImportReport } from '../../src/messages/catalogue/statement-import.ts';
import { insertOrder, insertTeam, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

const header = 'date,amount,currency,payer,memo,bank_txn_id';

describe('a statement with money going out', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let key: string;
  let team: Team;
  let zhFinance: string;
  let dataDir: string;
  const clock = testClock('2026-11-03T02:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = testDeps(database, { clock });
    team = await insertTeam(database);
    const [fin] = await database.db
      .insert(users)
      .values({ email: 'liu-fin@example.com', name: '刘桂英', roles: ['finance'], locale: 'zh-CN' })
      .returning();
    zhFinance = fin!.id;
    await insertOrder(database, {
      number: 'SO-2026-00012',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [
        { dueOn: '2026-11-01', amountMinor: 60_000 },
        { dueOn: '2026-12-01', amountMinor: 60_000 },
      ],
    });
    key = (await createApiKey(deps, 'bank')).key;
    dataDir = await mkdtemp(join(tmpdir(), 'closeloop-outgoing-'));
    app = await buildServer({
      deps,
      api: [bankStatementsApi],
      adapters: [consoleFilesPlugin({ dataDir })],
      health: {},
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('console (chat import, zh-CN): the fee line is named as money going out, kept and not matched', async () => {
    const text = [
      header,
      '2026-11-02,600.00,CNY,Acme Tools,SO-2026-00012,F-1',
      '2026-11-02,-35.00,CNY,,账户管理费,F-2',
      '2026-11-02,88.00,CNY,Someone,rent,F-3',
    ].join('\n');
    const res = await app.inject({
      method: 'POST',
      url: '/console/api/file',
      payload: {
        as: zhFinance,
        caption: '流水 导入',
        fileName: 'dec.csv',
        contentBase64: Buffer.from(text).toString('base64'),
      },
    });
    expect(res.statusCode).toBe(200);
    const reply: string = res.json().text;
    expect(reply).toContain(
      'dec.csv：共 3 笔 — 新增 3 笔，已导入过 0 笔，自动匹配 1 笔，1 笔异常已交财务处理。',
    );
    expect(reply).toContain('新增中有 1 笔为支出（手续费、退款、付款）：仅留存记录，不参与对账。');
  });

  it('API: the answer counts the outgoing line beside matched and exceptions', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/bank-statements',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      payload: [
        header,
        '2026-11-03,-12.50,CNY,,refund,G-1',
        '2026-11-03,-3.00,CNY,,fee,G-2',
        '2026-11-03,9.00,CNY,Nobody,misc,G-3',
      ].join('\n'),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ total: 3, imported: 3, matched: 0, exceptions: 1, outgoing: 2 });
  });

  it('CLI report: a line for the money going out, none when there is none', () => {
    const counts = {
      total: 4,
      imported: 4,
      skipped: 0,
      matched: 1,
      suggested: 0,
      exceptions: 2,
      repeated: [],
    };
    expect(statementImportReport('camt1.xml', { ...counts, outgoing: 1 }, 'en')).toContain(
      '  money going out (fees, refunds, payments), kept for the record and not matched: 1',
    );
    expect(statementImportReport('camt1.xml', { ...counts, outgoing: 0 }, 'en').join('\n')).not.toContain(
      'money going out',
    );
  });
});
