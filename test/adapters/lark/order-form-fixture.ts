// A Lark app for the order form tests: roster with Lark ids, one product, the customer ACME owned by Amy,
// encrypted event requests and a settle that runs the adapter's work and the outbox to the end.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createConsoleTransport } from '../../../adapters/console/transport.ts';
import { createLarkAdapter } from '../../../adapters/lark/plugin.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { deliverDue, type Transports } from '../../../src/app/outbox/deliver-outbox.ts';
import { importRoster } from '../../../src/app/roster/import-roster.ts';
import { customers, products, users } from '../../../src/db/schema.ts';
import { buildServer } from '../../../src/http/server.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeLark, larkRequest, startFakeLark } from '../../helpers/lark.ts';

const roster = `name,email,roles,region,manager_email,lark_open_id,timezone,locale
Meng Manager,meng@example.cn,manager,east,,ou_meng,Asia/Shanghai,en
Amy Rep,amy@example.cn,rep,east,meng@example.cn,ou_amy,Asia/Shanghai,en
Bo Rep,bo@example.cn,rep,east,meng@example.cn,ou_bo,Asia/Shanghai,en
Lu Legal,lu@example.cn,legal,,,ou_lu,Asia/Shanghai,en
`;

export interface LarkOrderApp {
  lark: FakeLark;
  database: TestDatabase;
  deps: AppDeps;
  app: FastifyInstance;
  amy: UserRow;
  customerId: string;
  settle(): Promise<void>;
  secure(body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startLarkOrderApp(
  verificationToken: string,
  encryptKey: string,
): Promise<LarkOrderApp> {
  const lark = await startFakeLark();
  const database = await createTestDatabase();
  const deps = testDeps(database, { clock: testClock(), platforms: ['console', 'lark'] });
  await importRoster(deps, { kind: 'system', name: 'test' }, roster);
  const adapter = createLarkAdapter(
    {
      appId: 'cli_test_app',
      appSecret: 'secret',
      verificationToken,
      encryptKey,
      domain: lark.url,
      mode: 'http',
    },
    { linkRosterOnStart: false },
  );
  const app = await buildServer({ deps, api: [], adapters: [adapter.plugin], health: {} });
  const transports: Transports = { console: createConsoleTransport(deps), lark: adapter.transport };
  const [amy] = await deps.db.select().from(users).where(eq(users.email, 'amy@example.cn'));
  if (!amy) throw new Error('roster has no Amy');
  await deps.db
    .insert(products)
    .values({ sku: 'B200', name: 'Die set B200', unitPriceMinor: 100_000, currency: 'CNY' });
  const [acme] = await deps.db
    .insert(customers)
    .values({ name: 'ACME', normalizedName: 'acme', currency: 'CNY', ownerId: amy.id })
    .returning();
  return {
    lark,
    database,
    deps,
    app,
    amy,
    customerId: acme?.id ?? '',
    async settle() {
      await adapter.idle();
      for (let i = 0; i < 10; i++) if ((await deliverDue(deps, transports)).claimed === 0) return;
    },
    async secure(body) {
      const { headers, payload } = larkRequest(body, { encryptKey, encrypt: true });
      const response = await app.inject({ method: 'POST', url: '/lark/events', headers, payload });
      return { status: response.statusCode, body: response.json() as Record<string, unknown> };
    },
    async close() {
      await app.close();
      await lark.close();
      await database.close();
    },
  };
}

type FormElement = {
  tag: string;
  name?: string;
  content?: string;
  default_value?: string;
  initial_option?: string;
};
// The inputs of the form container in a Lark card, as the tests read them.
export const formInputs = (card: unknown) =>
  ((card as { body: { elements: { tag: string; elements?: FormElement[] }[] } }).body.elements.find(
    (e) => e.tag === 'form',
  )?.elements ?? []) as FormElement[];
