// Owns "Sign in with Lark / Feishu" (OAuth 2.0 with PKCE): /auth/lark redirects to Lark's authorize page;
// /auth/lark/callback checks state, trades the code at authen/v2/oauth/token, reads authen/v1/user_info and signs the
// roster person in by open_id, else by directory email.
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type LarkEnv, larkConfigFrom } from '../../../adapters/lark/config.ts';
import { beginPlatformSignIn } from '../../app/signin/begin-platform-sign-in.ts';
import {
  type PlatformPerson,
  signInWithPlatform,
  takeSignInState,
} from '../../app/signin/sign-in-with-platform.ts';
import { redactSecrets } from '../../logging/redact-secrets.ts';
import type { DepsPlugin } from '../server.ts';
import { platformSignedIn, type SignInProvider, safeNext } from './sign-in-routes.ts';
import type { WebAuthOptions } from './web-access.ts';

export interface LarkSignInConfig {
  // The app's App ID and App Secret: Lark's OAuth client is the app itself.
  clientId: string;
  clientSecret: string;
  // Open platform base without a trailing slash: https://open.feishu.cn, https://open.larksuite.com, a stand-in.
  domain: string;
  // PUBLIC_URL + /auth/lark/callback; must be listed under the app's Security Settings → Redirect URLs.
  redirectUri: string;
}

export const larkProvider: SignInProvider = { id: 'lark', start: '/auth/lark' };

const callbackQuery = z.object({
  code: z.string().max(500).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
});

// What authen/v2/oauth/token answers (RFC 6749 fields plus Lark's code) and what authen/v1/user_info says.
const tokenAnswer = z.object({ code: z.number().optional(), access_token: z.string().min(1) });
const userInfoAnswer = z.object({
  code: z.literal(0),
  data: z.object({
    open_id: z.string().min(1),
    union_id: z.string().optional(),
    email: z.string().optional(),
    enterprise_email: z.string().optional(),
  }),
});

// PKCE (RFC 7636, S256): a code that leaks from the redirect is useless without the verifier we kept with the state.
export function codeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

async function askLark(
  log: FastifyBaseLogger,
  what: string,
  url: string,
  init: RequestInit,
): Promise<unknown | null> {
  let status: number | string = 'no answer';
  try {
    const response = await fetch(url, init);
    status = response.status;
    const body: unknown = await response.json().catch(() => null);
    const code = (body as { code?: unknown } | null)?.code;
    if (response.ok && (code === undefined || code === 0)) return body;
    // Lark's answer says why (a redirect URL not registered, a used code); it passes the redaction list in case
    // something between us and Lark echoes the request, whose body holds the app secret.
    log.warn({ lark: redactSecrets({ status, body }) }, `lark sign-in: ${what} failed`);
  } catch (error) {
    log.warn({ err: error, status }, `lark sign-in: ${what} failed`);
  }
  return null;
}

// Who signed in, or null when Lark refused or answered something unexpected.
async function larkPerson(
  log: FastifyBaseLogger,
  lark: LarkSignInConfig,
  code: string,
  verifier: string,
): Promise<PlatformPerson | null> {
  const token = tokenAnswer.safeParse(
    await askLark(log, 'token exchange', `${lark.domain}/open-apis/authen/v2/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        client_id: lark.clientId,
        client_secret: lark.clientSecret,
        code,
        redirect_uri: lark.redirectUri,
        code_verifier: verifier,
      }),
    }),
  );
  if (!token.success) return null;
  const info = userInfoAnswer.safeParse(
    await askLark(log, 'user_info', `${lark.domain}/open-apis/authen/v1/user_info`, {
      headers: { authorization: `Bearer ${token.data.access_token}` },
    }),
  );
  if (!info.success) return null;
  const { open_id, email, enterprise_email } = info.data.data;
  const address = email || enterprise_email || null;
  return {
    platformUserId: open_id,
    email: address,
    // Lark names no "verified" flag: a custom app is authorised only by people of its own tenant, whose directory
    // emails the tenant admin sets — the same emails closeloop already links the roster by (contact batch_get_id).
    emailVerified: address !== null,
  };
}

export const larkSignIn =
  (options: WebAuthOptions, lark: LarkSignInConfig): DepsPlugin =>
  async (app, { deps }) => {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    const failed = `/auth/sign-in?error=provider&provider=${encodeURIComponent('Lark / 飞书')}`;

    typed.get(
      '/auth/lark',
      { schema: { hide: true, querystring: z.object({ next: z.string().max(2000).optional() }) } },
      async (request, reply) => {
        const { state, nonce } = await beginPlatformSignIn(deps, 'lark', safeNext(request.query.next));
        const url = new URL(`${lark.domain}/open-apis/authen/v1/authorize`);
        url.search = new URLSearchParams({
          client_id: lark.clientId,
          response_type: 'code',
          redirect_uri: lark.redirectUri,
          state,
          code_challenge: codeChallenge(nonce),
          code_challenge_method: 'S256',
        }).toString();
        return reply.redirect(url.toString(), 302);
      },
    );

    typed.get(
      '/auth/lark/callback',
      { schema: { hide: true, querystring: callbackQuery } },
      async (request, reply) => {
        const { code, state, error } = request.query;
        const started = state ? await takeSignInState(deps, 'lark', state) : null;
        if (error || !code || !started) return reply.redirect(failed, 302);
        const person = await larkPerson(request.log, lark, code, started.nonce);
        if (!person) return reply.redirect(failed, 302);
        return platformSignedIn(
          request,
          reply,
          options,
          started.next,
          await signInWithPlatform(deps, 'lark', person, options.limits),
        );
      },
    );
  };

// On whenever Lark is configured and PUBLIC_URL says where Lark sends people back; a bot-only setup (LARK_MODE=ws
// on a closed network, no PUBLIC_URL) simply has no Lark button.
export function larkSignInConfigOf(
  env: LarkEnv & { PUBLIC_URL?: string | undefined },
): LarkSignInConfig | null {
  const config = larkConfigFrom(env);
  if (!config || !env.PUBLIC_URL) return null;
  return {
    clientId: config.appId,
    clientSecret: config.appSecret,
    domain: config.domain,
    redirectUri: `${env.PUBLIC_URL.replace(/\/$/, '')}/auth/lark/callback`,
  };
}
