// GET /api/customers and /api/products both search and answer an ERP's poll: with updatedSince or a cursor they give
// the sync page every other entity gives, on the server as main.ts assembles it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiPlugins } from '../../src/main.ts';
import { settleSyncHorizon } from '../helpers/db.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;
beforeAll(async () => {
  world = await openApiWorld(apiPlugins);
});
afterAll(async () => {
  await world?.close();
});

describe('customer and product lists under the full API', () => {
  for (const [path, expected] of [
    ['/api/customers', 'ACME'],
    ['/api/products', 'B200'],
  ] as const) {
    it(`${path} searches without polling parameters and pages changes with them`, async () => {
      const search = await world.app.inject({ method: 'GET', url: path, headers: world.auth });
      expect(search.statusCode).toBe(200);
      expect(search.json()).toHaveProperty('total');

      await settleSyncHorizon(world.database);
      const poll = await world.app.inject({
        method: 'GET',
        url: `${path}?updatedSince=2000-01-01T00:00:00Z`,
        headers: world.auth,
      });
      expect(poll.statusCode).toBe(200);
      const page = poll.json() as { items: Record<string, unknown>[]; nextCursor: string | null };
      expect(JSON.stringify(page.items)).toContain(expected);
      expect(page.nextCursor).toEqual(expect.any(String));
      const next = await world.app.inject({
        method: 'GET',
        url: `${path}?cursor=${encodeURIComponent(page.nextCursor ?? '')}`,
        headers: world.auth,
      });
      expect(next.json().items).toEqual([]);
    });
  }
});
