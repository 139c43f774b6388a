// Owns the server's outer guard: security headers on every answer, and the Host check that stops DNS rebinding
// against a server bound to this machine.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import { loopbackHost } from '../domain/network/loopback-host.ts';

declare module 'fastify' {
  interface RouteShorthandOptions {
    // false: no security headers on this route's answers.
    helmet?: false;
  }
}

export interface GuardOptions {
  // Host names (without port) requests may name besides loopback ones; 'any' turns the check off.
  allowedHosts: readonly string[] | 'any';
}

// "Host: example.com:3000" → example.com; "[::1]:3000" → ::1.
export function hostNameOf(header: string | undefined): string {
  const value = (header ?? '').trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) return bracketed[1];
  return value.replace(/:\d+$/, '');
}

export function hostAllowed(header: string | undefined, allowed: GuardOptions['allowedHosts']): boolean {
  if (allowed === 'any') return true;
  const host = hostNameOf(header);
  return host !== '' && (loopbackHost(host) || allowed.includes(host));
}

// The JSON API and docs need no inline code; pages that do (console, dashboard) send their own policy with hashes.
const defaultPolicy = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // Swagger UI's stylesheets are files; its one inline <style> colours the Swagger logo inside an SVG that
    // @fastify/swagger-ui swaps for its own at once. Allowed by hash so the docs raise no violation; no other inline
    // style or style="" applies.
    styleSrc: ["'self'", "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
  },
};

export const guard = fp(async (app: FastifyInstance, options: GuardOptions) => {
  // Built once: @fastify/helmet built helmet (parsing the policy) again for every request, a measurable share of a
  // busy intake's CPU.
  const secure = helmet({
    contentSecurityPolicy: defaultPolicy,
    // Slack and Lark open no closeloop page in a frame; HSTS only means something behind TLS, set there.
    strictTransportSecurity: false,
  });
  // A route declared with `helmet: false` (one no browser renders) goes without them, as with @fastify/helmet.
  const bare = new Set<string>();
  app.addHook('onRoute', (route) => {
    if (route.helmet === false)
      for (const method of [route.method].flat()) bare.add(`${method} ${route.url}`);
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (bare.has(`${request.method} ${request.routeOptions.url}`)) return done();
    secure(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
  app.addHook('onRequest', async (request, reply) => {
    if (hostAllowed(request.headers.host, options.allowedHosts)) return;
    return reply.code(421).send({
      error: 'host_not_allowed',
      message: `This server does not answer for host "${hostNameOf(request.headers.host)}". Add it to PUBLIC_URL or ALLOWED_HOSTS.`,
    });
  });
});
