import { describe, expect, it } from 'vitest';
import { consoleEnabled, EnvError, parseEnv } from '../../src/config/env.ts';

describe('environment', () => {
  it.each([
    [{}, true],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, false],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, false],
    [{ LARK_APP_ID: 'cli_1' }, false],
    [{ LARK_APP_ID: 'cli_1', CLOSELOOP_CONSOLE: 'on' }, true],
    [{ CLOSELOOP_CONSOLE: 'off' }, false],
    // Published through a proxy or tunnel: people elsewhere reach the loopback server, so no trial mode.
    [{ PUBLIC_URL: 'https://crm.acme.cn' }, false],
    [{ PUBLIC_URL: 'https://crm.acme.cn', CLOSELOOP_CONSOLE: 'on' }, true],
    [{ PUBLIC_URL: 'http://localhost:3000' }, true],
    [{ PUBLIC_URL: 'http://[::1]:3000' }, true],
    // RFC 6761: every name under localhost is this machine as PUBLIC_URL names it; but the listener's HOST is resolved
    // by the system, which may send app.localhost to DNS and a LAN address: trial mode only on what cannot.
    [{ HOST: 'app.localhost' }, false],
    [{ HOST: 'localhost.' }, false],
    [{ HOST: '127.0.0.1' }, true],
    [{ HOST: '::1' }, true],
    [{ PUBLIC_URL: 'http://crm.localhost:3000' }, true],
    [{ HOST: 'localhost.example' }, false],
    [{ PUBLIC_URL: 'https://localhost.example' }, false],
  ])(
    'console for %j: %s — anyone reaching it can act as anyone, so a chat deployment must opt in',
    (vars, on) => {
      expect(consoleEnabled(parseEnv(vars))).toBe(on);
    },
  );

  it('names each malformed variable and the fix', () => {
    try {
      parseEnv({ CLOSELOOP_CONSOLE: 'maybe', DATABASE_URL: 'mysql://x', PORT: '99999' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      const text = (e as EnvError).message;
      expect(text).toContain('CLOSELOOP_CONSOLE: use auto, on or off');
      expect(text).toContain('DATABASE_URL: must start with postgres:// or postgresql://');
      expect(text).toContain('PORT:');
    }
  });

  it('takes the outbox lease in whole seconds, 60 by default, and names a bad one', () => {
    expect(parseEnv({}).CLOSELOOP_OUTBOX_LEASE_SECONDS).toBe(60);
    expect(parseEnv({ CLOSELOOP_OUTBOX_LEASE_SECONDS: '5' }).CLOSELOOP_OUTBOX_LEASE_SECONDS).toBe(5);
    for (const bad of ['0', '1.5', 'soon', '99999']) {
      expect(() => parseEnv({ CLOSELOOP_OUTBOX_LEASE_SECONDS: bad })).toThrow(
        /CLOSELOOP_OUTBOX_LEASE_SECONDS: /,
      );
    }
  });
});
