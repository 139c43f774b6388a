// Every route the server serves under /api is in the OpenAPI document at /docs, so an ERP integrator never meets an
// undocumented door; a route added later (or hidden) fails here without editing this test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DepsPlugin } from '../../src/http/server.ts';
import { servedApiPlugins } from '../../src/main.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;
const served: string[] = [];

// Wrapped with fastify-plugin so its hook sees the routes of the /api scope registered after it.
const recordRoutes: DepsPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // HEAD is Fastify's automatic twin of each GET, not a route of ours.
    for (const method of methods) if (method !== 'HEAD') served.push(`${method} ${route.url}`);
  });
});

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'closeloop-openapi-'));
  world = await openApiWorld([recordRoutes, ...servedApiPlugins(dataDir)]);
  await world.app.ready();
}, 120_000);
afterAll(async () => {
  await world?.close();
});

function documented(): string[] {
  const doc = world.app.swagger() as { paths?: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths ?? {}).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe('the OpenAPI document', () => {
  it('names every route served under /api, with its path parameters', () => {
    const wanted = [
      ...new Set(served.map((r) => r.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/(.)\/$/, '$1'))),
    ].sort();
    // The doors issue 14 added, so an empty walk cannot pass.
    expect(wanted).toEqual(
      expect.arrayContaining([
        'GET /api/customers',
        'POST /api/customers',
        'GET /api/customers/{id}/contacts',
        'GET /api/products',
        'POST /api/webhooks',
        'GET /api/webhooks/{id}/deliveries',
        'POST /api/fx-rates',
        'GET /api/installments',
        'GET /api/payments',
      ]),
    );
    const inDocument = new Set(documented());
    expect(wanted.filter((route) => !inDocument.has(route))).toEqual([]);
  });
});
