// Owns what may reach a log: secrets named by key are replaced, tokens inside text are cut, and an HTTP client's
// error is reduced to what explains it (never its request config, whose body may carry app_secret).

const secretKeys = new Set(
  [
    'app_secret',
    'appsecret',
    'client_secret',
    'secret',
    'password',
    'tenant_access_token',
    'app_access_token',
    'user_access_token',
    'access_token',
    'refresh_token',
    'token',
    'authorization',
    'proxy-authorization',
    'cookie',
    'set-cookie',
    'x-api-key',
    'x-slack-signature',
    'x-lark-signature',
    'x-closeloop-signature',
    'x-sign-in-link',
    'encrypt_key',
    'encryptkey',
    'signing_secret',
    'signingsecret',
    'bot_token',
    'bottoken',
    'app_token',
    'apptoken',
    'closeloop_data_key',
    'closeloop_data_keys',
    'closeloop_index_key',
  ].map((k) => k.toLowerCase()),
);

export const REDACTED = '[redacted]';

const keyNames = [...secretKeys].map((k) => k.replace(/[-_]/g, '[-_]?')).join('|');

const textPatterns: Array<[RegExp, string]> = [
  // Slack tokens and Lark access tokens wherever they appear.
  [/\bxox[abposr]-[A-Za-z0-9-]+/g, `xox-${REDACTED}`],
  [/\bxapp-[A-Za-z0-9-]+/g, `xapp-${REDACTED}`],
  [/\b([tu])-[A-Za-z0-9_-]{16,}/g, `$1-${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // "app_secret":"…", app_secret=…, token: … in JSON, query strings and form bodies.
  [new RegExp(`("?(?:${keyNames})"?\\s*[:=]\\s*"?)[^"&\\s,}]+`, 'gi'), `$1${REDACTED}`],
  // Credentials in URLs: postgres://user:pass@host.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@/\s]+@/gi, `$1${REDACTED}@`],
];

// Query parameters whose value opens something by itself, beyond the names above: the console's signed export link
// (t), and an OAuth callback's authorization code and state (a code with its state is a sign-in while it lasts).
const secretQueryParams = new Set([...secretKeys, 't', 'code', 'state']);

// A request's address as a log line may show it: the path and every parameter name kept, a secret's value cut.
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return redactText(url);
  const query = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0] ?? '';
      return secretQueryParams.has(decodedName(name).toLowerCase()) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return redactText(`${url.slice(0, mark)}?${query}`);
}

// "%74" is t as well; a malformed escape is read as written.
function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of textPatterns) out = out.replace(pattern, replacement);
  return out;
}

// An error as a log line needs it: HTTP client errors (axios, the Slack and Lark SDKs) lose their request config.
function errorSummary(error: Error, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  const e = error as Error & {
    code?: unknown;
    status?: unknown;
    config?: { url?: unknown; method?: unknown };
    response?: { status?: unknown; data?: unknown };
    cause?: unknown;
  };
  return {
    type: e.name,
    message: redactText(e.message),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.response?.status !== undefined ? { status: e.response.status } : {}),
    ...(typeof e.config?.url === 'string' ? { url: redactText(e.config.url) } : {}),
    ...(typeof e.config?.method === 'string' ? { method: e.config.method } : {}),
    ...(e.response?.data !== undefined ? { response: redactValue(e.response.data, seen, depth + 1) } : {}),
    ...(e.cause !== undefined ? { cause: redactValue(e.cause, seen, depth + 1) } : {}),
    ...(e.stack ? { stack: redactText(e.stack) } : {}),
  };
}

function redactValue(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value) || depth > 8) return '[…]';
  seen.add(value);
  if (value instanceof Error) return errorSummary(value, seen, depth);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, seen, depth + 1));
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = secretKeys.has(key.toLowerCase()) ? REDACTED : redactValue(v, seen, depth + 1);
  }
  return out;
}

export function redactSecrets(value: unknown): unknown {
  return redactValue(value, new WeakSet(), 0);
}
