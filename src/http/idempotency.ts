// Owns Idempotency-Key on REST writes: a re-sent POST with the same key gets the first answer and changes nothing.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../app/deps.ts';
import { actorLabel } from '../app/deps.ts';
import { claimIdempotencyKey, recordIdempotentAnswer } from '../app/inbound/idempotent-request.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { keyName: string; key: string } | null;
  }
}

const writes = new Set(['POST', 'PUT', 'PATCH']);

export const idempotency = fp(async (app: FastifyInstance, opts: { deps: AppDeps }) => {
  app.decorateRequest('idempotency', null);
  app.addHook('preHandler', async (request, reply) => {
    const header = request.headers['idempotency-key'];
    if (!writes.has(request.method) || header === undefined || !request.apiActor) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !/^[\x21-\x7e]{1,255}$/.test(key)) {
      return reply.code(400).send({
        error: 'invalid_request',
        field: 'Idempotency-Key',
        message:
          'Idempotency-Key: use 1–255 visible ASCII characters, e.g. a UUID, new for each distinct request',
      });
    }
    const keyName = actorLabel(request.apiActor);
    const hash = createHash('sha256')
      .update(
        `${request.method} ${request.routeOptions.url ?? request.url}\n${JSON.stringify(request.params)}\n`,
      )
      .update(typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null))
      .digest('hex');
    const claim = await claimIdempotencyKey(opts.deps, keyName, key, hash);
    if (claim.kind === 'replay') {
      return reply.code(claim.statusCode).header('idempotent-replayed', 'true').send(claim.response);
    }
    if (claim.kind === 'mismatch') {
      return reply.code(422).send({
        error: 'idempotency_key_reused',
        field: 'Idempotency-Key',
        message: 'Idempotency-Key was already used for a different request; send a new key for a new request',
      });
    }
    if (claim.kind === 'in_progress') {
      return reply.code(409).send({
        error: 'request_in_progress',
        field: 'Idempotency-Key',
        message: 'A request with this Idempotency-Key is still being processed; retry in a few seconds',
      });
    }
    request.idempotency = { keyName, key };
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const claimed = request.idempotency;
    if (!claimed) return payload;
    let body: unknown = payload;
    if (typeof payload === 'string') {
      try {
        body = JSON.parse(payload);
      } catch {
        body = payload;
      }
    }
    await recordIdempotentAnswer(opts.deps, claimed.keyName, claimed.key, reply.statusCode, body);
    return payload;
  });
});
