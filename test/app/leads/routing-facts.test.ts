import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/apikeys/create-api-key.ts';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { importLeads } from '../../../src/app/leads/import-leads.ts';
import { parsePolicy } from '../../../src/config/load-policy.ts';
import { leads } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { isImportProblem, tableFromCsv } from '../../../src/domain/leads/lead-import.ts';
import type { RoutingReason } from '../../../src/domain/leads/routing.ts';
import { leadsApi } from '../../../src/http/api/leads.ts';
import { buildServer } from '../../../src/http/server.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import { importProblemText, reasonText } from '../../../src/messages/catalogue/leads.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addUser, cards } from './fixtures.ts';

const policy = parsePolicy(
  `org: { currency: CNY }
channels: { finance: { slack: C2 } }
routing:
  rules:
    - name: South
      when: { province: [广东省, Guangxi], companySize: { min: 50, max: 500 } }
      assign: { strategy: round-robin, pool: { region: south } }
    - name: Big deals
      when: { dealSize: { min: 1000000, currency: CNY } }
      assign: { strategy: round-robin, pool: { region: key } }
    - name: English desk
      when: { language: [en] }
      assign: { strategy: round-robin, pool: { region: intl } }
    - name: Everyone else
      assign: { strategy: round-robin, pool: { region: rest } }
approvals: { levels: [{ name: manager, approvers: requester.manager }] }
dunning: [{ at: 0d, notify: [rep] }]
`,
  'test.yaml',
);

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let auth: { authorization: string };
let su: UserRow;
let kai: UserRow;
let ian: UserRow;
let zh: UserRow;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { policy });
  su = await addUser(database, { name: 'Su', region: 'south', locale: 'en' });
  kai = await addUser(database, { name: 'Kai', region: 'key', locale: 'en' });
  ian = await addUser(database, { name: 'Ian', region: 'intl', locale: 'en' });
  zh = await addUser(database, { name: '张三', region: 'rest', locale: 'zh-CN' });
  app = await buildServer({ deps, api: [leadsApi], adapters: [], health: {} });
  auth = { authorization: `Bearer ${(await createApiKey(deps, 'website')).key}` };
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function offerTo(user: UserRow) {
  const found = (await cards(database, { destination: `user:${user.id}` })).filter((c) => c.op === 'post');
  return found.at(-1)?.card;
}

describe('leads carry province, city, size, deal and language into routing', () => {
  it('POST /api/leads stores the facts as keys and routes on them; the card says which conditions matched', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: {
        name: 'Chen',
        email: 'chen@south.cn',
        province: '广东',
        city: '深圳市',
        companySize: '200人',
        dealSize: '30万',
        language: '中文',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().owner).toEqual({ id: su.id, name: 'Su' });
    const [row] = await database.db.select().from(leads);
    expect(row).toMatchObject({
      province: 'guangdong',
      city: 'shenzhen',
      companySize: 200,
      dealSizeMinor: 30_000_000,
      dealCurrency: 'CNY',
      language: 'zh',
    });
    expect((await offerTo(su))?.context).toBe(
      `${res.json().number} · rule South (province Guangdong, 50–500 employees), round-robin: you were next`,
    );
  });

  it('numbers work as JSON numbers too, and a deal in another currency does not meet a CNY rule', async () => {
    const big = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: { name: 'Kim', email: 'kim@big.cn', dealSize: 2000000, companySize: 5000 },
    });
    expect(big.json().owner?.name).toBe('Kai');
    expect((await offerTo(kai))?.context).toContain('rule Big deals (deal from CNY 1,000,000)');
    const usd = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: {
        name: 'Jo',
        email: 'jo@us.com',
        dealSize: 2000000,
        dealCurrency: 'usd',
        language: 'English',
      },
    });
    expect(usd.json().owner?.name).toBe('Ian');
    expect((await offerTo(ian))?.context).toContain('rule English desk (speaks English)');
  });

  it('a bad size or currency is a 400 naming the field and the fix; nothing is written', async () => {
    const before = await countRows(database, 'leads');
    const size = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: { name: 'X', email: 'x@x.cn', companySize: 'about fifty' },
    });
    expect(size.statusCode).toBe(400);
    expect(size.json().message).toContain('company size "about fifty" is not a number of employees');
    const currency = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: { name: 'X', email: 'x@x.cn', dealSize: 5, dealCurrency: 'RMBX' },
    });
    expect(currency.statusCode).toBe(400);
    expect(currency.json().message).toContain('dealCurrency');
    expect(await countRows(database, 'leads')).toBe(before);
  });

  it('线索 新建 takes 省份/城市/规模/金额/语言; the reason reads in the card reader’s language', async () => {
    const reply = await runTextCommand(
      deps,
      { kind: 'user', user: zh },
      '线索 新建 姓名:王五 电话:13900139000 省份:广西壮族自治区 城市:南宁 规模:80 金额:5万 语言:中文',
    );
    expect(reply.tone).toBe('success');
    expect(reply.text).toContain('分配给 Su');
    expect((await offerTo(su))?.context).toContain('rule South (province Guangxi, 50–500 employees)');
    const [row] = await database.db
      .select()
      .from(leads)
      .where(eq(leads.phoneBidx, deps.keyring.blindIndex('phone', '+8613900139000')));
    expect(row).toMatchObject({
      province: 'guangxi',
      city: 'nanning',
      companySize: 80,
      dealSizeMinor: 5_000_000,
    });
    expect(reasonText(row?.routingReason as RoutingReason, 'zh-CN')).toBe(
      '规则「South（省份 广西、员工 50–500 人）」，轮流分配：Su 之后轮到你',
    );
  });

  it('lead new refuses an unreadable size with the field and an example, writing nothing', async () => {
    const before = await countRows(database, 'leads');
    const error = await runTextCommand(
      deps,
      { kind: 'user', user: zh },
      'lead new name:Bad email:bad@x.cn size:lots',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).field).toBe('companySize');
    expect(errorText(error as DomainError, 'en')).toContain('write it like 200, 1,200, 500+ or 50-200');
    expect(await countRows(database, 'leads')).toBe(before);
  });

  it('an imported list carries the facts (Chinese headers), routes on them, and reports a bad size by line and column', async () => {
    const table = tableFromCsv(
      [
        '姓名,邮箱,省份,城市,员工人数,预算,语言',
        '赵六,zhao@gx.cn,广西,南宁市,120,20万,中文',
        '钱七,qian@big.cn,浙江,杭州,20,200万,',
        '孙八,sun@bad.cn,广东,,几百,,',
      ].join('\n'),
    );
    if (isImportProblem(table)) throw new Error('unreadable');
    const report = await importLeads(deps, { kind: 'system', name: 'test' }, table, { source: 'expo' });
    expect(report.created).toBe(2);
    expect(report.problems).toEqual([
      { line: 4, field: 'company_size', code: 'lead_company_size_invalid', vars: { value: '几百' } },
    ]);
    expect(importProblemText({ ...report.problems[0], field: 'company_size' } as never, 'en')).toBe(
      'line 4 · company_size: company size "几百" is not a number of employees; write it like 200, 1,200, 500+ or 50-200',
    );
    const [zhao] = await database.db
      .select()
      .from(leads)
      .where(eq(leads.emailBidx, deps.keyring.blindIndex('email', 'zhao@gx.cn')));
    expect(zhao).toMatchObject({
      province: 'guangxi',
      city: 'nanning',
      companySize: 120,
      dealSizeMinor: 20_000_000,
    });
    expect(zhao?.offeredToId).toBe(su.id);
    const [qian] = await database.db
      .select()
      .from(leads)
      .where(eq(leads.emailBidx, deps.keyring.blindIndex('email', 'qian@big.cn')));
    expect(qian?.offeredToId).toBe(kai.id);
  });
});
