// The status: filter of an export as people type it: a status no record can have (status:won) is refused listing the
// real ones instead of answering an empty file, Chinese status words (状态:已接受) narrow like the stored ones, and a
// filter on the audit log says it takes a period only.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../src/app/commands/run-text-command.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { exportsApi } from '../../src/http/api/exports.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;

beforeAll(async () => {
  world = await openApiWorld([exportsApi]);
  for (const [name, status] of [
    ['Amy', 'accepted'],
    ['Bo', 'accepted'],
    ['Cy', 'lost'],
  ])
    await world.database.pool.query(
      `insert into leads (name, phone, source, status, owner_id) values ($1, '13800138000', 'web', $2, $3)`,
      [name, status, world.people.rep!.id],
    );
});
afterAll(async () => world?.close());

const get = (url: string) => world.app.inject({ method: 'GET', url, headers: world.auth });
const names = (body: string) => (parse(body, { bom: true }) as string[][]).slice(1).map((r) => r[2]);

describe('export status words', () => {
  it('status=won is a 400 listing the statuses a lead can have, not an empty file', async () => {
    const res = await get('/api/exports/leads?status=won');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'export_unknown_status', field: 'status' });
    expect(res.json().message).toBe(
      'status: "won" is not a status of leads; use one of new, offered, accepted, converted, lost, merged.',
    );
  });

  it.each([
    ['accepted', ['Amy', 'Bo']],
    ['已接受', ['Amy', 'Bo']],
    ['Lost', ['Cy']],
    ['已流失', ['Cy']],
  ])('status=%s narrows to %j', async (word, expected) => {
    const res = await get(`/api/exports/leads?status=${encodeURIComponent(word)}`);
    expect(res.statusCode).toBe(200);
    expect(names(res.body).sort()).toEqual(expected);
  });

  it('an order status is read with spaces or in Chinese; a lead status is no order status', async () => {
    expect((await get('/api/exports/orders?status=pending%20approval')).statusCode).toBe(200);
    expect((await get(`/api/exports/orders?status=${encodeURIComponent('待审批')}`)).statusCode).toBe(200);
    expect((await get('/api/exports/orders?status=accepted')).json()).toMatchObject({
      error: 'export_unknown_status',
    });
  });

  it('the audit log takes a period only, and says so', async () => {
    const res = await get('/api/exports/audit?source=web');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'export_period_only', field: 'source' });
    expect(res.json().message).toBe(
      'source: an export of audit is narrowed by its period only (e.g. export audit month); drop source:.',
    );
  });

  it('in chat: 导出 线索 状态:已接受 exports; export leads status:won is refused naming the statuses', async () => {
    const boss = world.people.boss!;
    const zh = await runTextCommand(
      world.deps,
      { kind: 'user', user: { ...boss, locale: 'zh-CN' } },
      '导出 线索 状态:已接受',
    );
    expect(zh.tone).toBe('success');
    const refusal = await runTextCommand(
      world.deps,
      { kind: 'user', user: boss },
      'export leads status:won',
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(DomainError);
    expect(errorText(refusal as DomainError, 'en')).toContain('use one of new, offered, accepted');
  });
});
