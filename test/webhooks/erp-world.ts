// An API world whose outbox delivers to the reference ERP receiver on the loopback (private addresses allowed): what
// the payment webhook tests subscribe, import and confirm against.
import { createConsoleTransport } from '../../adapters/console/transport.ts';
import { createWebhookTransport } from '../../adapters/webhook/transport.ts';
import { deliverDue } from '../../src/app/outbox/deliver-outbox.ts';
import type { DepsPlugin } from '../../src/http/server.ts';
import type { TestClock } from '../helpers/clock.ts';
import { type ApiWorld, openApiWorld } from '../http/api-world.ts';
import { startTestReceiver, type TestReceiver } from './receiver-fixture.ts';

export interface ErpWorld {
  world: ApiWorld;
  erp: TestReceiver;
  deliver(): ReturnType<typeof deliverDue>;
  eventsOf(type: string): TestReceiver['receiver']['events'];
  // Subscribes the receiver through POST /api/webhooks; the answer's status code.
  subscribe(events: string[]): Promise<number>;
  close(): Promise<void>;
}

export async function openErpWorld(api: DepsPlugin[], secret: string): Promise<ErpWorld> {
  const world = await openApiWorld(api);
  world.deps.policy = {
    ...world.deps.policy,
    webhooks: { ...world.deps.policy.webhooks, allowPrivate: true },
  };
  const erp = await startTestReceiver({ secret, now: () => (world.deps.clock as TestClock).now() });
  return {
    world,
    erp,
    deliver: () =>
      deliverDue(world.deps, {
        console: createConsoleTransport(world.deps),
        webhook: createWebhookTransport(world.deps, { secrets: {} }),
      }),
    eventsOf: (type) => erp.receiver.events.filter((e) => e.type === type),
    subscribe: async (events) => {
      const res = await world.app.inject({
        method: 'POST',
        url: '/api/webhooks',
        headers: world.auth,
        payload: { url: erp.url, events, secret },
      });
      return res.statusCode;
    },
    close: async () => {
      await erp.close();
      await world.close();
    },
  };
}
