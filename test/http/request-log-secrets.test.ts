// What a request line in the server log shows of an address that carries a secret: the console's export link works
// for anyone holding it for 15 minutes, so its signed token (t=) is cut from the log while the path and `as` stay.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps, UserRow } from '../../src/app/deps.ts';
import { seedRoster } from '../adapters/console/fixture.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';
import { webServer } from './auth/fixture.ts';

let database: TestDatabase;
let deps: AppDeps;
let people: Record<string, UserRow>;
let app: FastifyInstance;
let logged = '';

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  people = await seedRoster(deps);
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logged += String(chunk);
      done();
    },
  });
  app = await webServer(deps, {}, { logger: { level: 'info', stream } });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('request log lines', () => {
  it('show an export download without its link token, which would let a log reader fetch the file', async () => {
    const as = people.manager?.id ?? '';
    const asked = await app.inject({
      method: 'POST',
      url: '/console/api/command',
      payload: { as, text: 'export leads' },
    });
    const link = new URL((asked.json() as { download?: { url: string } }).download?.url ?? '');
    const token = link.searchParams.get('t') ?? '';
    expect(token.length).toBeGreaterThan(20);
    const file = await app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    expect(file.statusCode).toBe(200);
    expect(logged).toContain(`/console/exports?as=${as}&t=[redacted]`);
    expect(logged).not.toContain(token);
    // Written another way (%74 is "t"), it is the same parameter to the server and is cut all the same.
    await app.inject({ method: 'GET', url: `/console/exports?as=${as}&%74=${token}` });
    expect(logged).not.toContain(token);
  });
});
