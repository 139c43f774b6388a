// A wrong Lark app secret is told to the admin once, not once per retried card: the warning comes again only after
// Lark granted the credentials in between and refuses them anew.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLarkClient } from '../../../adapters/lark/client.ts';
import { larkConfigFrom } from '../../../adapters/lark/config.ts';
import { createLarkTransport } from '../../../adapters/lark/transport.ts';
import { CredentialsRefusedError, type Transport } from '../../../src/app/transport.ts';
import type { Card } from '../../../src/messages/model.ts';
import { type TestClock, testClock } from '../../helpers/clock.ts';
import { type FakeLark, larkLogRecorder, startFakeLark } from '../../helpers/lark.ts';

const TOKEN_ROUTE = 'POST /open-apis/auth/v3/tenant_access_token/internal';
const refused = { status: 400, body: { code: 10014, msg: 'app secret invalid' } };
const card: Card = { title: 'Statement imported', fields: [], actions: [], tone: 'info' };

let lark: FakeLark;
let clock: TestClock;
let transport: Transport;
// The transport's own warnings, apart from what the SDK prints.
const warnings: string[] = [];
const sdk = larkLogRecorder();

beforeAll(async () => {
  lark = await startFakeLark();
  clock = testClock(new Date());
  const config = larkConfigFrom({
    LARK_APP_ID: 'cli_warn_once',
    LARK_APP_SECRET: 'sEcReT-warn-once-9f8e7d',
    LARK_VERIFICATION_TOKEN: 'vtoken',
    LARK_DOMAIN: lark.url,
  });
  if (!config) throw new Error('the Lark config did not parse');
  transport = createLarkTransport(
    createLarkClient(config, { clock, logSink: { error: sdk.record, warn: sdk.record } }),
    { warn: (text) => warnings.push(text) },
  );
});
afterAll(async () => {
  await lark?.close();
});

let sent = 0;
const send = () =>
  transport
    .post({ destination: 'oc_finance', card, locale: 'en', idempotencyKey: `warn-once-${++sent}` })
    .then(
      () => 'sent',
      (error: unknown) => (error instanceof CredentialsRefusedError ? 'refused' : error),
    );
const credentialWarnings = () => warnings.filter((w) => w.includes("Lark refused the app's credentials"));

describe('the Lark credentials warning', () => {
  it('is logged once while the secret stays wrong, and again only after it worked in between', async () => {
    lark.failNext(TOKEN_ROUTE, refused, 4);
    for (let i = 0; i < 4; i++) expect(await send()).toBe('refused');
    expect(credentialWarnings()).toHaveLength(1);
    expect(credentialWarnings()[0]).toContain('LARK_APP_SECRET');

    // The admin fixes the secret: cards go out and nothing more is warned.
    expect(await send()).toBe('sent');
    expect(credentialWarnings()).toHaveLength(1);

    // The secret is rotated in Lark; once the token must be fetched again, the admin is told again, once.
    clock.advance(3 * 3_600_000);
    lark.failNext(TOKEN_ROUTE, refused, 3);
    for (let i = 0; i < 3; i++) expect(await send()).toBe('refused');
    expect(credentialWarnings()).toHaveLength(2);
  });
});
