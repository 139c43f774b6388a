// Owns the Fastify server: error mapping, OpenAPI, /health, and the scopes each plugin is registered in.

import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import { redactSecrets, redactText, redactUrl } from '../logging/redact-secrets.ts';
import { apiAuth } from './api-auth.ts';
import { installErrorHandler } from './errors.ts';
import { guard } from './guard.ts';
import { idempotency } from './idempotency.ts';
import { readJsonBody } from './json-body.ts';
import { metricsRoute } from './metrics.ts';
import { refuseNulText } from './refuse-nul-text.ts';
import { refuseNonUtf8Json, utf8Body } from './utf8-body.ts';

export type HealthCheck = () => Promise<{ ok: boolean; detail?: string }>;

// A plugin that receives the app's dependencies; each REST resource and each adapter is one.
export type DepsPlugin = FastifyPluginAsync<{ deps: AppDeps }>;

export interface ServerOptions {
  deps: AppDeps;
  logger?: FastifyServerOptions['logger'];
  // Registered under /api, behind API-key authentication.
  api: DepsPlugin[];
  // Registered at the root: console, Slack, Lark receivers (each verifies its own callers).
  adapters: DepsPlugin[];
  health: Record<string, HealthCheck>;
  // Host names besides loopback ones that requests may name ('any' for no check); loopback only when left out.
  allowedHosts?: readonly string[] | 'any';
  // Requests per minute one API key (or, without one, one address) may make under /api; 0 or left out: no limit.
  apiRateLimitPerMinute?: number;
  // Behind a TLS-terminating proxy: take the client address and https from X-Forwarded-* (Secure session cookies).
  trustProxy?: boolean;
}

// Whatever level is asked for, errors and request lines are logged through the redaction list.
function safeLogger(logger: ServerOptions['logger']): ServerOptions['logger'] {
  if (!logger || logger === true || typeof logger !== 'object') return logger ?? false;
  return {
    ...logger,
    serializers: {
      err: (error: Error) => {
        const safe = redactSecrets(error) as Record<string, unknown>;
        return {
          ...safe,
          type: error.name,
          message: String(safe.message ?? ''),
          stack: String(safe.stack ?? ''),
        };
      },
      req: (req: { method: string; url: string; host?: string; ip?: string }) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
      }),
    },
  };
}

const zodOnly = () => (): never => {
  throw new Error('a route schema reached a compiler other than zod');
};

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: safeLogger(options.logger),
    bodyLimit: 20 * 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    // Every route validates and serialises with zod (set just below). Without factories of its own, Fastify loads Ajv
    // and fast-json-stringify when the instance is made, only to never compile with them: a tenth of a second of start.
    schemaController: { compilersFactory: { buildValidator: zodOnly, buildSerializer: zodOnly } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(guard, { allowedHosts: options.allowedHosts ?? [] });
  await app.register(refuseNulText);
  await app.register(refuseNonUtf8Json);
  // Fastify's own 404 logs the raw URL, query string and any token in it included; this one names only the path.
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: 'not_found',
      message: `There is no ${request.method} ${redactText(request.url.split('?')[0] ?? '')}. The API is described at /docs.`,
    }),
  );
  // Bank statements and lists arrive as CSV; the text as sent, or a 400 when it is not UTF-8.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'buffer' }, (_req, body, done) =>
    utf8Body(body as Buffer, done),
  );
  // JSON read by our reader, so a refusal names the key (`__proto__`) or the place it broke, in the catalogue's words.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const read = readJsonBody(String(body));
    if (read.ok) done(null, read.value);
    else done(read.error, undefined);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'closeloop API',
        version: '1',
        description: 'Leads, orders, payments and bank statements in; signed webhooks out.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/health',
    {
      schema: {
        hide: true,
        response: {
          200: z.object({ status: z.literal('ok'), checks: z.record(z.string(), z.string()) }),
          503: z.object({ status: z.literal('degraded'), checks: z.record(z.string(), z.string()) }),
        },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, string> = {};
      let healthy = true;
      for (const [name, check] of Object.entries(options.health)) {
        const result = await check().catch((e: unknown) => ({ ok: false, detail: String(e) }));
        checks[name] = result.ok ? 'ok' : `failing: ${result.detail ?? 'unknown'}`;
        healthy &&= result.ok;
      }
      return healthy
        ? reply.code(200).send({ status: 'ok', checks })
        : reply.code(503).send({ status: 'degraded', checks });
    },
  );

  await metricsRoute(app, { deps: options.deps });

  await app.register(
    async (api) => {
      const perMinute = options.apiRateLimitPerMinute ?? 0;
      if (perMinute > 0)
        await api.register(rateLimit, {
          max: perMinute,
          timeWindow: '1 minute',
          // Per key: one busy integration does not starve the others; unauthenticated calls per address.
          keyGenerator: (request) => {
            const auth = request.headers.authorization ?? request.headers['x-api-key'];
            return typeof auth === 'string'
              ? `key:${createHash('sha256').update(auth).digest('hex')}`
              : request.ip;
          },
        });
      // Every answer is someone's leads, orders or payments (or a refusal): no proxy or client cache keeps it, unless a
      // route says otherwise.
      api.addHook('onSend', async (_request, reply) => {
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      });
      await api.register(apiAuth, { deps: options.deps });
      await api.register(idempotency, { deps: options.deps });
      for (const plugin of options.api) await api.register(plugin, { deps: options.deps });
    },
    { prefix: '/api' },
  );
  for (const plugin of options.adapters) await app.register(plugin, { deps: options.deps });
  return app;
}
