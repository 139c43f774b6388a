// Owns refusing, at the door, text PostgreSQL cannot hold: a NUL character (U+0000) anywhere in a request's path,
// query or body is a 400 naming where it was, before any route reads it — otherwise it reaches a query and fails there
// as a 500 ("invalid byte sequence for encoding UTF8: 0x00") on whichever route passed it on.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const nul = '\u0000';

// The dotted path of a string (or key) holding a NUL ('' for the value itself), or null when there is none. Walked with a
// stack of its own, not recursion: a body nested 100,000 deep must not overflow the call stack.
export function nulPathOf(value: unknown): string | null {
  const pending: [unknown, string][] = [[value, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [inner, path] = next;
    if (typeof inner === 'string') {
      if (inner.includes(nul)) return path;
      continue;
    }
    if (Buffer.isBuffer(inner) || inner === null || typeof inner !== 'object') continue;
    for (const [key, child] of Object.entries(inner)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (key.includes(nul)) return at;
      pending.push([child, at]);
    }
  }
  return null;
}

export const refuseNulText = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request, reply) => {
    const field =
      nulPathOf(request.params) ??
      nulPathOf(request.query) ??
      nulPathOf(request.body)?.replace(/^$/, '(body)');
    if (field === undefined || field === null) return;
    const message = 'contains a NUL character (U+0000), which text cannot hold: remove it';
    return reply.code(400).send({
      error: 'invalid_request',
      message: `${field}: ${message}`,
      issues: [{ field, message }],
    });
  });
});
