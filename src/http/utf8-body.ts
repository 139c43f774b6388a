// Owns reading request bodies as UTF-8 at the door: a CSV, XML or JSON body that is not UTF-8 is a 400 naming the line,
// never replacement characters stored as a customer's or payer's name.
import { Transform } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { invalid } from '../domain/errors.ts';
import { firstNonUtf8Line, utf8TextOf } from '../domain/imports/utf8-text.ts';

// A text body parser's answer: the text, or the 400.
export function utf8Body(body: Buffer, done: (err: Error | null, body?: string) => void): void {
  const read = utf8TextOf(body);
  if (read.ok) done(null, read.text);
  else done(invalid('file_not_utf8', '(body)', { whole: 'body', line: read.line }));
}

const jsonType = /^application\/(?:[\w.+-]*\+)?json\b/i;
const notUtf8Json = (line: number) => invalid('body_not_utf8', '(body)', { line });

// JSON bodies are checked as they stream past, before Fastify's own JSON parser (which a signed-hook route replaces)
// reads them: the bytes go on unchanged.
export const refuseNonUtf8Json = fp(async (app: FastifyInstance) => {
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (!jsonType.test(request.headers['content-type'] ?? '')) return payload;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let lines = 0;
    const checked = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        try {
          decoder.decode(chunk, { stream: true });
        } catch {
          done(notUtf8Json(firstNonUtf8Line(chunk, lines + 1, true) ?? lines + 1));
          return;
        }
        for (const byte of chunk) if (byte === 0x0a) lines++;
        done(null, chunk);
      },
      flush(done) {
        try {
          decoder.decode();
          done();
        } catch {
          done(notUtf8Json(lines + 1));
        }
      },
    });
    payload.on('error', (error) => checked.destroy(error));
    return payload.pipe(checked);
  });
});
