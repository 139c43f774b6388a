// Bytes read as UTF-8 strictly: text in another encoding is named with its line, never turned into replacement characters.
import { describe, expect, it } from 'vitest';
import { firstNonUtf8Line, utf8TextOf } from '../../../src/domain/imports/utf8-text.ts';

const gbk = (text: string) => {
  // 王小明 in GBK: what Excel on a Chinese Windows saves a CSV as.
  const bytes: Record<string, number[]> = { 王: [0xcd, 0xf5], 小: [0xd0, 0xa1], 明: [0xc3, 0xf7] };
  return [...text].flatMap((c) => bytes[c] ?? [...Buffer.from(c)]);
};

describe('utf8TextOf', () => {
  it.each([
    ['UTF-8 with Chinese', Buffer.from('name,email\n王小明,w@x.cn\n'), 'name,email\n王小明,w@x.cn\n'],
    ['a byte-order mark is dropped', Buffer.from('\uFEFFname\n'), 'name\n'],
    ['empty', Buffer.alloc(0), ''],
  ])('%s reads as the text', (_, bytes, text) => {
    expect(utf8TextOf(bytes)).toEqual({ ok: true, text });
  });

  it.each([
    [
      'GBK data under an English header',
      Buffer.from([...Buffer.from('name,email\n'), ...gbk('王小明,w@x.cn\n')]),
      2,
    ],
    ['a GBK header', Buffer.from(gbk('王小明\nx\n')), 1],
    [
      'UTF-16 with its byte-order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\nx\n', 'utf16le')]),
      1,
    ],
    ['a stray byte on line 3', Buffer.from([...Buffer.from('a\nb\nc'), 0xff, ...Buffer.from('\nd\n')]), 3],
    ['a character cut at the end', Buffer.from([...Buffer.from('a\n'), 0xe7, 0x8e]), 2],
  ])('%s is refused, naming its line', (_, bytes, line) => {
    expect(utf8TextOf(bytes)).toEqual({ ok: false, line });
  });
});

describe('firstNonUtf8Line on a piece of a stream', () => {
  it('a piece beginning inside a character is not blamed for it; the bad line is counted on from firstLine', () => {
    const piece = Buffer.from([0x8e, 0x8b, ...Buffer.from(',ok\nfine\n'), 0xcd, 0xf5, ...Buffer.from('\n')]);
    expect(firstNonUtf8Line(piece, 41, true)).toBe(43);
    expect(firstNonUtf8Line(Buffer.from('all\ngood\n'), 1)).toBeNull();
  });
});
