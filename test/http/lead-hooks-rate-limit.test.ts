// Lead webhooks are rate limited per sending address (RATE_LIMIT_HOOKS): a flood gets 429 and writes nothing.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/deps.ts';
import { parsePolicy } from '../../src/config/load-policy.ts';
import { leadHooksPlugin, signHookBody } from '../../src/http/api/lead-hooks.ts';
import { buildServer } from '../../src/http/server.ts';
import { addTeam } from '../app/leads/fixtures.ts';
import { testClock } from '../helpers/clock.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicyFile, testDeps } from '../helpers/deps.ts';

const policy = `${readFileSync(examplePolicyFile, 'utf8')}
leads:
  sources:
    expo-app:
      fields: { name: who, email: mail }
      signature: { secretEnv: HOOK_EXPO_SECRET, tolerance: 5m }
`;
const secret = 'expo-secret';
const clock = testClock('2026-11-02T02:00:00Z');
let database: TestDatabase;
let deps: AppDeps;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = testDeps(database, { clock, policy: parsePolicy(policy, 'closeloop.yaml') });
  await addTeam(database);
  app = await buildServer({
    deps,
    api: [],
    adapters: [leadHooksPlugin({ env: { HOOK_EXPO_SECRET: secret }, perMinute: 3 })],
    health: {},
  });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

const hook = (i: number, remoteAddress: string) => {
  const text = JSON.stringify({ who: `Visitor ${i}`, mail: `v${i}@expo.test` });
  const timestamp = String(Math.floor(clock.now().getTime() / 1000));
  return app.inject({
    method: 'POST',
    url: '/api/hooks/leads/expo-app',
    remoteAddress,
    headers: {
      'content-type': 'application/json',
      'x-closeloop-timestamp': timestamp,
      'x-closeloop-signature': signHookBody(secret, timestamp, text),
    },
    payload: text,
  });
};

describe('rate limit on lead webhooks', () => {
  it('the fourth hook in a minute from one address is 429 with Retry-After and makes no lead; another address is served', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await hook(i, '203.0.113.7')).statusCode);
    expect(codes).toEqual([201, 201, 201, 429]);
    const limited = await hook(9, '203.0.113.7');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await countRows(database, 'leads')).toBe(3);
    expect((await hook(10, '198.51.100.4')).statusCode).toBe(201);
    expect(await countRows(database, 'leads')).toBe(4);
  });
});
