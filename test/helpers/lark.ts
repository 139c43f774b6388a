// A local stand-in for the Lark open platform (records every API call); inbound requests come from lark-inbound.ts.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatWithOptions } from 'node:util';
import { answerLarkOAuth, type FakeLarkOAuth, fakeLarkOAuth } from './lark-oauth.ts';
import { multipartParts } from './multipart.ts';

export * from './lark-inbound.ts';

export interface LarkCall {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  // The message_id a create was answered with.
  messageId?: string;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

export interface SentCard {
  op: 'create' | 'patch' | 'ephemeral';
  // receive_id of a create, message_id of a patch, chat_id of an ephemeral card.
  to: string;
  // Who alone sees an ephemeral card.
  openId?: string;
  card: Record<string, unknown>;
  uuid?: string;
  messageId?: string;
}

export interface FakeLark {
  url: string;
  calls: LarkCall[];
  // API calls other than the token fetch, in order.
  apiCalls(): LarkCall[];
  // Sent cards: every create/patch/ephemeral send with its content parsed.
  cards(): SentCard[];
  // The next `times` calls whose "METHOD /path" starts with `route` get this answer instead.
  failNext(route: string, answer: ScriptedAnswer, times?: number): void;
  // Email → open_id, as contact batch_get_id answers it.
  directory: Map<string, string>;
  // Messages people sent, for GET /open-apis/im/v1/messages/{id}: their type and content JSON.
  messages: Map<string, { msgType: string; content: string }>;
  // File bytes by "<message_id>/<file_key>", for GET …/messages/{id}/resources/{key}?type=file.
  resources: Map<string, Buffer>;
  // Message creates that made a new message (a repeated uuid within the hour makes none).
  created(): number;
  // From the next call on, calls whose "METHOD /path" starts with `route` still take effect but their answer is withheld
  // until the server closes: a reply lost to a crash. `after` answers that many first.
  withholdAnswers(route: string, after?: number): void;
  withheld(): number;
  // Moves the fake's clock (uuid dedupe lasts an hour).
  advance(ms: number): void;
  // Pictures uploaded through POST /open-apis/im/v1/images, by the image_key they were answered with.
  images: Map<string, { imageType: string; bytes: Buffer; contentType: string }>;
  // Files uploaded through POST /open-apis/im/v1/files, by the file_key they were answered with.
  files: Map<string, { fileType: string; fileName: string; bytes: Buffer }>;
  // Sign-in: the app's OAuth client and the codes Lark's authorize page would hand out.
  oauth: FakeLarkOAuth;
  close(): Promise<void>;
}

// Lark keeps a message create's uuid for an hour: a repeat within it gets the first message back and posts nothing.
const UUID_WINDOW_MS = 3_600_000;

const EPHEMERAL_PATH = '/open-apis/ephemeral/v1/send';

// Every img element of a card (at any depth) names an image_key; the first one this app never uploaded, if any.
function unknownImageKey(card: unknown, images: Map<string, unknown>): string | null {
  if (Array.isArray(card)) {
    for (const item of card) {
      const found = unknownImageKey(item, images);
      if (found) return found;
    }
    return null;
  }
  if (!card || typeof card !== 'object') return null;
  const node = card as Record<string, unknown>;
  if (node.tag === 'img' && !images.has(String(node.img_key))) return String(node.img_key);
  for (const value of Object.values(node)) {
    const found = unknownImageKey(value, images);
    if (found) return found;
  }
  return null;
}

export async function startFakeLark(): Promise<FakeLark> {
  const calls: LarkCall[] = [];
  const scripted: { route: string; answer: ScriptedAnswer; times: number }[] = [];
  const byUuid = new Map<string, { messageId: string; at: number }>();
  const withholding: { route: string; after: number }[] = [];
  let withheld = 0;
  let skew = 0;
  let created = 0;
  const now = () => Date.now() + skew;
  const directory = new Map<string, string>();
  const messages = new Map<string, { msgType: string; content: string }>();
  const resources = new Map<string, Buffer>();
  const images: FakeLark['images'] = new Map();
  const files: FakeLark['files'] = new Map();
  const oauth = fakeLarkOAuth();
  let counter = 0;

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const contentType = req.headers['content-type'] ?? '';
    // A multipart upload is read part by part: a file part (filename or its own content type) as bytes, a field as text.
    const boundary = /^multipart\/form-data;\s*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    const form = boundary ? multipartParts(bytes, boundary) : null;
    const formBody: Record<string, unknown> = Object.fromEntries(
      (form ?? []).map((part) => [part.name, part.file ? part.bytes : part.bytes.toString('utf8')]),
    );
    const call: LarkCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: form ? formBody : raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
    };
    calls.push(call);
    const route = `${call.method} ${call.path}`;
    const hold = withholding.find((w) => route.startsWith(w.route));
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (hold && hold.after-- <= 0) {
        withheld += 1;
        res.on('close', () => {
          withheld -= 1;
        });
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const cardContent =
      typeof call.body.content === 'string' ? call.body.content : JSON.stringify(call.body.card ?? null);
    if (call.path.startsWith('/open-apis/im/v1/messages') || call.path === EPHEMERAL_PATH) {
      const unknown = call.method === 'GET' ? null : unknownImageKey(JSON.parse(cardContent), images);
      // Lark refuses a card whose img element names an image this app did not upload.
      if (unknown)
        return send(400, {
          code: 230099,
          msg: `Failed to create card content, image_key ${unknown} invalid`,
        });
    }
    const script = scripted.find((s) => route.startsWith(s.route) && s.times > 0);
    if (script) {
      script.times -= 1;
      return send(script.answer.status, script.answer.body, script.answer.headers);
    }
    if (route === 'POST /open-apis/auth/v3/tenant_access_token/internal') {
      return send(200, { code: 0, msg: 'ok', tenant_access_token: 't-test-token', expire: 7200 });
    }
    if (route === 'POST /open-apis/im/v1/images') {
      const image = call.body.image;
      const imageType = String(call.body.image_type ?? '');
      if (call.headers.authorization !== 'Bearer t-test-token')
        return send(401, { code: 99991663, msg: 'invalid token' });
      if (!form || !Buffer.isBuffer(image) || image.length === 0) {
        return send(400, { code: 234001, msg: 'Invalid request param: image' });
      }
      if (imageType !== 'message' && imageType !== 'avatar') {
        return send(400, { code: 234001, msg: 'Invalid request param: image_type' });
      }
      counter += 1;
      const key = `img_v3_${String(counter).padStart(4, '0')}`;
      const part = form.find((p) => p.name === 'image');
      images.set(key, {
        imageType,
        bytes: image,
        contentType: part?.contentType ?? '',
      });
      return send(200, { code: 0, msg: 'success', data: { image_key: key } });
    }
    if (route === 'POST /open-apis/im/v1/messages') {
      // A file message must name a file this app uploaded.
      if (call.body.msg_type === 'file') {
        const key = (JSON.parse(cardContent) as { file_key?: unknown } | null)?.file_key;
        if (typeof key !== 'string' || !files.has(key))
          return send(400, { code: 230001, msg: `file_key ${String(key)} invalid` });
      }
      // Lark answers a repeated uuid with the message it already sent.
      const uuid = String(call.body.uuid ?? '');
      if (uuid.length > 50) return send(400, { code: 99992402, msg: 'field validation failed: uuid' });
      const kept = uuid ? byUuid.get(uuid) : undefined;
      const existing = kept && now() - kept.at < UUID_WINDOW_MS ? kept.messageId : undefined;
      counter += existing ? 0 : 1;
      created += existing ? 0 : 1;
      const messageId = existing ?? `om_${String(counter).padStart(4, '0')}`;
      if (uuid && !existing) byUuid.set(uuid, { messageId, at: now() });
      call.messageId = messageId;
      return send(200, { code: 0, msg: 'success', data: { message_id: messageId, msg_type: 'interactive' } });
    }
    if (route === `POST ${EPHEMERAL_PATH}`) {
      counter += 1;
      const messageId = `om_eph_${String(counter).padStart(4, '0')}`;
      call.messageId = messageId;
      return send(200, { code: 0, msg: 'success', data: { message_id: messageId } });
    }
    if (call.method === 'PATCH' && call.path.startsWith('/open-apis/im/v1/messages/')) {
      return send(200, { code: 0, msg: 'success', data: {} });
    }
    const resource = /^GET \/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(route);
    if (resource) {
      const bytes = resources.get(`${resource[1]}/${resource[2]}`);
      // Pictures (img_…) are fetched as type=image, everything else as type=file.
      const image = resource[2]?.startsWith('img_') ?? false;
      const typeOk = call.query.type === (image ? 'image' : 'file');
      if (!bytes || !typeOk || call.headers.authorization !== 'Bearer t-test-token') {
        return send(400, { code: 234003, msg: 'File not in msg.' });
      }
      res.writeHead(200, { 'content-type': image ? 'image/png' : 'application/octet-stream' });
      res.end(bytes);
      return;
    }
    const got = /^GET \/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(route);
    if (got) {
      const found = messages.get(got[1] ?? '');
      if (!found) return send(400, { code: 230001, msg: 'message not found' });
      return send(200, {
        code: 0,
        msg: 'success',
        data: {
          items: [
            {
              message_id: got[1],
              msg_type: found.msgType,
              body: { content: found.content },
              chat_id: 'oc_any',
              deleted: false,
              updated: false,
            },
          ],
        },
      });
    }
    if (route === 'POST /open-apis/contact/v3/users/batch_get_id') {
      const emails = (call.body.emails as string[] | undefined) ?? [];
      return send(200, {
        code: 0,
        msg: 'success',
        data: {
          user_list: emails.map((email) =>
            directory.has(email) ? { email, user_id: directory.get(email) } : { email },
          ),
        },
      });
    }
    if (route === 'POST /open-apis/im/v1/files') {
      const file = call.body.file;
      const fileType = String(call.body.file_type ?? '');
      if (call.headers.authorization !== 'Bearer t-test-token')
        return send(401, { code: 99991663, msg: 'invalid token' });
      // Lark refuses empty files, files over 30 MB and types it does not know.
      if (!Buffer.isBuffer(file) || file.length === 0 || file.length > 30 * 1024 * 1024)
        return send(400, { code: 234001, msg: 'Invalid request param: file' });
      if (!['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream'].includes(fileType))
        return send(400, { code: 234001, msg: 'Invalid request param: file_type' });
      counter += 1;
      const key = `file_v3_${String(counter).padStart(4, '0')}`;
      files.set(key, { fileType, fileName: String(call.body.file_name ?? ''), bytes: file });
      return send(200, { code: 0, msg: 'success', data: { file_key: key } });
    }
    if (answerLarkOAuth(oauth, route, call, send)) return;
    return send(404, { code: 404, msg: `fake Lark has no ${route}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    directory,
    messages,
    resources,
    created: () => created,
    withholdAnswers: (route, after = 0) => {
      withholding.splice(0, withholding.length, ...withholding.filter((w) => w.route !== route), {
        route,
        after,
      });
    },
    withheld: () => withheld,
    advance: (ms) => {
      skew += ms;
    },
    images,
    files,
    oauth,
    apiCalls: () => calls.filter((c) => !c.path.startsWith('/open-apis/auth/')),
    cards: () =>
      calls
        .filter((c) => c.path.startsWith('/open-apis/im/v1/messages') || c.path === EPHEMERAL_PATH)
        .map((c) =>
          c.path === EPHEMERAL_PATH
            ? {
                op: 'ephemeral' as const,
                to: String(c.body.chat_id),
                openId: String(c.body.open_id),
                card: c.body.card as Record<string, unknown>,
                ...(c.messageId ? { messageId: c.messageId } : {}),
              }
            : {
                op: c.method === 'PATCH' ? ('patch' as const) : ('create' as const),
                to: c.method === 'PATCH' ? (c.path.split('/').pop() ?? '') : String(c.body.receive_id),
                card: JSON.parse(String(c.body.content)) as Record<string, unknown>,
                ...(c.body.uuid ? { uuid: String(c.body.uuid) } : {}),
                ...(c.messageId ? { messageId: c.messageId } : {}),
              },
        ),
    failNext: (route, answer, times = 1) => {
      scripted.push({ route, answer, times });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// A log sink for the Lark client and transport that keeps each line as the console would have printed it.
export function larkLogRecorder(): { logged: string[]; record: (...parts: unknown[]) => void } {
  const logged: string[] = [];
  return { logged, record: (...parts) => logged.push(formatWithOptions({ depth: 10 }, ...parts)) };
}
