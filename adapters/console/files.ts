// Owns the console's file upload: POST /console/api/file (JSON with the bytes in base64), run as a chat file with its caption.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { localeOf } from '../../src/app/commands/types.ts';
import { chatFileMaxBytes, chatFileTooLarge, takeChatFile } from '../../src/app/files/take-chat-file.ts';
import type { AttachmentStore } from '../../src/app/orders/attach-file.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { DomainError } from '../../src/domain/errors.ts';
import type { DepsPlugin } from '../../src/http/server.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import type { Locale, PrivateReply } from '../../src/messages/model.ts';

export const consoleFilePath = '/console/api/file';

// Base64 is 4 characters per 3 bytes; the JSON around it is small.
const base64Limit = Math.ceil(chatFileMaxBytes / 3) * 4;

const fileBody = z.object({
  as: z.string().trim().min(1, 'pick a roster user (their id)'),
  caption: z.string().max(4000, 'a caption is at most 4000 characters').default(''),
  fileName: z.string().trim().min(1, 'give the file name, e.g. expo.csv').max(200),
  contentType: z.string().max(200).optional(),
  // Past the limit the file is refused by name with the limit in MB, not as a schema error.
  contentBase64: z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'contentBase64 must be the file in standard base64'),
});

export function consoleFilesPlugin(options: { dataDir: string }): DepsPlugin {
  const store: AttachmentStore = { dataDir: options.dataDir, maxBytes: chatFileMaxBytes };
  return async (app, { deps }) => {
    app
      .withTypeProvider<ZodTypeProvider>()
      .post(
        consoleFilePath,
        { schema: { hide: true, body: fileBody }, bodyLimit: base64Limit + 64 * 1024 },
        async (request, reply) => {
          const { as, caption, fileName, contentType, contentBase64 } = request.body;
          let locale: Locale = deps.policy.org.locale;
          try {
            const user = await requireUser(deps, { by: 'id', id: as });
            const actor = { kind: 'user' as const, user, via: 'console' as const };
            locale = localeOf(deps, actor);
            if (contentBase64.length > base64Limit) throw chatFileTooLarge(fileName);
            const bytes = Buffer.from(contentBase64, 'base64');
            return reply
              .code(200)
              .send(
                await takeChatFile(
                  deps,
                  actor,
                  { caption, fileName, contentType: contentType ?? null, bytes },
                  store,
                ),
              );
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            const privateReply: PrivateReply = {
              text: errorText(error, locale),
              tone: error.kind === 'invalid' ? 'danger' : 'warning',
            };
            // A bad file is a 400 naming the field, with the reply the page shows; a refusal is a normal answer.
            if (error.kind === 'invalid') {
              return reply.code(400).send({
                error: error.code,
                message: privateReply.text,
                ...(error.field ? { field: error.field } : {}),
                reply: privateReply,
              });
            }
            return reply.code(200).send(privateReply);
          }
        },
      );
  };
}
