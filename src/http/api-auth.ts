// Owns REST authentication: every /api route needs a valid API key (Authorization: Bearer, or X-Api-Key).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { authenticateApiKey } from '../app/apikeys/authenticate-api-key.ts';
import type { Actor, AppDeps } from '../app/deps.ts';

declare module 'fastify' {
  interface FastifyRequest {
    apiActor: Actor | null;
  }
}

function presentedKey(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = request.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

// Wrapped with fastify-plugin so the hook applies to the routes of the scope that registers it.
export const apiAuth = fp(async (app: FastifyInstance, opts: { deps: AppDeps }) => {
  app.decorateRequest('apiActor', null);
  app.addHook('onRequest', async (request, reply) => {
    const key = presentedKey(request);
    const actor = key ? await authenticateApiKey(opts.deps, key) : null;
    if (!actor) {
      return reply.code(401).send({
        error: 'unauthorized',
        message: key
          ? 'The API key is not valid or was revoked. Create one with: closeloop apikey create --name <system>'
          : 'Send an API key as "Authorization: Bearer <key>". Create one with: closeloop apikey create --name <system>',
      });
    }
    request.apiActor = actor;
  });
});

// The authenticated caller of an /api route; the onRequest hook above guarantees one.
export function apiActorOf(request: FastifyRequest): Actor {
  if (!request.apiActor) throw new Error('apiActorOf called outside an /api route');
  return request.apiActor;
}
