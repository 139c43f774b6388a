// Owns the Lark/Feishu settings read from the environment: credentials, which cloud (Feishu, Lark, a test URL), HTTP or long connection.
import { EnvError } from '../../src/config/env.ts';
import { own } from '../../src/domain/own.ts';

export interface LarkConfig {
  appId: string;
  appSecret: string;
  // Checked against header.token on every event and callback.
  verificationToken?: string;
  // When set, Lark signs every request and may encrypt its body; both are then required of every request.
  encryptKey?: string;
  // Base URL of the open platform API.
  domain: string;
  // http: Lark posts to /lark/events; ws: we dial out (no public URL needed).
  mode: 'http' | 'ws';
  // Files taken from chat (order attachments) are kept under it.
  dataDir?: string;
}

export interface LarkEnv {
  LARK_APP_ID?: string | undefined;
  LARK_APP_SECRET?: string | undefined;
  LARK_VERIFICATION_TOKEN?: string | undefined;
  LARK_ENCRYPT_KEY?: string | undefined;
  LARK_DOMAIN?: string | undefined;
  LARK_MODE?: string | undefined;
  CLOSELOOP_DATA_DIR?: string | undefined;
}

const domains: Record<string, string> = {
  feishu: 'https://open.feishu.cn',
  lark: 'https://open.larksuite.com',
};

// Null when Lark is not configured at all; a half-configured Lark stops start-up with every problem named.
export function larkConfigFrom(env: LarkEnv): LarkConfig | null {
  const { LARK_APP_ID: appId, LARK_APP_SECRET: appSecret } = env;
  const anySet = [appId, appSecret, env.LARK_VERIFICATION_TOKEN, env.LARK_ENCRYPT_KEY].some(Boolean);
  if (!anySet) return null;
  const problems: string[] = [];
  if (!appId)
    problems.push(
      'LARK_APP_ID: required when Lark is configured (the App ID, cli_…, from the developer console)',
    );
  if (!appSecret)
    problems.push(
      'LARK_APP_SECRET: required when Lark is configured (Credentials & Basic Info → App Secret)',
    );
  const domainName = (env.LARK_DOMAIN ?? 'feishu').trim();
  const domain =
    own(domains, domainName.toLowerCase()) ??
    (/^https?:\/\/[^\s]+$/.test(domainName) ? domainName.replace(/\/+$/, '') : null);
  if (!domain) problems.push(`LARK_DOMAIN: "${domainName}" is not feishu, lark or an http(s) URL`);
  const mode = (env.LARK_MODE ?? 'http').trim().toLowerCase();
  if (mode !== 'http' && mode !== 'ws') problems.push(`LARK_MODE: "${mode}" is not http or ws`);
  if (mode === 'http' && !env.LARK_VERIFICATION_TOKEN && !env.LARK_ENCRYPT_KEY) {
    problems.push(
      'LARK_VERIFICATION_TOKEN: set it (or LARK_ENCRYPT_KEY) so requests to /lark/events can be verified, or use LARK_MODE=ws',
    );
  }
  if (problems.length > 0 || !appId || !appSecret || !domain) throw new EnvError(problems);
  return {
    appId,
    appSecret,
    ...(env.LARK_VERIFICATION_TOKEN ? { verificationToken: env.LARK_VERIFICATION_TOKEN } : {}),
    ...(env.LARK_ENCRYPT_KEY ? { encryptKey: env.LARK_ENCRYPT_KEY } : {}),
    domain,
    mode: mode as 'http' | 'ws',
    ...(env.CLOSELOOP_DATA_DIR ? { dataDir: env.CLOSELOOP_DATA_DIR } : {}),
  };
}
