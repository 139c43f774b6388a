// Owns the process environment: which variables closeloop reads and what each must look like.
import { z } from 'zod';
import { loopbackBinding, loopbackHost } from '../domain/network/loopback-host.ts';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const envSchema = z.object({
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  // A restricted role for the app (migrations still run as DATABASE_URL's owner); see README "Security".
  DATABASE_APP_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  CLOSELOOP_DATA_DIR: z.string().default('./data'),
  CLOSELOOP_CONFIG: z.string().default('./closeloop.yaml'),
  // Personal data at rest (README "Security"): one key (base64 of 32 bytes), or kid:base64 pairs newest first;
  // neither set: a key file generated once in the data directory.
  CLOSELOOP_DATA_KEY: optionalText,
  CLOSELOOP_DATA_KEYS: optionalText,
  CLOSELOOP_INDEX_KEY: optionalText,
  PUBLIC_URL: optionalText,
  SLACK_BOT_TOKEN: optionalText.pipe(
    z.string().startsWith('xoxb-', 'a bot token starts with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'an app token starts with xapp-').optional(),
  ),
  SLACK_API_URL: optionalText.pipe(z.url().optional()),
  LARK_APP_ID: optionalText,
  LARK_APP_SECRET: optionalText,
  LARK_VERIFICATION_TOKEN: optionalText,
  LARK_ENCRYPT_KEY: optionalText,
  LARK_DOMAIN: optionalText,
  // http (Lark posts to /lark/events) or ws (long connection, no public URL needed).
  LARK_MODE: optionalText,
  // Trial mode (console and dashboard without sign-in, act as any roster user). auto: only on loopback, with no chat
  // platform and no web account yet; on: also elsewhere (warned loudly at start); off: sign-in always.
  CLOSELOOP_CONSOLE: z.enum(['auto', 'on', 'off'], 'use auto, on or off').default('auto'),
  // Web sessions end after this long unused, and this long after sign-in whatever happens.
  CLOSELOOP_SESSION_IDLE_HOURS: z.coerce
    .number('a number of hours, e.g. 8')
    .positive('more than 0 hours')
    .default(8),
  CLOSELOOP_SESSION_MAX_DAYS: z.coerce
    .number('a number of days, e.g. 7')
    .positive('more than 0 days')
    .default(7),
  // Sign-in attempts per minute from one address; other routes are not affected.
  RATE_LIMIT_SIGN_IN: z.coerce.number().int('a whole number of attempts per minute').min(0).default(10),
  // Behind a TLS-terminating proxy: believe its X-Forwarded-Proto/For (session cookies become Secure on https).
  TRUST_PROXY: z
    .enum(['true', 'false'], 'use true or false')
    .default('false')
    .transform((v) => v === 'true'),
  // "Sign in with Slack" (OpenID Connect) from the Slack app's Basic Information page.
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  // Customer reminder emails; without it they stay queued and nothing is sent.
  SMTP_URL: optionalText.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, 'write smtp://user:pass@host:587 or smtps://user:pass@host:465')
      .optional(),
  ),
  SMTP_FROM: optionalText,
  // Host names (comma-separated) requests may name besides PUBLIC_URL's and loopback ones (DNS rebinding guard).
  ALLOWED_HOSTS: optionalText.transform((v) =>
    (v ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  ),
  // Requests per minute per API key under /api, and per address on /api/hooks/leads; 0 turns a limit off.
  RATE_LIMIT_API: z.coerce.number().int('a whole number of requests per minute').min(0).default(6000),
  RATE_LIMIT_HOOKS: z.coerce.number().int('a whole number of requests per minute').min(0).default(600),
  // How long a worker's claim on an outbox row lasts; a crashed worker's rows are taken over after it. Longer than any
  // send may take (the Slack client gives up after about 35 s), or a slow send and its takeover would both post.
  CLOSELOOP_OUTBOX_LEASE_SECONDS: z.coerce
    .number('a whole number of seconds, e.g. 60')
    .int('a whole number of seconds, e.g. 60')
    .min(1, 'at least 1 second')
    .max(3600, 'at most 3600 seconds')
    .default(60),
  // Days a delivered outbox row keeps its (sealed) card before the purge job empties it (README: Personal data at rest).
  CLOSELOOP_OUTBOX_KEEP_DAYS: z.coerce
    .number('a whole number of days, e.g. 30')
    .int('a whole number of days, e.g. 30')
    .min(1, 'at least 1 day')
    .max(3650, 'at most 3650 days')
    .default(30),
  // on: `start` prints the milliseconds since the process began at each start-up phase (README: bench -- start).
  CLOSELOOP_START_TRACE: z.enum(['on', 'off'], 'use on or off').default('off'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Environment is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (fix the variable or unset it)`),
    );
  }
  return parsed.data;
}

// Whether HOST keeps the listener on this machine, whatever the system's resolver does with names.
export function boundToLoopback(env: Pick<Env, 'HOST'>): boolean {
  return loopbackBinding(env.HOST);
}

// Whether the environment allows trial mode (act as anyone, no sign-in): on loopback without chat credentials, or
// when asked for by name. Trial mode also ends once a web account exists (src/domain/signin/trial-mode.ts).
export function consoleEnabled(env: Env): boolean {
  if (env.CLOSELOOP_CONSOLE !== 'auto') return env.CLOSELOOP_CONSOLE === 'on';
  return (
    !(env.SLACK_BOT_TOKEN || env.SLACK_APP_TOKEN || env.LARK_APP_ID) &&
    boundToLoopback(env) &&
    !publishedElsewhere(env)
  );
}

// A PUBLIC_URL naming another host says people reach this server through a proxy or tunnel, which a loopback binding
// does not see (a proxy's default Host is the loopback address it forwards to): that is no local trial.
function publishedElsewhere(env: Pick<Env, 'PUBLIC_URL'>): boolean {
  const host = publicHost(env);
  return host !== null && !loopbackHost(host);
}

// PUBLIC_URL's host name, lower case; null without one (an unreadable one is refused where it is used).
function publicHost(env: Pick<Env, 'PUBLIC_URL'>): string | null {
  if (!env.PUBLIC_URL) return null;
  try {
    return new URL(env.PUBLIC_URL).hostname.toLowerCase();
  } catch {
    return null;
  }
}

// Host names the server answers for besides loopback ones; 'any' when it listens beyond this machine and none is named.
export function allowedHostsOf(env: Env): readonly string[] | 'any' {
  const published = publicHost(env);
  const named = [...env.ALLOWED_HOSTS, ...(published ? [published] : [])];
  // A localhost name keeps the check on (the stricter choice), though trial mode needs a loopback binding proper.
  return named.length === 0 && !loopbackHost(env.HOST) ? 'any' : named;
}
