// One intake queue per process: POST /api/leads and the lead hooks take their leads through the queue they are given,
// so its in-flight limit holds for both together.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import { type LeadIntake, leadIntake } from '../../src/app/leads/take-in-leads-together.ts';
import { parsePolicy } from '../../src/config/load-policy.ts';
import { leadHooksPlugin } from '../../src/http/api/lead-hooks.ts';
import { leadsApiWith } from '../../src/http/api/leads.ts';
import { buildServer } from '../../src/http/server.ts';
import { addTeam } from '../app/leads/fixtures.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { examplePolicyFile, testDeps } from '../helpers/deps.ts';

const policy = `${readFileSync(examplePolicyFile, 'utf8')}
leads:
  sources:
    expo-app:
      fields: { name: who, email: mail }
`;

let database: TestDatabase;
let app: FastifyInstance;
let apiKey: string;
// Names of the leads the shared queue took, in the order taken.
const taken: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const deps = testDeps(database, { policy: parsePolicy(policy, 'closeloop.yaml') });
  await addTeam(database);
  const queue = leadIntake(deps);
  const shared: LeadIntake = {
    take: (actor, input) => {
      taken.push(input.name);
      return queue.take(actor, input);
    },
    drain: () => queue.drain(),
  };
  app = await buildServer({
    deps,
    api: [leadsApiWith({ intake: shared })],
    adapters: [leadHooksPlugin({ env: {}, intake: shared })],
    health: {},
  });
  apiKey = (await createApiKey(deps, 'forms')).key;
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

it('the leads API and the lead hooks both take their leads through the one queue they are given', async () => {
  const headers = { authorization: `Bearer ${apiKey}` };
  const [api, hook] = await Promise.all([
    app.inject({
      method: 'POST',
      url: '/api/leads',
      headers,
      payload: { name: 'Li Lei', email: 'li.lei@example.com' },
    }),
    app.inject({
      method: 'POST',
      url: '/api/hooks/leads/expo-app',
      headers,
      payload: { who: 'Jane Roe', mail: 'jane@roe.example' },
    }),
  ]);
  expect([api.statusCode, hook.statusCode]).toEqual([201, 201]);
  expect([...taken].sort()).toEqual(['Jane Roe', 'Li Lei']);
  expect(await countRows(database, 'leads')).toBe(2);
});
