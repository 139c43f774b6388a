// A region or industry typed as the label the cards show ("地区:华东 行业:制造业", or an import's 华东 cell) is the
// closeloop.yaml name it labels: the lead routes and scopes as an east lead, not as a lead of an unknown region "华东".
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { importLeads } from '../../../src/app/leads/import-leads.ts';
import { customers, leads } from '../../../src/db/schema.ts';
import { isImportProblem, tableFromCsv } from '../../../src/domain/leads/lead-import.ts';
import { consoleServer, seedRoster } from '../../adapters/console/fixture.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';

let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let people: Record<string, UserRow>;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  people = await seedRoster(deps);
  app = await consoleServer(deps);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const leadOf = async (email: string) => {
  const [row] = await database.db
    .select({
      region: leads.region,
      industry: leads.industry,
      offeredToId: leads.offeredToId,
      status: leads.status,
    })
    .from(leads)
    .where(eq(leads.emailBidx, deps.keyring.blindIndex('email', email)));
  return row;
};

describe('regions and industries typed as their labels', () => {
  it('线索 新建 with 地区:华东 行业:制造业 makes an east manufacturing lead, offered to an east rep', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      payload: {
        as: people.manager!.id,
        text: '线索 新建 姓名:张伟 公司:杭州精密 邮箱:zhang.wei@hzp.example 地区:华东 行业:制造业',
      },
    });
    const reply = res.json() as { text: string };
    expect(reply.text).not.toContain('线索池');
    const row = await leadOf('zhang.wei@hzp.example');
    expect(row).toMatchObject({ region: 'east', industry: 'manufacturing', status: 'offered' });
    expect([people.li!.id, people.han!.id]).toContain(row?.offeredToId);
  });

  it('an imported row whose region cell says 华东 is an east lead', async () => {
    const table = tableFromCsv('name,company,email,region\n周杰,星河贸易,zhou.jie@xinghe.example,华东\n');
    if (isImportProblem(table)) throw new Error(table.code);
    const report = await importLeads(deps, { kind: 'system', name: 'test' }, table);
    expect(report.problems).toEqual([]);
    expect((await leadOf('zhou.jie@xinghe.example'))?.region).toBe('east');
  });

  it('an imported row whose source cell says 官网 (the label cards show) is stored as the web source', async () => {
    const table = tableFromCsv('name,company,email,source\n吴磊,星河贸易,wu.lei@xinghe.example,官网\n');
    if (isImportProblem(table)) throw new Error(table.code);
    await importLeads(deps, { kind: 'system', name: 'test' }, table);
    const [row] = await database.db
      .select({ source: leads.source })
      .from(leads)
      .where(eq(leads.emailBidx, deps.keyring.blindIndex('email', 'wu.lei@xinghe.example')));
    expect(row?.source).toBe('web');
  });

  it('客户 新建 名称:星辰精密 地区:华东, as the Chinese help writes it, makes an east customer', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      payload: { as: people.li!.id, text: '客户 新建 名称:星辰精密 地区:华东' },
    });
    expect(res.statusCode).toBe(200);
    const [row] = await database.db
      .select({ region: customers.region })
      .from(customers)
      .where(eq(customers.name, '星辰精密'));
    expect(row?.region).toBe('east');
  });
});
