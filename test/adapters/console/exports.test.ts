// `export …` in the console: the answer carries a short-lived signed download link; the link streams the file made
// as the asker, and a tampered or expired link is refused.
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { leads } from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { consoleServer, seedRoster } from './fixture.ts';

const clock = testClock('2026-11-02T02:00:00Z');
let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;
let people: Record<string, UserRow>;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock });
  people = await seedRoster(deps);
  await database.db.insert(leads).values([
    { name: '李一', ownerId: people.li!.id, status: 'accepted', phone: '13800138001' },
    { name: 'Han One', ownerId: people.han!.id, status: 'accepted' },
    { name: '王一', ownerId: people.wang!.id, status: 'accepted' },
  ]);
  app = await consoleServer(deps);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const command = async (as: string, text: string) =>
  (await app.inject({ method: 'POST', url: '/console/api/command', payload: { as, text } })).json() as {
    text: string;
    tone: string;
    download?: { name: string; url: string };
  };
const linkOf = (reply: { download?: { url: string } }) => reply.download?.url ?? '';

describe('export in the console', () => {
  it('answers with a download link that streams the manager’s team leads, in their language', async () => {
    const reply = await command(people.manager!.id, '导出 线索');
    expect(reply.tone).toBe('success');
    expect(reply.text).toContain('你导出的线索（全部，CSV）');
    expect(reply.text).toContain('链接 15 分钟内有效');
    // The page shows the link as a link; the text carries no markdown link syntax it would show raw.
    expect(reply.text).not.toContain('](');
    expect(reply.download?.name).toBe('leads-all_2026-11-02.csv');
    const url = new URL(linkOf(reply));
    expect(url.pathname).toBe('/console/exports');
    expect(url.searchParams.get('t')).toMatch(/^[\w-]+\.[\w-]+$/);
    const file = await app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toBe('attachment; filename="leads-all_2026-11-02.csv"');
    const rows = parse(file.body, { bom: true }) as string[][];
    expect(rows[0]?.[2]).toBe('姓名');
    expect(
      rows
        .slice(1)
        .map((r) => r[2])
        .sort(),
    ).toEqual(['Han One', '李一']);
  });

  it('names the filters it was asked for, rather than calling a narrowed file "everything"', async () => {
    const reply = await command(people.manager!.id, '导出 线索 status:accepted owner:@李雷');
    expect(reply.tone).toBe('success');
    expect(reply.text).toContain('你导出的线索（全部 · 状态:accepted 销售:@李雷，CSV）');
  });

  it('in Chinese, help offers the filter keys 导出 reads in Chinese, and the answer names them so', async () => {
    const help = await command(people.manager!.id, '帮助');
    const line = help.text.split('\n').find((l) => l.startsWith('导出 ')) ?? '';
    expect(line).toContain('[销售:@销售 状态: 来源: 区域:]');
    expect(line).not.toMatch(/owner:|status:|source:|region:/);
    const reply = await command(people.manager!.id, '导出 线索 状态:已接受 销售:@李雷');
    expect(reply.tone).toBe('success');
    expect(reply.text).toContain('你导出的线索（全部 · 状态:已接受 销售:@李雷，CSV）');
  });

  it('escapes a typed filter value in its answer, so it cannot turn into chat markup', async () => {
    const reply = await command(people.manager!.id, 'export leads region:*east*');
    // As typed: each star is followed by a zero-width space, so the pair cannot turn bold or italic.
    expect(reply.text).toContain('区域:*\u200Beast*\u200B');
  });

  it('refuses a tampered link and an expired one, and a bad kind names the choices', async () => {
    const reply = await command(people.li!.id, 'export leads');
    const link = new URL(linkOf(reply));
    const path = `${link.pathname}${link.search}`;
    const tampered = await app.inject({ method: 'GET', url: `${path.slice(0, -3)}abc` });
    expect(tampered.statusCode).toBe(403);
    const mine = await app.inject({ method: 'GET', url: path });
    expect((parse(mine.body, { bom: true }) as string[][]).length).toBe(2);
    clock.advance(16 * 60_000);
    const expired = await app.inject({ method: 'GET', url: path });
    expect(expired.statusCode).toBe(403);
    expect(expired.body).toContain('下载链接已过期或被修改');
    const bad = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      payload: { as: people.li!.id, text: 'export customers' },
    });
    expect(bad.statusCode).toBe(400);
    // Li reads Chinese: the choices are the Chinese words the export command takes.
    expect(bad.json().message).toContain('线索 | 订单 | 分期 | 应收 | 审计');
  });
});
