// Text PostgreSQL cannot store: a NUL character (U+0000) anywhere in a request — JSON body, query, path, chat command —
// is a 400 naming where it was (or, in a chat command, ignored), never a 500, and writes nothing.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePlugin } from '../../adapters/console/plugin.ts';
import { submitForm } from '../../src/app/commands/forms.ts';
import { runTextCommand } from '../../src/app/commands/run-text-command.ts';
import { customersApi } from '../../src/http/api/customers.ts';
import { leadsApi } from '../../src/http/api/leads.ts';
import { ordersApi } from '../../src/http/api/orders.ts';
import { productsApi } from '../../src/http/api/products.ts';
import { reportsApi } from '../../src/http/api/reports.ts';
import { rowCounts } from '../helpers/db.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;
let app: FastifyInstance;
const tables = ['leads', 'customers', 'orders', 'audit_log', 'outbox'];
const counts = () => rowCounts(world.database, tables);

beforeAll(async () => {
  world = await openApiWorld([leadsApi, customersApi, ordersApi, productsApi, reportsApi], [consolePlugin]);
  app = world.app;
});

afterAll(async () => {
  await world?.close();
});

describe('a NUL character in an API request', () => {
  it.each([
    ['POST', '/api/leads', 'name', { name: 'Zhang\u0000Wei', phone: '13800138000', region: 'east' }],
    ['POST', '/api/customers', 'name', { name: 'ACME\u0000 Two' }],
    ['GET', '/api/customers?q=ac%00me', 'q', undefined],
    ['GET', '/api/products?q=%00', 'q', undefined],
    ['GET', '/api/orders/SO%00', 'number', undefined],
    ['GET', '/api/reports/funnel?source=%00', 'source', undefined],
  ] as const)('%s %s is a 400 naming %s; nothing written', async (method, url, field, payload) => {
    const before = await counts();
    const res = await app.inject({
      method,
      url,
      headers: world.auth,
      ...(payload === undefined ? {} : { payload }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_request', issues: [{ field }] });
    expect(res.json().message).toContain('U+0000');
    expect(await counts()).toEqual(before);
  });

  it('a NUL deep inside a body names its path', async () => {
    const res = await world.newOrder({ lines: [{ sku: 'B200', quantity: 1, description: 'x\u0000' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([expect.objectContaining({ field: 'lines.0.description' })]);
  });
});

describe('a NUL character in a chat command', () => {
  it('is ignored, as a character nobody types: the command runs on the rest', async () => {
    const rep = world.people.rep;
    if (!rep) throw new Error('no rep');
    const reply = await runTextCommand(world.deps, { kind: 'user', user: rep }, 'customer show AC\u0000ME');
    expect(reply.text).toContain('ACME');
    const typo = await runTextCommand(world.deps, { kind: 'user', user: rep }, 'ar \u0000');
    expect(typo.text).not.toContain('\u0000');
  });

  it('in a form sent from Slack or Lark (which reach submitForm unchecked) is dropped too', async () => {
    const rep = world.people.rep;
    if (!rep) throw new Error('no rep');
    const reply = await submitForm(world.deps, { kind: 'user', user: rep }, 'lead.new', {
      entityId: 'new',
      state: '',
      values: { name: 'Zhang\u0000Wei', phone: '13800138099', region: 'east' },
    });
    expect(reply.tone).toBe('success');
    const { rows } = await world.database.pool.query<{ name: string }>(
      `select name from leads where name like 'Zhang%'`,
    );
    expect(rows.map((r) => r.name)).toEqual(['ZhangWei']);
  });

  it('typed in the console is a 400 naming the text, not a 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      payload: { as: world.people.rep?.id, text: 'ar \u0000' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ issues: [{ field: 'text' }] });
  });
});

describe('a body nested very deep', () => {
  it('is looked through without overflowing the stack: no 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: { ...world.auth, 'content-type': 'application/json' },
      payload: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    });
    expect(res.statusCode).toBe(400);
  });
});
