import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { bankStatementsApi } from '../../src/http/api/bank-statements.ts';
import { buildServer } from '../../src/http/server.ts';
import { insertOrder, insertTeam, type Team } from '../collections/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps, testKeyring } from '../helpers/deps.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const camt = fixture('camt053-icbc.xml');
const mt940 = fixture('mt940-icbc.sta');

describe('bank statement formats: camt.053, MT940 and two CSV layouts', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let key: string;
  let team: Team;
  let installmentIds: string[];
  const clock = testClock('2026-11-03T02:00:00Z');

  const post = (payload: string | object, contentType: string) =>
    app.inject({
      method: 'POST',
      url: '/api/bank-statements',
      headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const counts = async () => ({
    bank_transactions: await countRows(database, 'bank_transactions'),
    statement_imports: await countRows(database, 'statement_imports'),
    allocations: await countRows(database, 'allocations'),
    recon_exceptions: await countRows(database, 'recon_exceptions'),
    outbox: await countRows(database, 'outbox'),
    audit_log: await countRows(database, 'audit_log'),
  });
  const paid = async () =>
    (await database.pool.query('select paid_minor from installments order by position')).rows.map((r) =>
      Number(r.paid_minor),
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = testDeps(database, { clock });
    team = await insertTeam(database);
    ({ installmentIds } = await insertOrder(database, {
      number: 'SO-2026-00012',
      ownerId: team.rep.id,
      customerId: team.customer.id,
      parts: [
        { dueOn: '2026-11-01', amountMinor: 60_000 },
        { dueOn: '2026-12-01', amountMinor: 60_000 },
        { dueOn: '2027-01-01', amountMinor: 30_000 },
        { dueOn: '2027-02-01', amountMinor: 45_000 },
      ],
    }));
    key = (await createApiKey(deps, 'bank')).key;
    app = await buildServer({ deps, api: [bankStatementsApi], adapters: [], health: {} });
  });

  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('a malformed camt.053 amount is refused naming the element; nothing is written', async () => {
    const before = await counts();
    const res = await post(
      camt.replace(
        '<Amt Ccy="CNY">600.00</Amt>\n        <CdtDbtInd>',
        '<Amt Ccy="CNY">6OO.00</Amt>\n        <CdtDbtInd>',
      ),
      'application/xml',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'statement_camt053_amount', field: 'xml.Stmt[1]/Ntry[1]/Amt' });
    expect(res.json().message).toBe(
      'Element Stmt[1]/Ntry[1]/Amt: "6OO.00" is not a positive amount.\nNothing was imported (1 bad entry/entries); fix them and send the file again.',
    );
    expect(await counts()).toEqual(before);
  });

  it('XML that is not well-formed is refused with its line', async () => {
    const res = await post(
      camt.replace('</AcctSvcrRef>\n        <BkTxCd>', '\n        <BkTxCd>'),
      'application/xml',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('statement_camt053_xml');
    expect(res.json().message).toMatch(
      /^The camt\.053 file is not well-formed XML at line \d+: .+ Nothing was imported\.$/,
    );
    expect(await countRows(database, 'bank_transactions')).toBe(0);
  });

  it('camt.053: booked entries only; the credit naming the order in full-width characters pays installment 1', async () => {
    const res = await post(camt, 'application/xml');
    expect(res.statusCode).toBe(201);
    // Entry 3 is pending (not booked), so three lines; the bank fee (a debit) is recorded but is no receivable.
    expect(res.json()).toMatchObject({ total: 3, imported: 3, skipped: 0, matched: 1, exceptions: 1 });
    expect(await paid()).toEqual([60_000, 0, 0, 0]);
    const txns = await database.pool.query(
      'select bank_txn_id, amount_minor, payer, payer_account, status from bank_transactions order by amount_minor',
    );
    expect(
      txns.rows.map((r) => [
        r.bank_txn_id.replace(/^h:[0-9a-f]{40}$/, 'h:<hash>'),
        Number(r.amount_minor),
        r.payer,
        // Sealed at rest; opened, the account as the bank wrote it.
        testKeyring().decrypt(r.payer_account),
        r.status,
      ]),
    ).toEqual([
      ['ICBC20261102000207', -3_500, null, null, 'unmatched'],
      ['h:<hash>', 12_000, 'Wu Trading', null, 'unmatched'],
      ['ICBC20261102000193', 60_000, 'Acme Tools Co., Ltd.', '6222 0210 0101 5678', 'matched'],
    ]);
  });

  it('re-importing the camt.053 file adds nothing, the line without a bank id included', async () => {
    const before = await counts();
    const res = await post(camt, 'application/xml');
    expect(res.json()).toMatchObject({ total: 3, imported: 0, skipped: 3, matched: 0, exceptions: 0 });
    const after = await counts();
    expect({ ...after, statement_imports: 0, audit_log: 0 }).toEqual({
      ...before,
      statement_imports: 0,
      audit_log: 0,
    });
  });

  it('a malformed MT940 :61: line is refused naming the line', async () => {
    const before = await counts();
    const res = await post(
      mt940.replace(':61:2611021102C600,00NTRF', ':61:2611021102C600.00NTRF'),
      'text/plain',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'statement_mt940_mt940_line', field: 'lines.6' });
    expect(res.json().message).toContain(
      'Line 6: "2611021102C600.00NTRFSO-2026-00012//ICBC0193" is not a valid :61: statement line',
    );
    expect(await counts()).toEqual(before);
  });

  it('MT940: the credit pays installment 2 by its memo; re-import adds nothing', async () => {
    const res = await post(mt940, 'text/plain');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ total: 3, imported: 3, matched: 1, exceptions: 1 });
    expect(await paid()).toEqual([60_000, 60_000, 0, 0]);
    const acme = await database.pool.query(
      `select payer, payer_account, memo from bank_transactions where bank_txn_id = 'ICBC0193'`,
    );
    expect(acme.rows.map((r) => ({ ...r, payer_account: testKeyring().decrypt(r.payer_account) }))).toEqual([
      { payer: 'Acme Tools Co', payer_account: '6222021001015678', memo: 'SO-2026-00012 second instalment' },
    ]);
    const again = await post(mt940, 'text/plain');
    expect(again.json()).toMatchObject({ total: 3, imported: 0, skipped: 3 });
  });

  it('CSV, standard layout without bank ids: keyed by hash, so a re-import adds nothing', async () => {
    const csv = 'date,amount,currency,payer,memo\n2026-11-05,300.00,CNY,Acme Tools,SO-2026-00012 third\n';
    const first = await post(csv, 'text/csv');
    expect(first.json()).toMatchObject({ total: 1, imported: 1, matched: 1 });
    expect(await paid()).toEqual([60_000, 60_000, 30_000, 0]);
    const again = await post(csv, 'text/csv');
    expect(again.json()).toMatchObject({ total: 1, imported: 0, skipped: 1 });
  });

  it("CSV, a bank's own layout mapped column by column", async () => {
    const csv = [
      '交易时间,收入金额,币种,对方户名,对方账号,交易附言,银行流水',
      '2026-11-06,450.00,人民币,Acme Tools Co,6222021001015678,尾款 so 2026 00012,CMB-88001',
    ].join('\r\n');
    const res = await post(
      {
        text: csv,
        format: 'csv',
        columns: { date: '交易时间', amount: '收入金额', memo: '交易附言', bank_txn_id: '银行流水' },
      },
      'application/json',
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ total: 1, imported: 1, matched: 1 });
    expect(await paid()).toEqual([60_000, 60_000, 30_000, 45_000]);
    const row = await database.pool.query(
      `select installment_id from allocations a join bank_transactions t on t.id = a.bank_transaction_id where t.bank_txn_id = 'CMB-88001'`,
    );
    expect(row.rows).toEqual([{ installment_id: installmentIds[3] }]);
  });

  it('an unknown mapped column is refused by the API schema', async () => {
    const res = await post({ text: 'a,b\n1,2', columns: { when: 'a' } }, 'application/json');
    expect(res.statusCode).toBe(400);
  });
});
