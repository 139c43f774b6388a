// A command typed without what it needs names the command as the reader types it and the missing part in the reader's
// language, with the command's example — never an English command or field name in a Chinese reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addUser } from '../leads/fixtures.ts';

let database: TestDatabase;
let deps: AppDeps;
let zh: UserRow;
let en: UserRow;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  zh = await addUser(database, { name: '赵敏', roles: ['admin', 'finance'], locale: 'zh-CN' });
  en = await addUser(database, { name: 'Ada', roles: ['admin', 'finance'], locale: 'en' });
});

afterAll(async () => {
  await database?.close();
});

async function refusal(user: UserRow, text: string): Promise<string> {
  const error = await runTextCommand(deps, { kind: 'user', user }, text).catch((e: unknown) => e);
  if (!(error instanceof DomainError)) throw new Error(`"${text}" was not refused: ${JSON.stringify(error)}`);
  expect(error.code).toBe('missing_argument');
  return errorText(error, user.locale === 'en' ? 'en' : 'zh-CN');
}

describe('a command typed without what it needs', () => {
  it.each([
    ['线索 新建 邮箱:li@acme.cn', '「线索 新建」需要 名称。示例：线索 新建 姓名:李雷'],
    ['线索 暂停 @王伟', '「线索 暂停」需要 暂停到。示例：线索 暂停 @王伟 到:2026-11-20'],
    ['线索 跟进 L-000001', '「线索 跟进」需要 跟进方式。示例：线索 跟进 L-000042 电话'],
    ['线索 查看', '「线索 查看」需要 编号。示例：线索 查看 L-000042'],
    ['线索 合并 L-000001', '「线索 合并」需要 并入的线索。示例：线索 合并 L-000042 L-000057'],
    ['线索 容量', '「线索 容量」需要 销售（@姓名）。示例：线索 容量 @王伟 5'],
    ['客户 查看', '「客户 查看」需要 名称或关键词。示例：客户 查看 星辰精密'],
    ['产品 查找', '「产品 查找」需要 名称或关键词。示例：产品 查找 专业版'],
    ['订单 状态', '「订单 状态」需要 编号。示例：订单 状态 SO-2026-00012'],
    ['订单 评论', '「订单 评论」需要 编号。示例：订单 评论 SO-2026-00012'],
    ['审计', '「审计」需要 记录编号。示例：审计 <L-… | SO-… | 客户>'],
    ['汇率 设置 USD CNY', '「汇率 设置」需要 汇率。示例：汇率 设置 <基准币种>'],
  ])('in Chinese: %s', async (typed, expected) => {
    const text = await refusal(zh, typed);
    expect(text.startsWith(expected)).toBe(true);
    expect(text.split('示例')[0]).not.toMatch(/[a-z]/i);
  });

  it.each([
    ['lead new email:li@acme.cn', '"lead new" needs name. Example: lead new name:"Li Lei"'],
    ['customer show', '"customer show" needs text. Example: customer show ACME Trading'],
    ['order status', '"order status" needs number. Example: order status SO-2026-00012'],
    ['audit', '"audit" needs record. Example: audit <L-… | SO-… | customer>'],
    ['fx set USD', '"fx set" needs quote. Example: fx set <BASE> <QUOTE> <rate>'],
  ])('in English: %s', async (typed, expected) => {
    expect((await refusal(en, typed)).startsWith(expected)).toBe(true);
  });
});
