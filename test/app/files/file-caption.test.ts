// The captions a file can carry, in English and Chinese, and what is not a caption.
import { describe, expect, it } from 'vitest';
import { type FileCaption, parseFileCaption } from '../../../src/app/files/file-caption.ts';

const cases: [string, FileCaption | null][] = [
  ['lead import', { kind: 'leads' }],
  ['Lead Import', { kind: 'leads' }],
  [
    'import leads source:trade-show campaign:"Canton Fair 2026"',
    {
      kind: 'leads',
      source: 'trade-show',
      campaign: 'Canton Fair 2026',
    },
  ],
  ['线索 导入 来源：展会 活动:“广交会”', { kind: 'leads', source: '展会', campaign: '广交会' }],
  ['导入线索', { kind: 'leads' }],
  ['bank import', { kind: 'statement' }],
  ['statement import', { kind: 'statement' }],
  ['流水　导入', { kind: 'statement' }],
  ['对账单 导入', { kind: 'statement' }],
  ['order attach SO-2026-00012', { kind: 'attach', number: 'SO-2026-00012' }],
  ['订单 上传 SO-2026-00012', { kind: 'attach', number: 'SO-2026-00012' }],
  ['customer import', { kind: 'customers' }],
  ['客户 导入', { kind: 'customers' }],
  ['导入产品', { kind: 'products' }],
  ['product import', { kind: 'products' }],
  ['order attach', null],
  ['', null],
  ['here is the list', null],
  ['lead new name:x', null],
  ['importing leads tomorrow', null],
];

describe('parseFileCaption', () => {
  it.each(cases)('%j', (caption, expected) => {
    expect(parseFileCaption(caption)).toEqual(expected);
  });
});
