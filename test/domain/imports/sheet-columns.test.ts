// The header of an import sheet and the streaming CSV splitter, table-driven.
import { describe, expect, it } from 'vitest';
import { customerSheet } from '../../../src/domain/customers/customer-import.ts';
import type { DomainError } from '../../../src/domain/errors.ts';
import { CsvRecords, type SheetRow } from '../../../src/domain/imports/csv-records.ts';
import { readSheetColumns } from '../../../src/domain/imports/sheet-columns.ts';
import { productRowInput, productSheet } from '../../../src/domain/products/product-import.ts';
import { splitCsv } from '../../../src/domain/roster/roster-csv.ts';

const header = (line: string): SheetRow => ({ line: 1, cells: line.split(',') });
const problems = (spec: typeof customerSheet | typeof productSheet, line: string) => {
  try {
    readSheetColumns(spec as typeof customerSheet, header(line));
    return [];
  } catch (e) {
    const error = e as DomainError;
    return [error, ...error.details].map((d) => [d.code, d.field, d.vars.suggestion ?? null]);
  }
};

describe('readSheetColumns', () => {
  it.each([
    ['English names', 'name,credit_limit,erp', []],
    ['Chinese names and spacing', '客户名称, 信用额度 ,ERP编号,Legal Name', []],
    [
      'a typo names the column it meant',
      'name,credit_limt',
      [['sheet_column_unknown_near', 'credit_limt', 'credit_limit']],
    ],
    ['a Chinese typo too', '客户名称,信用额', [['sheet_column_unknown_near', '信用额', 'credit_limit']]],
    [
      'prototype names are unknown columns',
      'name,__proto__,constructor',
      [
        ['sheet_column_unknown', '__proto__', null],
        ['sheet_column_unknown', 'constructor', null],
      ],
    ],
    ['the same field twice', 'name,客户名称', [['sheet_column_repeated', '客户名称', null]]],
    ['the required column missing', 'region,tier', [['sheet_column_missing', 'name', null]]],
  ])('%s', (_, line, expected) => {
    expect(problems(customerSheet, line)).toEqual(expected);
  });

  it('reads price:<list> columns of products by list name, and refuses an empty list name', () => {
    const columns = readSheetColumns(productSheet, header('sku,价格:key-account-usd,price: dealer'));
    expect(columns.map((c) => [c.field, c.key ?? null])).toEqual([
      ['sku', null],
      ['list_price', 'key-account-usd'],
      ['list_price', 'dealer'],
    ]);
    expect(problems(productSheet, 'sku,price:')).toEqual([['sheet_column_unknown_near', 'price:', 'price']]);
    const fields = productRowInput(columns, { line: 2, cells: ['CL-1', '12.5', ''] });
    expect(fields).toEqual({ sku: 'CL-1', prices: { 'key-account-usd': '12.5' } });
  });

  it.each([
    ['13%', 13],
    ['6', 6],
    ['0.5 %', 0.5],
  ])('reads the tax rate %s as %d percent', (cell, percent) => {
    const columns = readSheetColumns(productSheet, header('sku,tax_rate'));
    expect(productRowInput(columns, { line: 2, cells: ['A', cell] }).taxRatePercent).toBe(percent);
  });

  it.each([['thirteen'], ['13%%'], ['-1']])('refuses the tax rate %s naming the field', (cell) => {
    const columns = readSheetColumns(productSheet, header('sku,tax_rate'));
    expect(() => productRowInput(columns, { line: 2, cells: ['A', cell] })).toThrowError(
      expect.objectContaining({ code: 'product_tax_rate', field: 'taxRatePercent' }),
    );
  });
});

describe('CsvRecords', () => {
  const samples = [
    'name,note\n"Li, Lei","said ""hi""\nthen left"\r\nHan,\n\n',
    '\uFEFFa,b\r\n1,2\r\n',
    'x\n"=cmd|\' /C calc\'!A0"\n',
  ];
  it.each(samples.map((s) => [JSON.stringify(s).slice(0, 30), s]))(
    'cut anywhere, %s splits as the whole text does',
    (_, text) => {
      const whole = splitCsv(text).records;
      for (let cut = 0; cut <= text.length; cut++) {
        const reader = new CsvRecords();
        const rows = [...reader.push(text.slice(0, cut)), ...reader.push(text.slice(cut))];
        rows.push(...reader.end().rows);
        expect({ cut, rows }).toEqual({ cut, rows: whole });
      }
    },
  );

  it('names the line of a quote that never closes', () => {
    const reader = new CsvRecords();
    reader.push('a\n1\n"open\nstill');
    expect(reader.end().unterminatedAt).toBe(3);
  });
});
