// Owns who is using the web app (/console, /dashboard): trial mode or a signed-in session, and the checks every
// request there passes — sign-in required, CSRF token and Origin on state changes, `as` equal to the signed-in user.
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../../app/deps.ts';
import { sameSecret } from '../../app/signin/make-token.ts';
import { readSession, type WebSession } from '../../app/signin/read-session.ts';
import { webAccountsExist } from '../../app/signin/web-accounts-exist.ts';
import { loopbackHost } from '../../domain/network/loopback-host.ts';
import type { SessionLimits } from '../../domain/signin/session-expiry.ts';
import { inTrialMode } from '../../domain/signin/trial-mode.ts';
import { signInTexts } from '../../messages/catalogue/sign-in.ts';
import { translator } from '../../messages/i18n.ts';
import type { Locale } from '../../messages/model.ts';
import { hostNameOf } from '../guard.ts';
import type { DepsPlugin } from '../server.ts';
import { pageLocale } from './page-locale.ts';

export const sessionCookie = 'closeloop_session';
export const csrfHeader = 'x-csrf-token';

export interface WebAuthOptions {
  limits: SessionLimits;
  // The environment allows trial mode (src/config/env.ts consoleEnabled); accounts still end it.
  trialAllowedByEnv: boolean;
  // CLOSELOOP_CONSOLE=on: trial mode on any host the server answers for; otherwise only for this machine's addresses.
  trialForcedByEnv?: boolean;
  publicUrl?: string | undefined;
  // Sign-in attempts per minute per address; 0: no limit.
  signInPerMinute: number;
}

export type WebViewer =
  | { mode: 'trial' }
  | { mode: 'session'; session: WebSession; token: string }
  | { mode: 'none' };

declare module 'fastify' {
  interface FastifyRequest {
    webViewer?: WebViewer;
  }
}

// The console and dashboard: pages, their JSON and their files.
const webApp = /^\/(console|dashboard)(\/|$)/;
const pages = /^\/(console|dashboard)\/?$/;

// Judged by the route Fastify matched, not the address as sent: "/%63onsole/api/…" reaches the console's routes too,
// and an address-based check let it through without sign-in.
const routeOf = (request: FastifyRequest) => request.routeOptions.url ?? '';

// A loopback Host and no proxy's forwarding header: what a browser on this machine sends, and a proxy in front does not.
function fromThisMachine(request: FastifyRequest): boolean {
  const proxied = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'forwarded', 'x-real-ip'].some(
    (name) => request.headers[name] !== undefined,
  );
  return !proxied && loopbackHost(hostNameOf(request.headers.host));
}

export async function viewerOf(
  deps: AppDeps,
  options: WebAuthOptions,
  request: FastifyRequest,
): Promise<WebViewer> {
  const token = request.cookies[sessionCookie];
  if (token) {
    const session = await readSession(deps, token, options.limits);
    if (session) return { mode: 'session', session, token };
  }
  const trial = inTrialMode({
    allowedByEnv: options.trialAllowedByEnv,
    forcedByEnv: options.trialForcedByEnv ?? false,
    fromThisMachine: fromThisMachine(request),
    accountsExist: await webAccountsExist(deps),
  });
  if (trial) return { mode: 'trial' };
  return { mode: 'none' };
}

// A browser names the page a request came from; another site's page may not change anything here.
export function foreignOrigin(request: FastifyRequest, publicUrl: string | undefined): string | null {
  const claimed = request.headers.origin ?? request.headers.referer;
  if (!claimed) return null;
  let origin: string;
  try {
    origin = new URL(claimed).origin;
  } catch {
    return claimed;
  }
  const own = [publicUrl, `${request.protocol}://${request.headers.host ?? ''}`].flatMap((u) => {
    try {
      return u ? [new URL(u).origin] : [];
    } catch {
      return [];
    }
  });
  return own.includes(origin) ? null : origin;
}

export function cookieOptions(request: FastifyRequest, options: WebAuthOptions, maxAgeMs: number) {
  return {
    httpOnly: true,
    // Behind TLS (PUBLIC_URL https, or a trusted proxy saying so) the cookie never travels in clear text.
    secure: Boolean(options.publicUrl?.startsWith('https:')) || request.protocol === 'https',
    sameSite: 'lax' as const,
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  };
}

// The words for this request: the person's language when known, else the browser's, else the org's.
export function textsFor(deps: AppDeps, request: FastifyRequest, person?: string | null) {
  return translator(signInTexts, localeFor(deps, request, person));
}

export function localeFor(deps: AppDeps, request: FastifyRequest, person?: string | null): Locale {
  return pageLocale({
    person,
    acceptLanguage: request.headers['accept-language'],
    org: deps.policy.org.locale,
  });
}

const personOf = (viewer: WebViewer | undefined) =>
  viewer?.mode === 'session' ? viewer.session.user.locale : null;

const changesState = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

// A state-changing request from a signed-in browser carries the session's CSRF secret and comes from this origin.
export function refuseForgery(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: AppDeps,
  options: WebAuthOptions,
  viewer: WebViewer,
): FastifyReply | null {
  if (!changesState(request.method)) return null;
  const t = textsFor(deps, request, personOf(viewer));
  const foreign = foreignOrigin(request, options.publicUrl);
  if (foreign)
    return reply.code(403).send({ error: 'cross_origin', message: t('crossOrigin', { origin: foreign }) });
  if (viewer.mode !== 'session') return null;
  const sent = request.headers[csrfHeader];
  if (typeof sent !== 'string' || !sameSecret(sent, viewer.session.csrf))
    return reply.code(403).send({ error: 'csrf', message: t('csrf') });
  return null;
}

function askedAs(request: FastifyRequest): unknown {
  const fromBody = (request.body as { as?: unknown } | undefined)?.as;
  return fromBody ?? (request.query as { as?: unknown } | undefined)?.as;
}

// Registered before the console and dashboard (fastify-plugin: its hooks cover the routes registered after it).
export const webAccess = (options: WebAuthOptions): DepsPlugin =>
  fp(async (app: FastifyInstance, { deps }: { deps: AppDeps }) => {
    await app.register(cookie);
    app.addHook('onRequest', async (request, reply) => {
      if (!webApp.test(routeOf(request))) return;
      const viewer = await viewerOf(deps, options, request);
      request.webViewer = viewer;
      if (viewer.mode === 'none') {
        if (request.method === 'GET' && pages.test(routeOf(request)))
          return reply.redirect(`/auth/sign-in?next=${encodeURIComponent(request.url)}`, 302);
        return reply
          .code(401)
          .send({ error: 'sign_in_required', message: textsFor(deps, request)('required') });
      }
      return refuseForgery(request, reply, deps, options, viewer) ?? undefined;
    });
    // Every answer here is someone's leads, orders or reports (or a refusal): no browser or proxy keeps it, unless the
    // route says otherwise (the charting script).
    app.addHook('onSend', async (request, reply) => {
      if (webApp.test(routeOf(request)) && !reply.hasHeader('cache-control'))
        reply.header('cache-control', 'no-store');
    });
    // After parsing: whoever is signed in acts only as themselves, whatever "as" the page or a script sends.
    app.addHook('preHandler', async (request, reply) => {
      const viewer = request.webViewer;
      if (!webApp.test(routeOf(request)) || viewer?.mode !== 'session') return;
      const as = askedAs(request);
      if (as !== undefined && as !== viewer.session.user.id)
        return reply.code(403).send({
          error: 'not_you',
          message: textsFor(deps, request, personOf(viewer))('notYou', { name: viewer.session.user.name }),
        });
    });
  });
