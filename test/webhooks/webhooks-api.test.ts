// /api/webhooks end to end on the real database: subscribe (with the SSRF check), events from real use cases
// delivered by the outbox through the webhook transport to the reference receiver, retries on the ladder, the
// delivery log, redelivery, auto-disable with a card to the admins, removal.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleTransport } from '../../adapters/console/transport.ts';
import { createWebhookTransport } from '../../adapters/webhook/transport.ts';
import { deliverDue, type Transports } from '../../src/app/outbox/deliver-outbox.ts';
import { inTransaction } from '../../src/app/unit-of-work.ts';
import { publishEvent } from '../../src/app/webhooks/publish-event.ts';
import { publishCustomerEvent } from '../../src/app/webhooks/publish-record-event.ts';
import { syncConfiguredWebhooks } from '../../src/app/webhooks/sync-configured-webhooks.ts';
import { leadsApi } from '../../src/http/api/leads.ts';
import { webhooksApi } from '../../src/http/api/webhooks.ts';
import { insertPerson } from '../app/orders/people.ts';
import type { TestClock } from '../helpers/clock.ts';
import { type ApiWorld, openApiWorld } from '../http/api-world.ts';
import { startTestReceiver, type TestReceiver } from './receiver-fixture.ts';

const SECRET = 'erp-shared-secret-0123456789';
// What the resolver answers per host name; a test may change it (DNS changing between subscribe and send).
const dns = new Map<string, string[]>([
  ['erp.example.test', ['93.184.216.34']],
  ['metadata.example.test', ['169.254.169.254']],
  ['mixed.example.test', ['93.184.216.34', '10.0.0.8']],
]);
const resolve = async (host: string) => {
  const found = dns.get(host);
  if (!found) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
  return found;
};

let world: ApiWorld;
let erp: TestReceiver;
let transports: Transports;
let clock: TestClock;

const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  world.app.inject({
    method,
    url,
    headers: world.auth,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
const deliver = () => deliverDue(world.deps, transports);
const allowPrivate = (allow: boolean) => {
  world.deps.policy = {
    ...world.deps.policy,
    webhooks: { ...world.deps.policy.webhooks, allowPrivate: allow },
  };
};

beforeAll(async () => {
  world = await openApiWorld([leadsApi, webhooksApi({ resolve })]);
  clock = world.deps.clock as TestClock;
  erp = await startTestReceiver({ secret: SECRET, now: () => clock.now() });
  transports = {
    console: createConsoleTransport(world.deps),
    webhook: createWebhookTransport(world.deps, { secrets: { ERP_SECRET: SECRET }, resolve }),
  };
}, 60_000);
afterAll(async () => {
  await erp?.close();
  await world?.close();
});

describe('subscribing', () => {
  it('refuses loopback, private and metadata hosts (also by DNS), naming the field; nothing is stored', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://10.1.2.3/hook',
      'http://metadata.example.test/latest',
      'http://mixed.example.test/hook',
    ]) {
      const res = await api('POST', '/api/webhooks', { url, events: ['order.approved'], secret: SECRET });
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toMatchObject({ error: 'webhook_url_private', field: 'url' });
      expect(res.json().message).toContain('webhooks.allowPrivate');
    }
    const unknown = await api('POST', '/api/webhooks', {
      url: 'https://nowhere.example.test/x',
      events: ['order.approved'],
    });
    expect(unknown.json()).toMatchObject({ error: 'webhook_url_unresolvable', field: 'url' });
    const typo = await api('POST', '/api/webhooks', {
      url: 'https://erp.example.test/x',
      events: ['order.aproved'],
    });
    expect(typo.statusCode).toBe(400);
    expect(typo.json()).toMatchObject({ error: 'webhook_event_unknown', field: 'events' });
    expect(typo.json().message).toContain('order.approved');
    expect((await api('GET', '/api/webhooks')).json().endpoints).toEqual([]);
  });

  it('takes a public host, answers the secret once and never lists it', async () => {
    const res = await api('POST', '/api/webhooks', {
      url: 'https://erp.example.test/closeloop',
      events: ['order.approved'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().secret).toMatch(/^whsec_/);
    const list = (await api('GET', '/api/webhooks')).json().endpoints;
    expect(list).toHaveLength(1);
    expect(list[0]).not.toHaveProperty('secret');
    expect(JSON.stringify(list)).not.toContain(res.json().secret);
    expect((await api('DELETE', `/api/webhooks/${res.json().id}`)).statusCode).toBe(204);
    expect((await api('DELETE', `/api/webhooks/${res.json().id}`)).statusCode).toBe(404);
  });

  it('a key without webhooks:manage is refused', async () => {
    const { createApiKey: _unused, ...rest } = await import('../../src/app/apikeys/create-api-key.ts');
    const key = await rest.issueApiKey(
      world.deps,
      { kind: 'system', name: 'test' },
      { name: 'reader', scopes: 'leads:read' },
    );
    const res = await world.app.inject({
      method: 'GET',
      url: '/api/webhooks',
      headers: { authorization: `Bearer ${key.key}` },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().scope).toBe('webhooks:manage');
  });
});

describe('delivery to the reference receiver', () => {
  let endpointId: string;

  it('a new lead reaches the receiver signed, after two 500s, on the retry ladder; one event, one log', async () => {
    allowPrivate(true);
    const sub = await api('POST', '/api/webhooks', {
      url: erp.url,
      events: ['lead.created', 'customer.updated'],
      secret: SECRET,
    });
    expect(sub.statusCode).toBe(201);
    endpointId = sub.json().id;
    erp.failFirst(2);
    const lead = await api('POST', '/api/leads', {
      name: 'Zhou Hook',
      email: 'zhou@hook.cn',
      region: 'east',
    });
    expect(lead.statusCode).toBe(201);

    await deliver();
    expect(erp.requests).toHaveLength(1);
    expect(erp.receiver.events).toHaveLength(0);
    // Not before its time: the first retry waits a minute.
    await deliver();
    expect(erp.requests).toHaveLength(1);
    clock.advance(60_000);
    await deliver();
    expect(erp.requests).toHaveLength(2);
    clock.advance(4 * 60_000);
    await deliver();
    expect(erp.requests).toHaveLength(2);
    clock.advance(60_000);
    await deliver();
    expect(erp.requests).toHaveLength(3);

    expect(erp.receiver.events).toHaveLength(1);
    expect(erp.receiver.stats.rejected).toBe(0);
    const event = erp.receiver.events[0];
    expect(event).toMatchObject({
      type: 'lead.created',
      data: { id: lead.json().id, number: lead.json().number, name: 'Zhou Hook', email: 'zhou@hook.cn' },
    });
    // Every try carried the same event id; the signature header is the documented form.
    expect(new Set(erp.requests.map((r) => r.eventId))).toEqual(new Set([event?.id]));
    expect(erp.requests[2]?.headers['x-closeloop-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(erp.requests[2]?.headers['x-closeloop-event']).toBe('lead.created');

    const log = (await api('GET', `/api/webhooks/${endpointId}/deliveries`)).json();
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({ eventId: event?.id, event: 'lead.created', status: 'sent' });
    expect(
      log.deliveries[0].log.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode]),
    ).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(log.deliveries[0].log[0].error).toBe('HTTP 500');
  });

  it('a redelivery sends the same event id again and the receiver keeps it once; a double click queues one', async () => {
    erp.failFirst(0);
    const [first] = (await api('GET', `/api/webhooks/${endpointId}/deliveries`)).json().deliveries;
    const again = await api('POST', `/api/webhooks/${endpointId}/deliveries/${first.deliveryId}/redeliver`);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ eventId: first.eventId, queued: true });
    const twice = await api('POST', `/api/webhooks/${endpointId}/deliveries/${first.deliveryId}/redeliver`);
    expect(twice.json()).toMatchObject({ deliveryId: again.json().deliveryId, queued: false });
    await deliver();
    expect(erp.receiver.events).toHaveLength(1);
    expect(erp.receiver.stats.duplicates).toBe(1);
    const missing = await api('POST', `/api/webhooks/${endpointId}/deliveries/999999/redeliver`);
    expect(missing.statusCode).toBe(404);
  });

  it('customer.updated (no customer edit exists yet on this branch) goes out when a use case publishes it', async () => {
    const customerId = (await world.database.pool.query(`select id from customers where name = 'ACME'`))
      .rows[0].id as string;
    await inTransaction(world.deps, { kind: 'system', name: 'test' }, (uow) =>
      publishCustomerEvent(uow, 'customer.updated', customerId),
    );
    await deliver();
    expect(erp.receiver.events.at(-1)).toMatchObject({
      type: 'customer.updated',
      data: { id: customerId, name: 'ACME', currency: 'CNY' },
    });
  });

  it('does not follow a redirect', async () => {
    let followed = 0;
    const target = createServer((req, res) => {
      followed += 1;
      req.resume();
      res.writeHead(200).end();
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const redirecting = createServer((req, res) => {
      req.resume();
      res.writeHead(302, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/` }).end();
    });
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r));
    const port = (redirecting.address() as AddressInfo).port;
    const sub = await api('POST', '/api/webhooks', {
      url: `http://127.0.0.1:${port}/x`,
      events: ['order.cancelled'],
      secret: SECRET,
    });
    const lead = await api('POST', '/api/leads', {
      name: 'Qian Redirect',
      email: 'qian@hook.cn',
      region: 'east',
    });
    expect(lead.statusCode).toBe(201);
    await inTransaction(world.deps, { kind: 'system', name: 'test' }, (uow) =>
      publishEvent(uow, 'order.cancelled', 'redirect-test', async () => ({ id: 'x' })),
    );
    await deliver();
    const [delivery] = (await api('GET', `/api/webhooks/${sub.json().id}/deliveries`)).json().deliveries;
    expect(delivery.status).toBe('pending');
    expect(delivery.log[0].statusCode).toBe(302);
    expect(delivery.log[0].error).toContain('not followed');
    expect(followed).toBe(0);
    redirecting.close();
    target.close();
    await api('DELETE', `/api/webhooks/${sub.json().id}`);
  });

  it('refuses to send to a host whose DNS turned private after subscribing, and gives the delivery up', async () => {
    allowPrivate(false);
    dns.set('flip.example.test', ['93.184.216.34']);
    const flip = await api('POST', '/api/webhooks', {
      url: 'http://flip.example.test/x',
      events: ['order.rejected'],
      secret: SECRET,
    });
    expect(flip.statusCode).toBe(201);
    dns.set('flip.example.test', ['127.0.0.1']);
    await inTransaction(world.deps, { kind: 'system', name: 'test' }, (uow) =>
      publishEvent(uow, 'order.rejected', 'flip-test', async () => ({ id: 'y' })),
    );
    await deliver();
    const [delivery] = (await api('GET', `/api/webhooks/${flip.json().id}/deliveries`)).json().deliveries;
    expect(delivery.status).toBe('dead');
    expect(delivery.log[0]).toMatchObject({ statusCode: null });
    expect(delivery.log[0].error).toContain('127.0.0.1');
    // Nothing reached the receiver listening on loopback.
    expect(erp.requests.filter((r) => r.headers['x-closeloop-event'] === 'order.rejected')).toEqual([]);
    allowPrivate(true);
    await api('DELETE', `/api/webhooks/${flip.json().id}`);
  });
});

describe('an endpoint that keeps failing', () => {
  it('is switched off after the configured streak, the admins get a card, and nothing more is queued for it', async () => {
    const admin = await insertPerson(world.database, world.people, 'admin', {
      name: 'Ada Admin',
      roles: ['admin'],
    });
    world.deps.policy = {
      ...world.deps.policy,
      webhooks: { ...world.deps.policy.webhooks, allowPrivate: true, disableAfterFailures: 3 },
    };
    const broken = createServer((req, res) => {
      req.resume();
      res.writeHead(503).end();
    });
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    const port = (broken.address() as AddressInfo).port;
    const sub = await api('POST', '/api/webhooks', {
      url: `http://127.0.0.1:${port}/down`,
      events: ['lead.created'],
      secret: SECRET,
    });
    const id = sub.json().id as string;
    await api('POST', '/api/leads', { name: 'Sun Down', email: 'sun@down.cn', region: 'east' });
    for (const wait of [0, 60_000, 5 * 60_000]) {
      clock.advance(wait);
      await deliver();
    }
    const [endpoint] = (await api('GET', '/api/webhooks'))
      .json()
      .endpoints.filter((e: { id: string }) => e.id === id);
    expect(endpoint).toMatchObject({ enabled: false, failureStreak: 3 });
    expect(endpoint.disabledReason).toContain('HTTP 503');
    const cards = await world.database.pool.query(
      `select card->>'title' as title, destination from outbox
       where platform = 'console' and ref_key like 'webhook-disabled:' || $1 || ':%'`,
      [id],
    );
    expect(cards.rows).toEqual([{ title: 'Webhook endpoint switched off', destination: `user:${admin.id}` }]);
    // The waiting delivery is given up at its next try; new events are not queued for it.
    clock.advance(15 * 60_000);
    await deliver();
    const before = (await api('GET', `/api/webhooks/${id}/deliveries`)).json().deliveries;
    expect(before.map((d: { status: string }) => d.status)).toEqual(['dead']);
    await api('POST', '/api/leads', { name: 'Sun Later', email: 'sun2@down.cn', region: 'east' });
    expect((await api('GET', `/api/webhooks/${id}/deliveries`)).json().deliveries).toHaveLength(1);
    const redeliver = await api('POST', `/api/webhooks/${id}/deliveries/${before[0].deliveryId}/redeliver`);
    expect(redeliver.statusCode).toBe(409);
    const enabled = await api('POST', `/api/webhooks/${id}/enable`);
    expect(enabled.json()).toMatchObject({ enabled: true, failureStreak: 0 });
    broken.close();
  });
});

describe('endpoints from closeloop.yaml', () => {
  it('are added at start, listed as config, and cannot be removed over the API', async () => {
    world.deps.policy = {
      ...world.deps.policy,
      webhooks: {
        ...world.deps.policy.webhooks,
        endpoints: [
          {
            name: 'erp',
            url: 'https://erp.example.test/in',
            events: ['order.approved'],
            secretEnv: 'ERP_SECRET',
          },
        ],
      },
    };
    await syncConfiguredWebhooks(world.deps);
    await syncConfiguredWebhooks(world.deps);
    const configured = (await api('GET', '/api/webhooks'))
      .json()
      .endpoints.filter((e: { source: string }) => e.source === 'config');
    expect(configured).toEqual([
      expect.objectContaining({ name: 'erp', url: 'https://erp.example.test/in' }),
    ]);
    const del = await api('DELETE', `/api/webhooks/${configured[0].id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().message).toContain('closeloop.yaml');
  });
});
