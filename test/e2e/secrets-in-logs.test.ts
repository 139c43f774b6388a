// Secrets never reach a log: the real `closeloop start`, its Lark token call failing and requests carrying keys and
// tokens, and not one secret in what it printed.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactSecrets, redactText } from '../../src/logging/redact-secrets.ts';
import { addUser } from '../app/leads/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type FakeLark, startFakeLark } from '../helpers/lark.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const appSecret = 'sEcReT-lark-app-9f8e7d6c5b4a';
const apiKey = 'clk_live_0123456789abcdefSECRET';

let database: TestDatabase;
let lark: FakeLark;
let child: ChildProcess;
let output = '';

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 900 && !condition(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!condition()) throw new Error(`timed out waiting for ${what}; output so far:\n${output}`);
}

beforeAll(async () => {
  database = await createTestDatabase();
  await addUser(database, { name: 'Amy', email: 'amy@acme.cn', roles: ['rep'] });
  lark = await startFakeLark();
  // Lark refuses the token: the SDK's error then carries the request that held the app secret.
  lark.failNext(
    'POST /open-apis/auth/v3/tenant_access_token/internal',
    { status: 400, body: { code: 10014, msg: 'app secret invalid' } },
    100,
  );
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: database.url,
      CLOSELOOP_DATA_DIR: mkdtempSync(join(tmpdir(), 'closeloop-logs-')),
      PORT: '0',
      LOG_LEVEL: 'info',
      LARK_APP_ID: 'cli_test',
      LARK_APP_SECRET: appSecret,
      LARK_VERIFICATION_TOKEN: 'verification-token-abc',
      LARK_DOMAIN: lark.url,
    },
  });
  child.stdout?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  await waitFor(() => /running at/.test(output), 'the server to start');
}, 120_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await lark?.close();
  await database?.close();
});

describe('what closeloop start prints', () => {
  it('logs the failed Lark token call and a request with a key and a token, but none of those secrets', async () => {
    await waitFor(() => /lark roster linking failed/.test(output), 'the failed Lark call to be logged');
    const url = /running at (http:\/\/\S+)/.exec(output)?.[1] ?? '';
    await fetch(`${url}/api/leads?access_token=t-abcdefghijklmnopqrstuvwx`, {
      headers: { authorization: `Bearer ${apiKey}`, 'x-slack-signature': 'v0=deadbeef' },
    });
    await waitFor(() => /request completed/.test(output), 'the request to be logged');
    expect(output).toContain('lark roster linking failed');
    expect(output).toContain('10014');
    expect(output).not.toContain(appSecret);
    expect(output).not.toContain(apiKey);
    expect(output).not.toContain('t-abcdefghijklmnopqrstuvwx');
    expect(output).not.toContain('deadbeef');
  }, 60_000);
});

describe('the redaction list', () => {
  it.each([
    ['{"app_id":"cli_1","app_secret":"abc123"}', '{"app_id":"cli_1","app_secret":"[redacted]"}'],
    ['sent Bearer abc.def-123 to', 'sent Bearer [redacted] to'],
    ['token xoxb-123-456-abcDEF used', 'token xoxb-[redacted] used'.replace('xoxb', 'xox')],
    ['/callback?code=1&token=s3cr3t&x=1', '/callback?code=1&token=[redacted]&x=1'],
    ['postgres://closeloop:pa55@127.0.0.1:5432/db', 'postgres://closeloop:[redacted]@127.0.0.1:5432/db'],
    ['tenant t-g1044ghJ8WTNQ5ZRQ3FLKHZ3F failed', 'tenant t-[redacted] failed'],
  ])('%s', (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it('drops an HTTP error’s request config and replaces secret keys at any depth', () => {
    const error = Object.assign(new Error('Request failed with status code 400'), {
      config: { url: 'https://open.feishu.cn/x', method: 'post', data: `{"app_secret":"${appSecret}"}` },
      response: { status: 400, data: { code: 10014, msg: 'bad', app_secret: appSecret } },
    });
    const safe = JSON.stringify(
      redactSecrets({ err: error, headers: { Authorization: 'Bearer x', 'X-Api-Key': 'k' } }),
    );
    expect(safe).not.toContain(appSecret);
    expect(safe).toContain('10014');
    expect(safe).toContain('"status":400');
    expect(safe).toContain('"Authorization":"[redacted]"');
    expect(safe).toContain('"X-Api-Key":"[redacted]"');
  });
});
