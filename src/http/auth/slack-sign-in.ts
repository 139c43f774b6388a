// Owns "Sign in with Slack" (OpenID Connect): /auth/slack redirects to Slack's consent screen; /auth/slack/callback
// checks state and nonce, trades the code at openid.connect.token and signs the roster person in.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { defaultSlackApiUrl } from '../../../adapters/slack/config.ts';
import { beginPlatformSignIn } from '../../app/signin/begin-platform-sign-in.ts';
import {
  type PlatformPerson,
  signInWithPlatform,
  takeSignInState,
} from '../../app/signin/sign-in-with-platform.ts';
import { type Env, EnvError } from '../../config/env.ts';
import type { DepsPlugin } from '../server.ts';
import { type SignInProvider, safeNext } from './sign-in-routes.ts';
import { cookieOptions, sessionCookie, type WebAuthOptions } from './web-access.ts';

export interface SlackSignInConfig {
  clientId: string;
  clientSecret: string;
  // Web API base ending in '/', e.g. https://slack.com/api/ (tests: the fake Slack).
  apiUrl: string;
  authorizeUrl: string;
  // PUBLIC_URL + /auth/slack/callback; must be listed under the app's "OAuth & Permissions" redirect URLs.
  redirectUri: string;
}

export const slackAuthorizeUrl = 'https://slack.com/openid/connect/authorize';
export const slackProvider: SignInProvider = { id: 'slack', start: '/auth/slack' };

const callbackQuery = z.object({
  code: z.string().max(500).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
});

// The id_token's claims. It came straight from Slack's token endpoint over TLS in answer to our client secret, so
// (OpenID Connect Core 3.1.3.7) its issuer, audience, expiry and nonce are checked here and its signature need not be.
function claimsOf(idToken: unknown): Record<string, unknown> | null {
  if (typeof idToken !== 'string') return null;
  try {
    return JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return null;
  }
}

export const slackSignIn =
  (options: WebAuthOptions, slack: SlackSignInConfig): DepsPlugin =>
  async (app, { deps }) => {
    const typed = app.withTypeProvider<ZodTypeProvider>();
    const failed = `/auth/sign-in?error=provider&provider=Slack`;

    typed.get(
      '/auth/slack',
      { schema: { hide: true, querystring: z.object({ next: z.string().max(2000).optional() }) } },
      async (request, reply) => {
        const { state, nonce } = await beginPlatformSignIn(deps, 'slack', safeNext(request.query.next));
        const url = new URL(slack.authorizeUrl);
        url.search = new URLSearchParams({
          response_type: 'code',
          scope: 'openid email profile',
          client_id: slack.clientId,
          redirect_uri: slack.redirectUri,
          state,
          nonce,
        }).toString();
        return reply.redirect(url.toString(), 302);
      },
    );

    typed.get(
      '/auth/slack/callback',
      { schema: { hide: true, querystring: callbackQuery } },
      async (request, reply) => {
        const { code, state, error } = request.query;
        const started = state ? await takeSignInState(deps, 'slack', state) : null;
        if (error || !code || !started) return reply.redirect(failed, 302);
        const response = await fetch(`${slack.apiUrl}openid.connect.token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            client_id: slack.clientId,
            client_secret: slack.clientSecret,
            code,
            grant_type: 'authorization_code',
            redirect_uri: slack.redirectUri,
          }),
        }).catch(() => null);
        const body = (await response?.json().catch(() => null)) as {
          ok?: boolean;
          id_token?: unknown;
        } | null;
        const claims = body?.ok ? claimsOf(body.id_token) : null;
        const userId = claims?.['https://slack.com/user_id'];
        const valid =
          claims &&
          claims.iss === 'https://slack.com' &&
          claims.aud === slack.clientId &&
          claims.nonce === started.nonce &&
          typeof claims.exp === 'number' &&
          claims.exp * 1000 > deps.clock.now().getTime() &&
          typeof userId === 'string';
        if (!valid) return reply.redirect(failed, 302);
        const person: PlatformPerson = {
          platformUserId: userId,
          email: typeof claims.email === 'string' ? claims.email : null,
          emailVerified: claims.email_verified === true,
        };
        const outcome = await signInWithPlatform(deps, 'slack', person, options.limits);
        if (!outcome.ok)
          return reply.redirect(
            `/auth/sign-in?error=not_on_roster&who=${encodeURIComponent(outcome.who)}`,
            302,
          );
        return reply
          .setCookie(sessionCookie, outcome.token, cookieOptions(request, options, options.limits.absoluteMs))
          .redirect(started.next, 302);
      },
    );
  };

// Null unless SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are both set; Slack must redirect back to PUBLIC_URL.
export function slackSignInConfigOf(env: Env): SlackSignInConfig | null {
  if (!env.SLACK_CLIENT_ID && !env.SLACK_CLIENT_SECRET) return null;
  const missing = [
    ...(env.SLACK_CLIENT_ID
      ? []
      : ['SLACK_CLIENT_ID: missing — "Sign in with Slack" needs the app\'s Client ID']),
    ...(env.SLACK_CLIENT_SECRET
      ? []
      : ['SLACK_CLIENT_SECRET: missing — "Sign in with Slack" needs the Client Secret']),
    ...(env.PUBLIC_URL
      ? []
      : ['PUBLIC_URL: missing — Slack sends people back to PUBLIC_URL/auth/slack/callback']),
  ];
  if (missing.length > 0 || !env.SLACK_CLIENT_ID || !env.SLACK_CLIENT_SECRET || !env.PUBLIC_URL)
    throw new EnvError(missing);
  const apiUrl = env.SLACK_API_URL ?? defaultSlackApiUrl;
  return {
    clientId: env.SLACK_CLIENT_ID,
    clientSecret: env.SLACK_CLIENT_SECRET,
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    authorizeUrl: slackAuthorizeUrl,
    redirectUri: `${env.PUBLIC_URL.replace(/\/$/, '')}/auth/slack/callback`,
  };
}
