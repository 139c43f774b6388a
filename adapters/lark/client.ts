// Owns the Lark SDK client: one per app, with its own token cache so the tenant token is fetched once and reused.
import * as lark from '@larksuiteoapi/node-sdk';
import { redactSecrets } from '../../src/logging/redact-secrets.ts';
import type { LarkConfig } from './config.ts';

export type LarkClient = lark.Client;

// The SDK's default cache is shared by every client in the process; ours belongs to one client.
function ownCache(): lark.Cache {
  const values = new Map<string, { value: unknown; expiresAt?: number }>();
  const keyOf = (key: string | symbol, namespace?: string) => `${namespace ?? ''}/${String(key)}`;
  return {
    get: async (key, options) => {
      const hit = values.get(keyOf(key as string | symbol, options?.namespace));
      if (!hit || (hit.expiresAt !== undefined && hit.expiresAt <= Date.now())) return undefined;
      return hit.value;
    },
    set: async (key, value, expire, options) => {
      values.set(keyOf(key as string | symbol, options?.namespace), {
        value,
        ...(expire ? { expiresAt: expire } : {}),
      });
      return true;
    },
  };
}

// The SDK logs a failed call with its whole axios error, whose request body holds app_secret: everything it prints
// goes through the redaction list. (Its `loggerLevel: fatal` is 0, which the SDK reads as "unset" → info.)
export const larkLogger: lark.Logger = {
  error: (...msg: unknown[]) => console.error('[lark]', ...msg.map(redactSecrets)),
  warn: (...msg: unknown[]) => console.warn('[lark]', ...msg.map(redactSecrets)),
  info: () => {},
  debug: () => {},
  trace: () => {},
};

// Failed calls surface as outbox errors and HTTP logs; the SDK's own console logging stays at errors only.
export function createLarkClient(config: LarkConfig): LarkClient {
  return new lark.Client({
    appId: config.appId,
    appSecret: config.appSecret,
    domain: config.domain,
    appType: lark.AppType.SelfBuild,
    cache: ownCache(),
    loggerLevel: lark.LoggerLevel.error,
    logger: larkLogger,
  });
}
