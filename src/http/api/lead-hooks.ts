// Owns POST /api/hooks/leads/:source: third-party lead webhooks, read through the source's field mapping in
// closeloop.yaml (leads.sources) and authenticated by an API key or the source's HMAC-SHA256 signature.
import { createHmac, timingSafeEqual } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticateApiKey } from '../../app/apikeys/authenticate-api-key.ts';
import type { Actor } from '../../app/deps.ts';
import { type LeadIntake, leadIntake } from '../../app/leads/take-in-leads-together.ts';
import type { HookSourcePolicy } from '../../config/policy.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  type HookLeadField,
  type HookMappingProblem,
  mapHookPayload,
} from '../../domain/leads/hook-mapping.ts';
import { own } from '../../domain/own.ts';
import { plainErrorText } from '../../messages/catalogue/errors.ts';
import { idempotency } from '../idempotency.ts';
import { readJsonBody } from '../json-body.ts';
import type { DepsPlugin } from '../server.ts';
import { createBody } from './leads.ts';

declare module 'fastify' {
  interface FastifyRequest {
    // The body exactly as sent: the signature covers these bytes, not a re-serialised copy.
    hookRawBody: string;
  }
}

export interface LeadHooksOptions {
  // Deliveries per minute one address may make; 0 or left out: no limit.
  perMinute?: number;
  // Where each source's signature.secretEnv is looked up (process.env in production).
  env: Readonly<Record<string, string | undefined>>;
  // The process's one intake queue, shared with POST /api/leads (main.ts); left out, the plugin makes its own.
  intake?: LeadIntake;
}

const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();
const person = z.object({ id: z.uuid(), name: z.string() });
const created = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.string(),
  duplicate: z.literal(false),
  owner: person.optional(),
  channel: z.string().optional(),
});
const duplicate = z.object({ id: z.uuid(), number: z.string(), duplicate: z.literal(true) });

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function presentedKey(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return header(request, 'x-api-key')?.trim();
}

type Verdict = { ok: true } | { ok: false; status: 401 | 503; error: string; message: string };

// HMAC-SHA256 over "<timestamp>.<raw body>" with the source's secret, hex, optionally prefixed "sha256=".
export function signHookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

function verifySignature(
  request: FastifyRequest,
  signature: NonNullable<HookSourcePolicy['signature']>,
  env: LeadHooksOptions['env'],
  now: Date,
): Verdict {
  const secret = env[signature.secretEnv];
  if (!secret)
    return {
      ok: false,
      status: 503,
      error: 'hook_not_configured',
      message: `${signature.secretEnv} is not set on the server; set it to the source's shared secret and restart`,
    };
  const timestamp = header(request, signature.timestampHeader);
  if (!timestamp || !/^\d{1,12}$/.test(timestamp))
    return {
      ok: false,
      status: 401,
      error: 'hook_signature_invalid',
      message: `send the signing time as Unix seconds in ${signature.timestampHeader}`,
    };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > signature.tolerance * 60)
    return {
      ok: false,
      status: 401,
      error: 'hook_signature_expired',
      message: `${signature.timestampHeader} is more than ${signature.tolerance} minutes from now; sign each delivery when you send it`,
    };
  const given = Buffer.from(header(request, signature.header)?.trim() ?? '', 'utf8');
  const expected = Buffer.from(signHookBody(secret, timestamp, request.hookRawBody), 'utf8');
  const bare = Buffer.from(expected.subarray('sha256='.length));
  const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);
  if (same(given, expected) || same(given, bare)) return { ok: true };
  return {
    ok: false,
    status: 401,
    error: 'hook_signature_invalid',
    message: `${signature.header} does not match: send sha256=<hex HMAC-SHA256 of "<${signature.timestampHeader}>.<body>"> with the shared secret`,
  };
}

function problemText(
  p: HookMappingProblem,
  source: string,
): { field: string; path: string | null; message: string } {
  if (p.kind === 'missing')
    return {
      field: p.field,
      path: p.path,
      message: p.path
        ? `${p.path} (→ ${p.field}) is missing or empty; send it, or map ${p.field} elsewhere in leads.sources.${source}.fields`
        : `${p.field} has no mapping; add it under leads.sources.${source}.fields`,
    };
  if (p.kind === 'no_contact') {
    const where = [p.email && `${p.email} (→ email)`, p.phone && `${p.phone} (→ phone)`].filter(Boolean);
    return {
      field: 'email',
      path: p.email ?? p.phone,
      message: `${where.join(' and ')} ${where.length > 1 ? 'are' : 'is'} missing or empty; send an email or a phone so the lead can be contacted`,
    };
  }
  return {
    field: p.field,
    path: p.path,
    message: `${p.path} (→ ${p.field}) is a ${p.found}, not a value${p.found === 'list' ? `; map one item, e.g. ${p.path}.0` : ''}`,
  };
}

export function leadHooksPlugin(options: LeadHooksOptions): DepsPlugin {
  return async (app, { deps }) => {
    // Under load, concurrent hook intakes go in together (one transaction each few); alone, each is createLead.
    const intake = options.intake ?? leadIntake(deps);
    app.addHook('onClose', () => intake.drain());
    // Per sending address: a form builder or ad platform posts a lead at a time, a flood is not a campaign.
    if (options.perMinute) await app.register(rateLimit, { max: options.perMinute, timeWindow: '1 minute' });
    app.decorateRequest('apiActor', null);
    app.decorateRequest('hookRawBody', '');
    // Keep the bytes for the signature; parse them as JSON ourselves.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = String(body);
      request.hookRawBody = text;
      if (text.trim() === '') return done(null, {});
      const read = readJsonBody(text);
      if (read.ok) done(null, read.value);
      else done(read.error, undefined);
    });
    await app.register(idempotency, { deps });

    const sourceOf = (request: FastifyRequest) =>
      own(deps.policy.leads.sources, (request.params as { source: string }).source);

    const refuse = (reply: FastifyReply, status: number, body: { error: string; message: string }) =>
      reply.code(status).send(body);

    app.withTypeProvider<ZodTypeProvider>().post(
      '/api/hooks/leads/:source',
      {
        schema: {
          tags: ['leads'],
          summary:
            'A third-party lead webhook: the payload is read through leads.sources.<source> in closeloop.yaml, then deduped and routed like any lead',
          params: z.object({ source: z.string() }),
          body: z.unknown(),
          response: { 201: created, 200: duplicate, 400: errorBody, 401: errorBody, 404: errorBody },
        },
        onRequest: async (request, reply) => {
          if (sourceOf(request)) return;
          const known = Object.keys(deps.policy.leads.sources);
          return refuse(reply, 404, {
            error: 'hook_source_unknown',
            message: `no lead source "${(request.params as { source: string }).source}" in closeloop.yaml leads.sources${known.length ? `; known: ${known.join(', ')}` : ''}`,
          });
        },
        preValidation: async (request, reply) => {
          const source = sourceOf(request);
          if (!source) return;
          const key = presentedKey(request);
          if (key) {
            const actor = await authenticateApiKey(deps, key);
            if (!actor)
              return refuse(reply, 401, {
                error: 'unauthorized',
                message:
                  'The API key is not valid or was revoked. Create one with: closeloop apikey create --name <system>',
              });
            // A key posts leads here only with leads:write, as on POST /api/leads.
            if (actor.kind === 'api' && actor.scopes !== undefined && !actor.scopes.includes('leads:write'))
              return refuse(reply, 403, {
                error: 'missing_scope',
                message: 'This API key lacks the scope leads:write. An admin can create a key with it.',
              });
            request.apiActor = actor;
            return;
          }
          if (!source.signature)
            return refuse(reply, 401, {
              error: 'unauthorized',
              message:
                'Send an API key as "Authorization: Bearer <key>", or give this source a signature in closeloop.yaml',
            });
          const verdict = verifySignature(request, source.signature, options.env, deps.clock.now());
          if (!verdict.ok)
            return refuse(reply, verdict.status, { error: verdict.error, message: verdict.message });
          const actor: Actor = { kind: 'api', keyName: `hook:${request.params.source}` };
          request.apiActor = actor;
        },
      },
      async (request, reply) => {
        const name = request.params.source;
        const source = sourceOf(request);
        const actor = request.apiActor;
        if (!source || !actor) throw new Error('lead hook reached its handler unauthenticated');
        const mapped = mapHookPayload(request.body, source);
        if (!mapped.ok) {
          const issues = mapped.problems.map((p) => problemText(p, name));
          return refuse(reply, 400, {
            error: 'hook_payload_incomplete',
            message: issues.map((i) => i.message).join('; '),
            ...{ issues },
          });
        }
        const pathOf = (field: string) => source.fields[field as HookLeadField] ?? `(set) ${field}`;
        const parsed = createBody.safeParse({ source: name, ...mapped.lead });
        if (!parsed.success) {
          const issues = parsed.error.issues.map((i) => {
            const field = String(i.path[0] ?? '(body)');
            return { field, path: pathOf(field), message: `${pathOf(field)} (→ ${field}): ${i.message}` };
          });
          return refuse(reply, 400, {
            error: 'hook_payload_invalid',
            message: issues.map((i) => i.message).join('; '),
            ...{ issues },
          });
        }
        try {
          const result = await intake.take(actor, parsed.data);
          if (result.duplicate)
            return reply.code(200).send({ id: result.id, number: result.number, duplicate: true });
          return reply.code(201).send({
            id: result.id,
            number: result.number,
            status: result.status,
            duplicate: false,
            ...(result.owner ? { owner: result.owner } : {}),
            ...(result.channel ? { channel: result.channel } : {}),
          });
        } catch (e) {
          if (!(e instanceof DomainError) || e.kind !== 'invalid' || !e.field) throw e;
          return refuse(reply, 400, {
            error: e.code,
            message: `${pathOf(e.field)} (→ ${e.field}): ${plainErrorText(e, 'en')}`,
            ...{ field: e.field, path: pathOf(e.field) },
          });
        }
      },
    );
  };
}
