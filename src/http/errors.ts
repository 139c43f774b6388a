// Owns the one mapping from errors to HTTP answers: 4xx naming the field for a caller's mistake, 500 only for ours.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError } from '../domain/errors.ts';
import { plainErrorLines, plainErrorText } from '../messages/catalogue/errors.ts';

const statusOf = { invalid: 400, not_found: 404, forbidden: 403, conflict: 409 } as const;

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | DomainError | Error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const whole = err.validationContext === 'querystring' ? '(query)' : '(body)';
      const issues = err.validation.map((v) => {
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        // An unknown parameter is named itself, so the caller sees which word to drop.
        const unknown = v.keyword === 'unrecognized_keys' ? keysOf(v.params) : [];
        return unknown.length > 0
          ? { field: [path, unknown.join(', ')].filter(Boolean).join('.'), message: unknownKeysText(whole) }
          : {
              field: path || whole,
              message: missing(v) ? 'is required; send it' : (v.message ?? 'is not valid'),
            };
      });
      return reply.code(400).send({
        error: 'invalid_request',
        message: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
        issues,
      });
    }
    if (err instanceof DomainError) {
      return reply.code(statusOf[err.kind]).send({
        error: err.code,
        message: plainErrorText(err, 'en'),
        ...(err.field ? { field: err.field } : {}),
        // Every problem on its own as well, so a client can point at each (a file's bad lines).
        ...(err.details.length > 0 ? { problems: problemsOf(err) } : {}),
      });
    }
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err }, 'request failed');
    return reply.code(status).send({
      error: status >= 500 ? 'internal_error' : 'bad_request',
      message: status >= 500 ? 'Something went wrong on our side; it has been logged.' : err.message,
    });
  });
}

// A field left out, in the caller's terms: zod's own words for it are "expected nonoptional, received undefined".
function missing(v: { keyword: string; message?: string }): boolean {
  return v.keyword === 'invalid_type' && (v.message ?? '').endsWith('received undefined');
}

function keysOf(params: unknown): string[] {
  const keys = (params as { keys?: unknown } | undefined)?.keys;
  return Array.isArray(keys) ? keys.map(String) : [];
}

const unknownKeysText = (whole: string) =>
  `is not a ${whole === '(query)' ? 'parameter' : 'field'} here; remove it (the API document at /docs lists them)`;

function problemsOf(err: DomainError) {
  const texts = plainErrorLines(err, 'en');
  return [err, ...err.details].map((e, k) => ({
    error: e.code,
    ...(e.field ? { field: e.field } : {}),
    message: texts[k] ?? e.code,
  }));
}
