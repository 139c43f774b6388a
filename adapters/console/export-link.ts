// Owns the console's export downloads: a reply's file becomes a short-lived link signed with a key this process made
// at start (HMAC over who, what and until when), and GET /console/exports?as=<id>&t=<token> streams the file, made as
// that person with their permissions as of the download; signed in, only to that person.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { localeOf } from '../../src/app/commands/types.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { prepareExportWords } from '../../src/app/exports/export-file.ts';
import { requireUser } from '../../src/app/roster/find-user.ts';
import { DomainError, forbidden } from '../../src/domain/errors.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import { exportText } from '../../src/messages/catalogue/exports.ts';
import type { Locale, PrivateReply } from '../../src/messages/model.ts';

// How long a link works: long enough to click, short enough that a copied link soon stops working.
export const exportLinkMinutes = 15;

interface LinkClaims {
  as: string;
  words: string;
  // Milliseconds since the epoch.
  exp: number;
}

// The link the page shows under the reply's text, as a real link: the console's markdown has no link syntax (so no
// card can smuggle one in), and a markdown link in the text showed raw, too long to read and not clickable.
export interface ConsoleDownload {
  name: string;
  url: string;
}

export interface ExportLinks {
  // The reply with its file turned into a link, for the console to show.
  withLink(
    reply: PrivateReply,
    as: string,
    request: FastifyRequest,
    locale: Locale,
  ): PrivateReply & { download?: ConsoleDownload };
  register(app: FastifyInstance): void;
}

export function exportLinks(deps: AppDeps): ExportLinks {
  const key = randomBytes(32);
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  const sign = (claims: LinkClaims) => {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${payload}.${mac(payload)}`;
  };
  const verify = (token: string): LinkClaims | null => {
    const [payload, signature] = token.split('.');
    if (!payload || !signature) return null;
    const expected = Buffer.from(mac(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
    return claims.exp > deps.clock.now().getTime() ? claims : null;
  };
  return {
    withLink(reply, as, request, locale) {
      const file = reply.file;
      if (!file) return reply;
      const token = sign({
        as,
        words: file.exportWords,
        exp: deps.clock.now().getTime() + exportLinkMinutes * 60_000,
      });
      // `as` names whom the link is for, so the web app's one check (as must be the signed-in person) covers it too.
      const url = `${request.protocol}://${request.host}/console/exports?as=${encodeURIComponent(as)}&t=${token}`;
      const link = exportText('link', locale, { file: file.name, minutes: exportLinkMinutes });
      return { ...reply, text: `${reply.text}\n${link}`, download: { name: file.name, url } };
    },
    register(app) {
      app.get<{ Querystring: { t?: string; as?: string } }>(
        '/console/exports',
        { schema: { hide: true } },
        async (request, reply) => {
          const claims = verify(String(request.query.t ?? ''));
          let locale: Locale = deps.policy.org.locale;
          try {
            if (!claims || claims.as !== request.query.as) throw forbidden('export_link_expired');
            const user = await requireUser(deps, { by: 'id', id: claims.as });
            const actor = { kind: 'user' as const, user, via: 'console' as const };
            locale = localeOf(deps, actor);
            const prepared = await prepareExportWords(deps, actor, claims.words, locale);
            const body = new PassThrough();
            prepared.writeTo(body).catch((error: unknown) => {
              request.log.error({ err: error }, 'export failed while streaming');
              body.destroy(error instanceof Error ? error : new Error(String(error)));
            });
            return reply
              .type(prepared.mime)
              .header('content-disposition', `attachment; filename="${prepared.fileName}"`)
              .header('cache-control', 'no-store')
              .send(body);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            return reply
              .code(error.kind === 'invalid' ? 400 : 403)
              .type('text/plain; charset=utf-8')
              .send(errorText(error, locale));
          }
        },
      );
    },
  };
}
