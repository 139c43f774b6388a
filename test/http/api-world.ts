// A real database with a manager, a rep (rep@demo.test), product B200 and customer ACME, and the server with an API key.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApiKey } from '../../src/app/apikeys/create-api-key.ts';
import type { AppDeps, UserRow } from '../../src/app/deps.ts';
import { customers, products } from '../../src/db/schema.ts';
import { buildServer, type DepsPlugin } from '../../src/http/server.ts';
import { insertPerson } from '../app/orders/people.ts';
import { testClock } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testDeps } from '../helpers/deps.ts';

export interface ApiWorld {
  database: TestDatabase;
  deps: AppDeps;
  app: FastifyInstance;
  auth: { authorization: string };
  people: Record<string, UserRow>;
  // POST /api/orders for ACME by the rep, one B200, with `extra` replacing or adding fields.
  newOrder: (extra?: Record<string, unknown>) => Promise<LightMyRequestResponse>;
  close: () => Promise<void>;
}

export async function openApiWorld(api: DepsPlugin[], adapters: DepsPlugin[] = []): Promise<ApiWorld> {
  const database = await createTestDatabase();
  const deps = testDeps(database, { clock: testClock('2026-11-02T02:00:00Z') });
  const people: Record<string, UserRow> = {};
  const boss = await insertPerson(database, people, 'boss', { name: 'Wang Boss', roles: ['manager'] });
  await insertPerson(database, people, 'rep', { name: 'Li Rep', roles: ['rep'], managerId: boss.id });
  await database.db
    .insert(products)
    .values({ sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' });
  await database.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: people.rep?.id });
  const app = await buildServer({ deps, api, adapters, health: {} });
  const auth = { authorization: `Bearer ${(await createApiKey(deps, 'erp')).key}` };
  return {
    database,
    deps,
    app,
    auth,
    people,
    newOrder: (extra = {}) =>
      app.inject({
        method: 'POST',
        url: '/api/orders',
        headers: auth,
        payload: {
          customerName: 'ACME',
          ownerEmail: 'rep@demo.test',
          lines: [{ sku: 'B200', quantity: 1 }],
          ...extra,
        },
      }),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
