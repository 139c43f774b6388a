// A console + dashboard server behind web sign-in over a fresh database, with a hand-moved clock.
import type { FastifyInstance } from 'fastify';
import { consolePlugin } from '../../../adapters/console/plugin.ts';
import type { AppDeps } from '../../../src/app/deps.ts';
import { type SignInProvider, webAuthPlugins } from '../../../src/http/auth/sign-in-routes.ts';
import type { WebAuthOptions } from '../../../src/http/auth/web-access.ts';
import { dashboardPlugin } from '../../../src/http/dashboard/plugin.ts';
import { buildServer, type DepsPlugin, type ServerOptions } from '../../../src/http/server.ts';

export const hour = 3_600_000;
export const limits = { idleMs: 8 * hour, absoluteMs: 7 * 24 * hour };

export function webServer(
  deps: AppDeps,
  options: Partial<WebAuthOptions> = {},
  extra: { providers?: SignInProvider[]; plugins?: DepsPlugin[]; logger?: ServerOptions['logger'] } = {},
): Promise<FastifyInstance> {
  const auth = webAuthPlugins(
    { limits, trialAllowedByEnv: true, signInPerMinute: 0, ...options },
    extra.providers ?? [],
  );
  return buildServer({
    deps,
    api: [],
    adapters: [...auth, ...(extra.plugins ?? []), consolePlugin, dashboardPlugin],
    health: {},
    allowedHosts: ['crm.acme.cn'],
    ...(extra.logger ? { logger: extra.logger } : {}),
  });
}

// "closeloop_session=abc; Path=/; HttpOnly" → the cookie pair to send back.
export function sessionCookieOf(setCookie: string | string[] | undefined): string {
  const line = [setCookie ?? []].flat().find((c) => c.startsWith('closeloop_session='));
  if (!line) throw new Error('no session cookie was set');
  return line.split(';')[0] ?? '';
}

// Signs `email` in with `password` on `app`: the cookie to send back and the CSRF token its pages carry.
export async function signedInCookie(
  app: FastifyInstance,
  email: string,
  password: string,
): Promise<{ cookie: string; csrf: string }> {
  const res = await app.inject({ method: 'POST', url: '/auth/password', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = sessionCookieOf(res.headers['set-cookie']);
  const session = await app.inject({ method: 'GET', url: '/auth/session', headers: { cookie } });
  return { cookie, csrf: (session.json() as { csrf: string }).csrf };
}
