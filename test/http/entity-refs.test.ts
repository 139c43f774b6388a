// A lead or an order is named the same way on every route: its id or its number (L-000042, SO-2026-00012, any case).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadsApi } from '../../src/http/api/leads.ts';
import { ordersApi } from '../../src/http/api/orders.ts';
import { type ApiWorld, openApiWorld } from './api-world.ts';

let world: ApiWorld;
let app: FastifyInstance;
let auth: { authorization: string };

beforeAll(async () => {
  world = await openApiWorld([leadsApi, ordersApi]);
  ({ app, auth } = world);
});

afterAll(async () => {
  await world?.close();
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: auth });

describe('GET /api/leads/:id', () => {
  it('takes the lead number (L-000001, l-000001, #1, 1) as well as the id', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/leads',
      headers: auth,
      payload: { name: 'Li Lei', email: 'li@acme.cn', source: 'website' },
    });
    expect(created.statusCode).toBe(201);
    const { id, number } = created.json();
    expect(number).toBe('L-000001');
    for (const ref of [id, id.toUpperCase(), 'L-000001', 'l-000001', '%231', '1']) {
      const res = await get(`/api/leads/${ref}`);
      expect(res.statusCode, ref).toBe(200);
      expect(res.json()).toMatchObject({ id, number: 'L-000001', name: 'Li Lei' });
    }
  });

  it.each(['L-999999', '00000000-0000-0000-0000-000000000000'])('%s is 404 no such lead', async (ref) => {
    const res = await get(`/api/leads/${ref}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('lead_not_found');
  });

  it.each(['constructor', '__proto__', 'L-3000000000000000000', 'L-4x2'])(
    '%s is 400 naming id and both forms, never a 500',
    async (ref) => {
      const res = await get(`/api/leads/${ref}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('id: id is a lead id (a UUID) or a lead number such as L-000042');
    },
  );
});

describe('/api/orders/:number', () => {
  it('takes the order id and the number in any case, for reading, changing and cancelling', async () => {
    const created = await world.newOrder({ submit: false });
    expect(created.statusCode).toBe(201);
    const { id, number } = created.json();
    for (const ref of [id, number.toLowerCase()]) {
      const res = await get(`/api/orders/${ref}`);
      expect(res.statusCode, ref).toBe(200);
      expect(res.json()).toMatchObject({ id, number });
    }
    const history = await get(`/api/orders/${id}/history`);
    expect(history.statusCode).toBe(200);
    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/orders/${id}`,
      headers: auth,
      payload: { terms: 'Delivery by 2026-12-01' },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().number).toBe(number);
    const cancelled = await app.inject({
      method: 'POST',
      url: `/api/orders/${id}/cancel`,
      headers: auth,
      payload: {},
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toEqual({ number, status: 'cancelled', changed: true });
    expect((await get(`/api/orders/${number}`)).json().status).toBe('cancelled');
  });
});
