// What counts as personal data inside card text: every form a phone, e-mail, account or tax ID is typed in is found;
// order numbers, dates, times, amounts, ids and masked values are not.
import { describe, expect, it } from 'vitest';
import { mapStrings, personalSpans } from '../../../src/domain/privacy/personal-spans.ts';

const found = (text: string) => personalSpans(text).map((s) => text.slice(s.start, s.end));

describe('personalSpans', () => {
  it.each([
    ['Phone: 13800138000', ['13800138000']],
    ['电话：138 0013 8000，请尽快联系', ['138 0013 8000']],
    ['+86 138-0013-8000', ['+86 138-0013-8000']],
    ['Tel:+8613800138000.', ['+8613800138000']],
    ['(021) 6123 4567', ['(021) 6123 4567']],
    ['0571-87654321', ['0571-87654321']],
    ['Email: Li.Lei@acme-secret.cn', ['Li.Lei@acme-secret.cn']],
    ['写信给 zhou@hengda.example.cn。', ['zhou@hengda.example.cn']],
    ['Li Lei · 13800138000 · li@x.cn', ['13800138000', 'li@x.cn']],
    ['Payer account 6222 0210 0101 5678', ['6222 0210 0101 5678']],
    ['Tax ID 91320500MA1MHD0001', ['91320500MA1MHD0001']],
    ['税号：91320500MA1SEC0042；', ['91320500MA1SEC0042']],
    // At the edges of what the quick look before the patterns lets through: two separators between digits, ten digits,
    // fifteen capitals and digits, an address with nothing else around it.
    ['call 138 (0013) 8000 now', ['138 (0013) 8000']],
    ['1380013800', ['1380013800']],
    ['code 91320500MA1M001', ['91320500MA1M001']],
    ['a@b.cn', ['a@b.cn']],
  ])('finds the personal data in %j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    'Order SO-2026-00012 waits for your approval',
    'Lead L-000042 claimed by Amy Rep',
    'Due 2026-12-06 09:00, 2026/12/07 18:30',
    'Amount ¥1,234,567.89 (CNY 123456789)',
    'Masked: 138****8000, l***@acme.cn, +86 138****8000, ****0042',
    'id 3f2a1b4c-1234-4abc-9def-1234567890ab',
    '12345678-1234-abcd-9def-123456789012',
    'INV-2026-1234567890 and TXN-20261206000123',
    'Slack U0AMY in C0123, Lark ou_7d8a6e6b1cde2b0f3c4f5a6b7c8d9e0f',
    'elapsed 1795880000000ms',
    'v1:test1:AbCdEf0123456789:xyz:abc',
    '138 - 0013 8000 (three characters between two digits)',
    '138001380 (nine digits)',
    'code 91320500MA1M00 (fourteen)',
  ])('leaves %j alone', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('merges overlapping finds into one span', () => {
    expect(personalSpans('13800138000@example.cn')).toEqual([{ start: 0, end: 22 }]);
  });
});

describe('mapStrings', () => {
  it('maps every string of a JSON value, keeping keys, numbers and shape', () => {
    const card = { title: 'a', fields: [{ label: 'b', value: 'c' }], n: 3, ok: true, none: null };
    expect(mapStrings(card, (s) => s.toUpperCase())).toEqual({
      title: 'A',
      fields: [{ label: 'B', value: 'C' }],
      n: 3,
      ok: true,
      none: null,
    });
  });

  it('keeps a "__proto__" key as data', () => {
    const value = JSON.parse('{"__proto__": "x"}') as unknown;
    const out = mapStrings(value, (s) => `${s}!`) as Record<string, unknown>;
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe('x!');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
