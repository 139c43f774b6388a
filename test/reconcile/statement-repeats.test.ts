// A bank export that repeats a line is imported with the repeat skipped and reported (API, chat/console reply); a
// bad line is reported with every one of its problems and counted once; money going out (a fee, a refund) is kept,
// never matched, and counted too, so the reply accounts for every line.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleFilesPlugin } from '../../adapters/console/files.ts';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { badLineCount, parseStatement } from '../../src/app/reconcile/import-statement.ts';
import { users } from '../../src/db/schema.ts';
import { bankStatementsApi } from '../../src/http/api/bank-statements.ts';
import { buildServer } from '../../src/http/server.ts';
import { statementImportReport } from '../../src/messages/catalogue/statement-import.ts';
import { insertOrder, insertTeam, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

const header = 'date,amount,currency,payer,memo,bank_txn_id';

describe('parsing: a repeated line is a line, a reused id on another booking is a problem', () => {
  it.each([
    [
      'csv, the same line twice',
      `${header}\n2026-11-02,600.00,CNY,Acme,SO-1,T1\n2026-11-02,600.00,CNY,Acme,SO-1,T1`,
      { lines: 2, problems: [] as string[] },
    ],
    [
      'csv, the id on another amount',
      `${header}\n2026-11-02,600.00,CNY,Acme,SO-1,T1\n2026-11-02,601.00,CNY,Acme,SO-1,T1`,
      { lines: 1, problems: ['3.bank_txn_id.duplicate_txn'] },
    ],
    [
      'mt940, the same :61: twice',
      [
        ':20:STMT',
        ':25:ACCT',
        ':60F:C261101CNY0,00',
        ':61:2611021102C600,00NTRFREF1//B-1',
        ':86:SO-1',
        ':61:2611021102C600,00NTRFREF1//B-1',
        ':86:SO-1',
        ':62F:C261102CNY1200,00',
      ].join('\n'),
      { lines: 2, problems: [] as string[] },
    ],
  ])('%s', (_name, text, expected) => {
    const { parsed } = parseStatement({ text });
    expect(parsed.lines).toHaveLength(expected.lines);
    expect(parsed.problems.map((p) => `${p.line}.${p.field}.${p.reason}`)).toEqual(expected.problems);
  });

  it('a line with two problems is one bad line', () => {
    const { parsed } = parseStatement({
      text: `${header}\n2026-11-02,1,CNY,,,T1\n2026-13-01,abc,CNY,,,T2`,
    });
    expect(parsed.problems.map((p) => `${p.line}.${p.field}`)).toEqual(['3.date', '3.amount']);
    expect(badLineCount(parsed)).toBe(1);
  });
});

describe('importing a file that repeats a line, and a file with a bad line', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let key: string;
  let team: Team;
  let dataDir: string;
  const clock = testClock('2026-11-03T02:00:00Z');

  const post = (text: string) =>
    app.inject({
      method: 'POST',
      url: '/api/bank-statements',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      payload: text,
    });
  const upload = (as: string, fileName: string, text: string, caption = 'bank import') =>
    app.inject({
      method: 'POST',
      url: '/console/api/file',
      payload: { as, caption, fileName, contentBase64: Buffer.from(text).toString('base64') },
    });
  const paid = async () =>
    (await database.pool.query('select paid_minor from installments order by position')).rows.map((r) =>
      Number(r.paid_minor),
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = testDeps(database, { clock });
    team = await insertTeam(database);
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
    dataDir = await mkdtemp(join(tmpdir(), 'closeloop-repeats-'));
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

  it('API: the repeated line is skipped and listed; the money is paid once', async () => {
    const res = await post(
      [
        header,
        '2026-11-02,600.00,CNY,Acme Tools,SO-2026-00012,B-1',
        '2026-11-02,88.00,CNY,Someone,rent,B-2',
        '2026-11-02,600.00,CNY,Acme Tools,SO-2026-00012,B-1',
      ].join('\n'),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      total: 3,
      imported: 2,
      skipped: 1,
      matched: 1,
      exceptions: 1,
      repeated: [{ line: 4, firstLine: 2, bankTxnId: 'B-1' }],
    });
    expect(await paid()).toEqual([60_000, 0]);
    expect(await countRows(database, 'bank_transactions')).toBe(2);
  });

  it('console (chat import): the reply says which line repeated which', async () => {
    const res = await upload(
      team.finance.id,
      'dec.csv',
      [header, '2026-11-05,10.00,CNY,Someone,misc,C-1', '2026-11-05,10.00,CNY,Someone,misc,C-1'].join('\n'),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().text).toContain('dec.csv: 2 lines — 1 new, 0 already imported');
    expect(res.json().text).toContain('repeated in the file and skipped: 1 — line 3 repeats line 2 (C-1)');
  });

  it('a bank id reused on another booking is refused, naming both lines; nothing is written', async () => {
    const before = await countRows(database, 'bank_transactions');
    const res = await post(
      [header, '2026-11-06,10.00,CNY,A,x,D-1', '2026-11-06,11.00,CNY,A,x,D-1'].join('\n'),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'statement_duplicate_txn', field: 'rows.3.bank_txn_id' });
    expect(res.json().message).toContain('is already used on line 2 for a different booking');
    expect(await countRows(database, 'bank_transactions')).toBe(before);
  });

  it('a line with two problems: both are reported (API and console), counted as one bad line', async () => {
    const bad = [header, '2026-11-02,1.00,CNY,A,x,E-1', '2026-13-01,abc,CNY,A,x,E-2'].join('\n');
    const before = await countRows(database, 'bank_transactions');
    const res = await post(bad);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'statement_date', field: 'rows.3.date' });
    expect(res.json().problems).toEqual([
      expect.objectContaining({ error: 'statement_date', field: 'rows.3.date' }),
      expect.objectContaining({ error: 'statement_amount', field: 'rows.3.amount' }),
      expect.objectContaining({ error: 'statement_rejected' }),
    ]);
    expect(res.json().message).toContain('Line 3: date "2026-13-01" is not a date');
    expect(res.json().message).toContain('Line 3: amount "abc" is not an amount');
    expect(res.json().message).toContain('Nothing was imported (1 bad line(s))');

    const console = await upload(team.finance.id, 'bad.csv', bad);
    expect(console.statusCode).toBe(400);
    const text = console.json().reply.text as string;
    expect(text).toContain('Line 3: date "2026-13-01" is not a date');
    expect(text).toContain('Line 3: amount "abc" is not an amount');
    expect(text).toContain('(1 bad line(s))');
    expect(await countRows(database, 'bank_transactions')).toBe(before);
  });

  it('console (chat import, zh-CN): a fee line is named as money going out, kept and not matched', async () => {
    const [fin] = await database.db
      .insert(users)
      .values({ email: 'liu-fin@example.com', name: '刘桂英', roles: ['finance'], locale: 'zh-CN' })
      .returning();
    const text = [
      header,
      '2026-11-02,600.00,CNY,Acme Tools,SO-2026-00012 第二期,F-1',
      '2026-11-02,-35.00,CNY,,账户管理费,F-2',
      '2026-11-02,77.00,CNY,Someone Else,deposit,F-3',
    ].join('\n');
    const res = await upload(fin!.id, 'dec.csv', text, '流水 导入');
    expect(res.statusCode).toBe(200);
    const reply: string = res.json().text;
    expect(reply).toContain(
      'dec.csv：共 3 笔 — 新增 3 笔，已导入过 0 笔，自动匹配 1 笔，1 笔异常已交财务处理。',
    );
    expect(reply).toContain('新增中有 1 笔为支出（手续费、退款、付款）：仅留存记录，不参与对账。');
  });

  it('API: the answer counts the outgoing lines beside matched and exceptions', async () => {
    const res = await post(
      [
        header,
        '2026-11-03,-12.50,CNY,,refund,G-1',
        '2026-11-03,-3.00,CNY,,fee,G-2',
        '2026-11-03,9.00,CNY,Nobody,misc,G-3',
      ].join('\n'),
    );
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
