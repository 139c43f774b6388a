// A customer or product sheet sent in chat with its caption: imported as the CLI does, answered in the sender's
// language with the summary and the refused rows.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { takeChatFile } from '../../../src/app/files/take-chat-file.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { workbook } from '../../helpers/workbook.ts';
import { insertPerson } from '../orders/people.ts';

let database: TestDatabase;
let deps: AppDeps;
const people: Record<string, UserRow> = {};
const store = { dataDir: mkdtempSync(join(tmpdir(), 'closeloop-chat-')), maxBytes: 1024 * 1024 };

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  await insertPerson(database, people, 'admin', { name: '管理员', roles: ['admin'], locale: 'zh-CN' });
});

afterAll(async () => {
  await database?.close();
});

const send = (caption: string, fileName: string, bytes: Buffer) =>
  takeChatFile(
    deps,
    { kind: 'user', user: people.admin as UserRow, via: 'console' },
    { caption, fileName, contentType: null, bytes },
    store,
  );

describe('customer and product sheets in chat', () => {
  it('imports a customer workbook sent with 客户 导入 and answers in Chinese, listing the refused row', async () => {
    const bytes = await workbook([
      ['客户名称', '币种'],
      ['星辰贸易', 'CNY'],
      ['坏币种', 'yuan'],
    ]);
    const reply = await send('客户 导入', '客户.xlsx', bytes);
    expect(reply.tone).toBe('warning');
    expect(reply.text.split('\n')).toEqual([
      '客户.xlsx：客户，共 2 行 — 新建 1，更新 0，无变化 0，拒绝 1。',
      expect.stringMatching(/^• 第 3 行 · 列「币种」：/),
    ]);
  });

  it('refuses a product sheet with a wrong header as a whole and says so', async () => {
    const reply = await send('product import', 'p.csv', Buffer.from('sku,prise\nA,1\n'));
    expect(reply).toEqual({
      text: 'p.csv 未导入（没有任何改动）：不认识列「prise」；是不是「price」？',
      tone: 'danger',
    });
  });
});
