// Owns the Lark SDK client: one per app, with its own token cache so the tenant token is fetched once and reused.
import * as lark from '@larksuiteoapi/node-sdk';
import { type Clock, systemClock } from '../../src/app/deps.ts';
import { redactSecrets } from '../../src/logging/redact-secrets.ts';
import type { LarkConfig } from './config.ts';

export type LarkClient = lark.Client;

// The SDK's default cache is shared by every client in the process; ours belongs to one client.
// Expiry is read on `clock`, so a test moves past the token's two hours instead of waiting them out.
function ownCache(clock: Clock): lark.Cache {
  const values = new Map<string, { value: unknown; expiresAt?: number }>();
  const keyOf = (key: string | symbol, namespace?: string) => `${namespace ?? ''}/${String(key)}`;
  return {
    get: async (key, options) => {
      const hit = values.get(keyOf(key as string | symbol, options?.namespace));
      if (!hit || (hit.expiresAt !== undefined && hit.expiresAt <= clock.now().getTime())) return undefined;
      return hit.value;
    },
    set: async (key, value, expire, options) => {
      // The SDK stamps the expiry on the wall clock; kept as the same lifetime from now on ours.
      values.set(keyOf(key as string | symbol, options?.namespace), {
        value,
        ...(expire ? { expiresAt: clock.now().getTime() + (expire - Date.now()) } : {}),
      });
      return true;
    },
  };
}

// Where the SDK's error and warning lines end up: the console, or a test's recorder.
export type LarkLogSink = Pick<Console, 'error' | 'warn'>;

// The SDK logs a failed call with its whole axios error, whose request body holds app_secret: everything it prints
// goes through the redaction list before the sink. (Its `loggerLevel: fatal` is 0, which the SDK reads as "unset" → info.)
export function redactingLarkLogger(sink: LarkLogSink): lark.Logger {
  return {
    error: (...msg: unknown[]) => sink.error('[lark]', ...msg.map(redactSecrets)),
    warn: (...msg: unknown[]) => sink.warn('[lark]', ...msg.map(redactSecrets)),
    info: () => {},
    debug: () => {},
    trace: () => {},
  };
}

export const larkLogger: lark.Logger = redactingLarkLogger(console);

export interface LarkClientOptions {
  clock?: Clock;
  // Where the SDK's own error lines go, after redaction (a test records them).
  logSink?: LarkLogSink;
}

// Failed calls surface as outbox errors and HTTP logs; the SDK's own console logging stays at errors only.
export function createLarkClient(config: LarkConfig, options: LarkClientOptions = {}): LarkClient {
  return new lark.Client({
    appId: config.appId,
    appSecret: config.appSecret,
    domain: config.domain,
    appType: lark.AppType.SelfBuild,
    cache: ownCache(options.clock ?? systemClock),
    loggerLevel: lark.LoggerLevel.error,
    logger: options.logSink ? redactingLarkLogger(options.logSink) : larkLogger,
  });
}
