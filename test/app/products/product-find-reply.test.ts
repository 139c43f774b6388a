// "product find" / "产品 查找" and "customer find": the reply's plain text (what a notification preview or a surface
// without cards shows) names what was found, in the reader's language, not only the list's title.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { customers, products } from '../../../src/db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { insertPerson } from '../orders/people.ts';

let database: TestDatabase;
let deps: AppDeps;
let rep: UserRow;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  const people: Record<string, UserRow> = {};
  rep = await insertPerson(database, people, 'rep', { name: 'Li Rep', roles: ['rep'] });
  await database.db.insert(products).values([
    {
      sku: 'PRO-1',
      name: '专业版',
      nameEn: 'Pro edition',
      nameZh: '专业版',
      unitPriceMinor: 120_000,
      currency: 'CNY',
    },
    {
      sku: 'PRO-2',
      name: '专业版 升级',
      nameEn: 'Pro upgrade',
      nameZh: '专业版升级',
      unitPriceMinor: 30_000,
      currency: 'CNY',
    },
  ]);
  await database.db.insert(customers).values({
    name: 'Northwind Traders',
    normalizedName: 'northwind traders',
    currency: 'CNY',
    region: 'east',
  });
});
afterAll(async () => database?.close());

const say = (text: string, locale: 'en' | 'zh-CN') =>
  runTextCommand(deps, { kind: 'user', user: { ...rep, locale } }, text);

describe('find replies carry what they found', () => {
  it('product find: the text lists each product found, in English and Chinese', async () => {
    const en = await say('product find pro', 'en');
    expect(en.text).toContain('Products matching "pro"');
    expect(en.text).toContain('PRO-1');
    expect(en.text).toContain('Pro edition');
    expect(en.text).toContain('Pro upgrade');
    const zh = await say('产品 查找 专业版', 'zh-CN');
    expect(zh.text).toContain('匹配「专业版」的产品');
    expect(zh.text).toContain('PRO-2');
    expect(zh.text).toContain('专业版升级');
  });

  it('customer find: the text names the customers found and their region', async () => {
    const en = await say('customer find northwind', 'en');
    expect(en.text).toContain('Northwind Traders');
    expect(en.text).toContain('East');
    const zh = await say('客户 查找 northwind', 'zh-CN');
    expect(zh.text).toContain('Northwind Traders');
    expect(zh.text).toContain('华东');
  });
});
