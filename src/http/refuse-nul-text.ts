// Owns refusing, at the door, text PostgreSQL cannot hold: a NUL character (U+0000) anywhere in a request's path,
// query or body is a 400 naming where it was, before any route reads it — otherwise it reaches a query and fails there
// as a 500 ("invalid byte sequence for encoding UTF8: 0x00") on whichever route passed it on.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const nul = '\u0000';

// The dotted path of the first string holding a NUL ('' for the value itself), or null when there is none.
export function nulPathOf(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes(nul) ? path : null;
  if (Buffer.isBuffer(value) || value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const at = `${path === '' ? '' : `${path}.`}${key}`;
    if (key.includes(nul)) return at;
    const found = nulPathOf(inner, at);
    if (found !== null) return found;
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
