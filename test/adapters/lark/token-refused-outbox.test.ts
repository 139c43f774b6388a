// A wrong Lark app secret loses no card: the tenant token refused with a 4xx (code 10014) makes the card wait with
// growing backoff past the outbox's attempt limit, the log tells the admin why without the secret, and once Lark
// grants the token again (the secret fixed) the same card goes out.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLarkClient } from '../../../adapters/lark/client.ts';
import { larkConfigFrom } from '../../../adapters/lark/config.ts';
import { createLarkTransport } from '../../../adapters/lark/transport.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { deliverDue } from '../../../src/app/outbox/deliver-outbox.ts';
import type { Transport } from '../../../src/app/transport.ts';
import { inTransaction } from '../../../src/app/unit-of-work.ts';
import { outbox } from '../../../src/db/schema.ts';
import { testClock } from '../../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { type FakeLark, larkLogRecorder, startFakeLark } from '../../helpers/lark.ts';

const TOKEN_ROUTE = 'POST /open-apis/auth/v3/tenant_access_token/internal';
const appSecret = 'sEcReT-wrong-secret-1a2b3c4d5e';
const clock = testClock();
let lark: FakeLark;
let database: TestDatabase;
let deps: AppDeps;
let transport: Transport;
// What the SDK and the transport printed, as the console would have printed it.
const { logged, record } = larkLogRecorder();

beforeAll(async () => {
  lark = await startFakeLark();
  database = await createTestDatabase();
  deps = testDeps(database, { clock, platforms: ['console', 'lark'] });
  const config = larkConfigFrom({
    LARK_APP_ID: 'cli_wrong_secret',
    LARK_APP_SECRET: appSecret,
    LARK_VERIFICATION_TOKEN: 'vtoken',
    LARK_DOMAIN: lark.url,
  });
  if (!config) throw new Error('the Lark config did not parse');
  transport = createLarkTransport(
    createLarkClient(config, { clock, logSink: { error: record, warn: record } }),
    { warn: record },
  );
});
afterAll(async () => {
  await lark?.close();
  await database?.close();
});

const row = async () =>
  (await deps.db.select().from(outbox).where(eq(outbox.refKey, 'token:refused'))).find(
    (r) => r.platform === 'lark',
  );

describe('Lark refusing the tenant token', () => {
  it('keeps the card waiting with backoff past the attempt limit, warns without the secret, and sends it once the token is granted', async () => {
    await inTransaction(deps, { kind: 'system', name: 'test' }, async (uow) => {
      await uow.post({ kind: 'channel', name: 'finance' }, 'token:refused', () => ({
        title: 'Statement imported',
        fields: [],
        actions: [],
        tone: 'info',
      }));
    });
    const refused = { status: 400, body: { code: 10014, msg: 'app secret invalid' } };
    lark.failNext(TOKEN_ROUTE, refused, 12);
    const transports = { lark: transport };
    const waits: number[] = [];
    // More failures than the outbox's default 8 attempts: a send error of any other kind would be dead by now.
    for (let i = 0; i < 11; i++) {
      await deliverDue(deps, transports);
      const waiting = await row();
      expect(waiting?.status).toBe('pending');
      const wait = (waiting?.nextAttemptAt.getTime() ?? 0) - clock.now().getTime();
      waits.push(wait);
      clock.advance(wait);
    }
    // Growing, then held at the cap (ten minutes): a fixed secret is picked up within minutes.
    expect(waits.slice(0, 4)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(Math.max(...waits)).toBe(600_000);
    expect((await row())?.lastError).toContain('10014');
    expect((await row())?.lastError).not.toContain(appSecret);
    const log = logged.join('\n');
    expect(log).toContain("Lark refused the app's credentials");
    expect(log).toContain('LARK_APP_SECRET');
    expect(log).not.toContain(appSecret);

    // The admin fixes the secret: Lark grants the token again and the waiting card goes out.
    lark.failNext(TOKEN_ROUTE, {
      status: 200,
      body: { code: 0, msg: 'ok', tenant_access_token: 't-test-token', expire: 7200 },
    });
    const before = lark.cards().length;
    // The fake's refusals scripted above that are left over are used up first.
    for (let i = 0; i < 5 && (await row())?.status === 'pending'; i++) {
      await deliverDue(deps, transports);
      clock.advance(600_000);
    }
    expect((await row())?.status).toBe('sent');
    expect(lark.cards().length).toBe(before + 1);
  });
});
