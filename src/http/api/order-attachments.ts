// Owns /api/orders/:number/attachments: files sent as the raw request body (name in X-File-Name), listed and downloaded.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AttachmentStore, attachFile, tooLarge } from '../../app/orders/attach-file.ts';
import { getAttachment, listAttachments } from '../../app/orders/list-attachments.ts';
import { invalid } from '../../domain/errors.ts';
import { apiActorOf } from '../api-auth.ts';
import type { DepsPlugin } from '../server.ts';
import { attachmentJson, attachmentOut } from './orders.ts';

const errorBody = z.object({ error: z.string(), message: z.string() }).passthrough();
const defaultMaxBytes = 10 * 1024 * 1024;

// Header values are Latin-1, so a Chinese file name arrives percent-encoded; a plain name passes unchanged.
function fileNameOf(header: string | string[] | undefined): string {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined) throw invalid('order_attachment_name', 'fileName', { max: 200 });
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

// RFC 6266: an ASCII fallback and the exact name in UTF-8.
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function orderAttachmentsApi(options: { dataDir: string; maxBytes?: number }): DepsPlugin {
  const store: AttachmentStore = {
    dataDir: options.dataDir,
    maxBytes: options.maxBytes ?? defaultMaxBytes,
  };
  return async (app, { deps }) => {
    // Any content type is a file here: the body is read as bytes, and reading stops past the limit.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, payload, done) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      payload.on('data', (chunk: Buffer) => {
        if (over) return;
        size += chunk.length;
        if (size > store.maxBytes) {
          over = true;
          done(tooLarge(store.maxBytes), undefined);
          return;
        }
        chunks.push(chunk);
      });
      payload.on('end', () => {
        if (!over) done(null, Buffer.concat(chunks));
      });
      payload.on('error', (error) => {
        if (!over) done(error, undefined);
      });
    });
    const api = app.withTypeProvider<ZodTypeProvider>();
    const params = z.object({ number: z.string().min(1).max(40) });

    api.post(
      '/orders/:number/attachments',
      {
        config: { scope: 'orders:write' },
        bodyLimit: store.maxBytes + 1024,
        schema: {
          tags: ['orders'],
          summary: `Attach a file to an order: the file is the request body (any Content-Type, recorded as sent), its name in the X-File-Name header (percent-encoded if not ASCII); at most ${store.maxBytes} bytes`,
          params,
          response: {
            201: z.object({
              id: z.uuid(),
              number: z.string(),
              fileName: z.string(),
              sizeBytes: z.number().int(),
              contentType: z.string().nullable(),
            }),
            400: errorBody,
            403: errorBody,
            404: errorBody,
            413: errorBody,
          },
        },
      },
      async (request, reply) => {
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
        const result = await attachFile(
          deps,
          apiActorOf(request),
          request.params.number,
          { fileName: fileNameOf(request.headers['x-file-name']), contentType: type || null, bytes },
          store,
        );
        return reply.code(201).send(result);
      },
    );

    api.get(
      '/orders/:number/attachments',
      {
        config: { scope: 'orders:read' },
        schema: {
          tags: ['orders'],
          summary: "An order's attached files, oldest first",
          params,
          response: {
            200: z.object({ number: z.string(), attachments: z.array(attachmentJson) }),
            404: errorBody,
          },
        },
      },
      async (request) => {
        const list = await listAttachments(deps, apiActorOf(request), request.params.number);
        return { number: list.number, attachments: list.attachments.map(attachmentOut) };
      },
    );

    api.get(
      '/orders/:number/attachments/:id',
      {
        config: { scope: 'orders:read' },
        schema: {
          tags: ['orders'],
          summary: 'Download one attached file, with the content type it was sent with',
          params: params.extend({ id: z.string().min(1).max(64) }),
        },
      },
      async (request, reply) => {
        const file = await getAttachment(deps, apiActorOf(request), request.params.number, request.params.id);
        return reply
          .header('content-type', file.contentType ?? 'application/octet-stream')
          .header('content-length', file.sizeBytes)
          .header('content-disposition', contentDisposition(file.fileName))
          .send(createReadStream(join(store.dataDir, file.storagePath)));
      },
    );
  };
}
