// A lead's text has the same limits at every door: a 3,000,000-character name pasted into an import, a chat command or
// the API is refused naming the field and its limit, and nothing is written (before, the import and chat took it).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../src/app/commands/run-text-command.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { leadsApi } from '../../src/http/api/leads.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import { rowCounts } from '../helpers/db.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;
let app: FastifyInstance;
const tables = ['leads', 'audit_log', 'outbox'];
const counts = () => rowCounts(world.database, tables);

beforeAll(async () => {
  world = await openApiWorld([leadsApi]);
  app = world.app;
});

afterAll(async () => {
  await world?.close();
});

describe('an overlong lead field', () => {
  it('POST /api/leads names the limit, not "name is text"', async () => {
    const before = await counts();
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: world.auth,
      payload: { name: 'N'.repeat(1000), email: 'long@api.cn' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ field: 'name', message: 'name is at most 200 characters' }]);
    expect(await counts()).toEqual(before);
  });

  it('an imported row with a 3,000,000-character name is a bad row naming the column; the good row is taken', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads/import',
      headers: { ...world.auth, 'content-type': 'text/csv' },
      payload: `name,email,note\n${'A'.repeat(3_000_000)},huge@import.cn,\nFine,fine@import.cn,${'n'.repeat(4001)}\nOk,ok@import.cn,short\n`,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ created: 1 });
    expect(res.json().problems).toEqual([
      expect.objectContaining({ line: 2, field: 'name', message: expect.stringContaining('at most 200') }),
      expect.objectContaining({ line: 3, field: 'note', message: expect.stringContaining('at most 4000') }),
    ]);
    const { rows } = await world.database.pool.query<{ n: number }>(
      'select max(length(name)) as n from leads',
    );
    expect(Number(rows[0]?.n)).toBeLessThanOrEqual(200);
  });

  it('a chat command with a 3,900-character name is refused naming the field in the reader’s language', async () => {
    const rep = world.people.rep;
    if (!rep) throw new Error('no rep');
    const before = await counts();
    const refused = await runTextCommand(
      world.deps,
      { kind: 'user', user: rep },
      `线索 新建 姓名:${'N'.repeat(3900)} 邮箱:long@chat.cn`,
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(errorText(refused as DomainError, 'zh-CN')).toBe('名称长 3900 个字符，线索最多 200 个；请缩短。');
    expect(await counts()).toEqual(before);
  });
});
