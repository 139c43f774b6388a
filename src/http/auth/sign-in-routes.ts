// Owns /auth: the sign-in page, password and one-time-link sign-in, the session the pages read, and sign-out.
import { readFileSync } from 'node:fs';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { endSession } from '../../app/signin/end-session.ts';
import { linkHolderLocale } from '../../app/signin/link-holder-locale.ts';
import type { OpenedSession } from '../../app/signin/open-session.ts';
import { redeemSignInLink } from '../../app/signin/redeem-sign-in-link.ts';
import { signInWithPassword } from '../../app/signin/sign-in-with-password.ts';
import type { PlatformSignIn } from '../../app/signin/sign-in-with-platform.ts';
import { signInTexts } from '../../messages/catalogue/sign-in.ts';
import { pagePolicy } from '../page-policy.ts';
import type { DepsPlugin } from '../server.ts';
import {
  cookieOptions,
  foreignOrigin,
  localeFor,
  refuseForgery,
  sessionCookie,
  textsFor,
  viewerOf,
  type WebAuthOptions,
  webAccess,
} from './web-access.ts';

const pageFile = new URL('./sign-in.html', import.meta.url);
// The sign-in page names the link it was opened with here, to be greeted in that person's language.
const linkHeader = 'x-sign-in-link';

// Where to go after signing in: a path on this site only, never another origin ("//evil.example" included). No
// whitespace or control character anywhere: a browser drops tabs and line breaks, turning "/\t/evil.example" into
// "//evil.example", and a line break in a Location header is a 500.
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[^\s\p{Cc}]*$/u.test(next) ? next : '/console';
}

const passwordBody = z.object({
  email: z.string().trim().min(1, 'type your email').max(320),
  password: z.string().min(1, 'type your password').max(1024, 'a password has at most 1024 characters'),
  next: z.string().max(2000).optional(),
});

const linkBody = z.object({
  token: z.string().trim().min(20, 'the sign-in link is incomplete; copy all of it').max(200),
  next: z.string().max(2000).optional(),
});

// The end of a Slack or Lark callback: the session cookie and on to where they were headed, or the refusal page.
export function platformSignedIn(
  request: FastifyRequest,
  reply: FastifyReply,
  options: WebAuthOptions,
  next: string,
  outcome: PlatformSignIn,
): FastifyReply {
  if (!outcome.ok)
    return reply.redirect(`/auth/sign-in?error=not_on_roster&who=${encodeURIComponent(outcome.who)}`, 302);
  return reply
    .setCookie(sessionCookie, outcome.token, cookieOptions(request, options, options.limits.absoluteMs))
    .redirect(next, 302);
}

// Extra sign-in ways (Slack, Lark) add their buttons to the page through this list.
export interface SignInProvider {
  id: 'slack' | 'lark';
  start: string;
}

export const signInRoutes =
  (options: WebAuthOptions, providers: readonly SignInProvider[] = []): DepsPlugin =>
  async (app, { deps }) => {
    const page = readFileSync(pageFile, 'utf8');
    const contentSecurityPolicy = pagePolicy(page);
    const typed = app.withTypeProvider<ZodTypeProvider>();
    const perMinute = options.signInPerMinute;
    if (perMinute > 0)
      await app.register(rateLimit, {
        global: false,
        errorResponseBuilder: (request, context) => ({
          statusCode: context.statusCode,
          error: 'too_many_attempts',
          message: textsFor(deps, request)('tooMany'),
        }),
      });
    // Only the routes that try a secret are limited; pages, the console and the API keep their own budgets.
    const limited = { rateLimit: perMinute > 0 ? { max: perMinute, timeWindow: '1 minute' } : false };

    // Login CSRF: another site may not sign a visitor in to an account of its choosing.
    const refuseForeign = (request: FastifyRequest, reply: FastifyReply) => {
      const foreign = foreignOrigin(request, options.publicUrl);
      if (foreign)
        reply.code(403).send({
          error: 'cross_origin',
          message: textsFor(deps, request)('crossOrigin', { origin: foreign }),
        });
      return Boolean(foreign);
    };
    const started = (request: FastifyRequest, reply: FastifyReply, session: OpenedSession, next?: string) =>
      reply
        .setCookie(sessionCookie, session.token, cookieOptions(request, options, options.limits.absoluteMs))
        .code(200)
        .send({ ok: true, next: safeNext(next), user: { id: session.user.id, name: session.user.name } });

    typed.get('/auth/sign-in', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', contentSecurityPolicy)
        .header('cache-control', 'no-store')
        .send(page),
    );

    // What a page needs to know about its viewer: trial (banner) or signed in (who, the CSRF token), and the words —
    // in the language of the person signed in, or of the one an opened sign-in link is for (the page sends its token
    // in a header: it stays out of addresses and logs), else the browser's.
    typed.get('/auth/session', { schema: { hide: true } }, async (request, reply) => {
      const viewer = await viewerOf(deps, options, request);
      const link = request.headers[linkHeader];
      const person =
        viewer.mode === 'session'
          ? viewer.session.user.locale
          : typeof link === 'string' && link.length <= 200
            ? await linkHolderLocale(deps, link)
            : null;
      const locale = localeFor(deps, request, person);
      const common = {
        locale,
        texts: signInTexts[locale],
        providers: providers.map((p) => ({ id: p.id, start: p.start })),
      };
      reply.header('cache-control', 'no-store');
      if (viewer.mode === 'session') {
        const { user, csrf } = viewer.session;
        return {
          ...common,
          mode: 'session',
          user: { id: user.id, name: user.name, email: user.email },
          csrf,
        };
      }
      return { ...common, mode: viewer.mode };
    });

    typed.post(
      '/auth/password',
      { schema: { hide: true, body: passwordBody }, config: limited },
      async (request, reply) => {
        if (refuseForeign(request, reply)) return reply;
        const outcome = await signInWithPassword(deps, request.body, options.limits);
        if (!outcome.ok)
          return reply
            .code(401)
            .send({ error: 'sign_in_failed', message: textsFor(deps, request)('failed') });
        return started(request, reply, outcome, request.body.next);
      },
    );

    typed.post(
      '/auth/link',
      { schema: { hide: true, body: linkBody }, config: limited },
      async (request, reply) => {
        if (refuseForeign(request, reply)) return reply;
        const outcome = await redeemSignInLink(deps, request.body.token, options.limits);
        if (!outcome.ok) {
          const person = await linkHolderLocale(deps, request.body.token);
          return reply
            .code(401)
            .send({ error: 'link_invalid', message: textsFor(deps, request, person)('linkInvalid') });
        }
        return started(request, reply, outcome, request.body.next);
      },
    );

    typed.post('/auth/logout', { schema: { hide: true } }, async (request, reply) => {
      const viewer = await viewerOf(deps, options, request);
      const refused = refuseForgery(request, reply, deps, options, viewer);
      if (refused) return refused;
      if (viewer.mode === 'session') await endSession(deps, viewer.session.user, viewer.token);
      return reply
        .clearCookie(sessionCookie, { path: '/' })
        .code(200)
        .send({ ok: true, next: '/auth/sign-in' });
    });
  };

// The sign-in routes and the guard of the web app, in the order they must be registered (the guard first).
export function webAuthPlugins(
  options: WebAuthOptions,
  providers: readonly SignInProvider[] = [],
): DepsPlugin[] {
  return [webAccess(options), signInRoutes(options, providers)];
}
