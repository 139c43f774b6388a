import { describe, expect, it } from 'vitest';
import { parseStatementCsv } from '../../src/domain/reconcile/statement-csv.ts';

const header = 'date,amount,currency,payer,memo,bank_txn_id';

describe('parseStatementCsv: good files', () => {
  it("reads a line without a bank transaction id (the importer keys it by hash) and maps a bank's own headers", () => {
    const r = parseStatementCsv('Value date,Credit,Ccy,Purpose\n2026-11-02,10.00,EUR,INV 7', {
      date: 'Value date',
      amount: 'credit',
      currency: 'CCY',
      memo: 'purpose',
    });
    expect(r.problems).toEqual([]);
    expect(r.lines).toMatchObject([
      { bookedOn: '2026-11-02', amountMinor: 1000, currency: 'EUR', memo: 'INV 7', bankTxnId: '' },
    ]);
  });

  it('reads the standard header', () => {
    const r = parseStatementCsv(`${header}\n2026-11-02,1234.50,CNY,Acme Ltd,SO-2026-00012,T1\n`);
    expect(r.problems).toEqual([]);
    expect(r.lines).toEqual([
      {
        line: 2,
        bookedOn: '2026-11-02',
        amountMinor: 123450,
        currency: 'CNY',
        payer: 'Acme Ltd',
        payerAccount: null,
        memo: 'SO-2026-00012',
        bankTxnId: 'T1',
      },
    ]);
  });

  it('takes the column order from the header, with BOM, CRLF, quotes, commas and line breaks in quotes', () => {
    const csv =
      '\uFEFFbank_txn_id,memo,amount,date,currency,payer\r\n' +
      'T1,"paid SO-1, thanks","1,000.00",2026-11-02,cny,"Acme ""East"" Ltd"\r\n' +
      'T2,"two\r\nlines",5,2026/1/3,USD,\r\n' +
      '\r\n' +
      'T3,,-20.5,2026-11-04,RMB,Bank\r\n';
    const r = parseStatementCsv(csv);
    expect(r.problems).toEqual([]);
    expect(
      r.lines.map((l) => [l.line, l.bankTxnId, l.amountMinor, l.currency, l.bookedOn, l.payer, l.memo]),
    ).toEqual([
      [2, 'T1', 100000, 'CNY', '2026-11-02', 'Acme "East" Ltd', 'paid SO-1, thanks'],
      [3, 'T2', 500, 'USD', '2026-01-03', null, 'two\r\nlines'],
      [6, 'T3', -2050, 'CNY', '2026-11-04', 'Bank', null],
    ]);
  });

  it('accepts the Chinese header', () => {
    const r = parseStatementCsv(
      '日期,金额,币种,付款人,摘要,流水号\n2026-11-02,88.00,人民币,甲公司,货款 ＳＯ－2026－00012,B-9\n',
    );
    expect(r.problems).toEqual([]);
    expect(r.lines[0]).toMatchObject({
      amountMinor: 8800,
      currency: 'CNY',
      payer: '甲公司',
      bankTxnId: 'B-9',
    });
  });

  it('works without payer and memo columns and without a final newline', () => {
    const r = parseStatementCsv('date,amount,currency,bank_txn_id\n2026-11-02,1,JPY,X');
    expect(r.problems).toEqual([]);
    expect(r.lines[0]).toMatchObject({ amountMinor: 1, currency: 'JPY', payer: null, memo: null });
  });
});

describe('parseStatementCsv: every bad line is reported with its line, field and reason', () => {
  it.each([
    ['', [{ line: 1, field: 'csv', reason: 'empty' }]],
    [`${header}\n`, [{ line: 2, field: 'csv', reason: 'empty' }]],
    [
      'date,payer\n2026-11-02,x',
      [
        { line: 1, field: 'header', reason: 'missing_column', value: 'amount' },
        { line: 1, field: 'header', reason: 'missing_column', value: 'currency' },
      ],
    ],
    [`${header},日期\n`, [{ line: 1, field: 'header', reason: 'duplicate_column', value: 'date' }]],
    [
      `${header}\n2026-11-02,abc,CNY,,,T1`,
      [{ line: 2, field: 'amount', reason: 'amount', value: 'abc', detail: '2' }],
    ],
    [
      `${header}\n2026-11-02,1.234,CNY,,,T1`,
      [{ line: 2, field: 'amount', reason: 'amount', value: '1.234', detail: '2' }],
    ],
    [
      `${header}\n2026-11-02,1.5,JPY,,,T1`,
      [{ line: 2, field: 'amount', reason: 'amount', value: '1.5', detail: '0' }],
    ],
    [
      `${header}\n2026-11-02,0.00,CNY,,,T1`,
      [{ line: 2, field: 'amount', reason: 'amount_zero', value: '0.00' }],
    ],
    [`${header}\n2026-02-30,1,CNY,,,T1`, [{ line: 2, field: 'date', reason: 'date', value: '2026-02-30' }]],
    [`${header}\n02/11/2026,1,CNY,,,T1`, [{ line: 2, field: 'date', reason: 'date', value: '02/11/2026' }]],
    [
      `${header}\n2026-11-02,1,yuan,,,T1`,
      [{ line: 2, field: 'currency', reason: 'currency', value: 'yuan' }],
    ],
    [
      `${header}\n,,CNY,,,T1`,
      [
        { line: 2, field: 'date', reason: 'required' },
        { line: 2, field: 'amount', reason: 'required' },
      ],
    ],
    [
      `${header}\n2026-11-02,1,CNY,T1`,
      [{ line: 2, field: 'csv', reason: 'field_count', value: '4', detail: '6' }],
    ],
    [`${header}\n2026-11-02,1,CNY,,"open,T1`, [{ line: 2, field: 'csv', reason: 'unclosed_quote' }]],
    [
      `${header}\n2026-11-02,1,CNY,,,T1\n2026-11-03,2,CNY,,,T1`,
      [{ line: 3, field: 'bank_txn_id', reason: 'duplicate_txn', value: 'T1', detail: '2' }],
    ],
  ])('%j', (csv, problems) => {
    expect(parseStatementCsv(csv).problems).toEqual(problems);
  });

  it('reports bad lines after good ones, by their line in the file, and keeps the good ones', () => {
    const r = parseStatementCsv(
      `${header}\r\n2026-11-02,1,CNY,,"memo\r\nspanning",T1\r\n2026-11-02,x,CNY,,,T2\r\n2026-11-02,1,CNY,,,T3\r\n2026-13-01,1,CNY,,,T4`,
    );
    expect(r.problems.map((p) => `${p.line}.${p.field}`)).toEqual(['4.amount', '6.date']);
    expect(r.lines.map((l) => l.bankTxnId)).toEqual(['T1', 'T3']);
  });
});
