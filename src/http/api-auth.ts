// Owns REST authentication and scopes: every /api route needs a valid API key (Authorization: Bearer, or X-Api-Key)
// and declares once, in its route config, the scope a key must have (`config: { scope: 'orders:write' }`).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type ApiKeyCheck, checkApiKey } from '../app/apikeys/authenticate-api-key.ts';
import type { Actor, AppDeps } from '../app/deps.ts';
import { type ApiScope, isApiScope } from '../domain/access/actions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    apiActor: Actor | null;
  }
  interface FastifyContextConfig {
    // The API key scope this route needs; a route without one does not start.
    scope?: ApiScope;
  }
}

export function presentedKey(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = request.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

const create = 'Create one with: closeloop apikey create --name <system> --scopes <scope,…>';
const refusals = {
  unknown: `The API key is not valid. ${create}`,
  revoked: `The API key was revoked. ${create}`,
  expired: `The API key has expired. ${create}`,
} as const;

// Wrapped with fastify-plugin so the hooks apply to the routes of the scope that registers it.
export const apiAuth = fp(async (app: FastifyInstance, opts: { deps: AppDeps }) => {
  app.decorateRequest('apiActor', null);
  app.addHook('onRoute', (route) => {
    const scope = (route.config as { scope?: unknown } | undefined)?.scope;
    if (typeof scope !== 'string' || !isApiScope(scope))
      throw new Error(
        `${route.method} ${route.url}: declare the API key scope it needs, e.g. config: { scope: 'orders:read' }`,
      );
  });
  // A request presenting a key whose check is in flight gets that check's answer (read at most one query earlier than
  // its own would be): under load one caller's hundreds of requests would each take a pool connection to read the
  // same row, and the intake transactions they serve queue behind those reads.
  const checking = new Map<string, Promise<ApiKeyCheck>>();
  const checked = (key: string) => {
    const running = checking.get(key);
    if (running) return running;
    const started = checkApiKey(opts.deps, key).finally(() => checking.delete(key));
    checking.set(key, started);
    return started;
  };
  app.addHook('onRequest', async (request, reply) => {
    const key = presentedKey(request);
    const check = key ? await checked(key) : null;
    if (!check?.ok) {
      return reply.code(401).send({
        error: 'unauthorized',
        message: check ? refusals[check.why] : `Send an API key as "Authorization: Bearer <key>". ${create}`,
      });
    }
    const needed = request.routeOptions.config.scope;
    const scopes = check.actor.kind === 'api' ? check.actor.scopes : undefined;
    if (needed === undefined || (scopes !== undefined && !scopes.includes(needed))) {
      return reply.code(403).send({
        error: 'missing_scope',
        scope: needed ?? null,
        message: `This API key lacks the scope ${needed}. An admin can create a key with it: closeloop apikey create --name <system> --scopes ${needed}`,
      });
    }
    request.apiActor = check.actor;
  });
});

// The authenticated caller of an /api route; the onRequest hook above guarantees one.
export function apiActorOf(request: FastifyRequest): Actor {
  if (!request.apiActor) throw new Error('apiActorOf called outside an /api route');
  return request.apiActor;
}
