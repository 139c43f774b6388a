// A local stand-in for slack.com on 127.0.0.1: records every Web API and response_url call and answers like Slack.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  // "chat.postMessage", or "response_url" for a POST to a response URL.
  method: string;
  // Form fields with JSON-valued ones (blocks, view) parsed; or the JSON body.
  args: Record<string, unknown>;
  authorization: string | undefined;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface FakeSlack {
  // What SLACK_API_URL is set to.
  apiUrl: string;
  responseUrl(name: string): string;
  calls: ApiCall[];
  callsTo(method: string): ApiCall[];
  // The next calls of `method` get these replies, in order, before the default answers.
  script(method: string, ...replies: Reply[]): void;
  // Slack ids and their profile emails, for users.info and users.lookupByEmail.
  users: Map<string, string>;
  // Uploaded files by id, for files.info and the url_private_download it names (GET /download/<id>).
  files: Map<string, { name: string; mimetype: string; bytes: Buffer }>;
  // Uploads through files.getUploadURLExternal by file id: the bytes once POSTed, and whether the upload was completed.
  uploads: Map<
    string,
    { filename: string; length: number; altText?: string; bytes?: Buffer; completed: boolean }
  >;
  close(): Promise<void>;
}

const jsonFields = new Set(['blocks', 'view', 'attachments', 'metadata', 'files']);

// Slack refuses blocks that show a file it cannot show: an image block's slack_file must be a completed upload.
function unknownImage(blocks: unknown, uploads: FakeSlack['uploads']): string | null {
  if (!Array.isArray(blocks)) return null;
  for (const block of blocks as { type?: string; slack_file?: { id?: string }; alt_text?: string }[]) {
    if (block.type !== 'image') continue;
    const id = block.slack_file?.id;
    if (!id || !uploads.get(id)?.completed || !block.alt_text) return id ?? '(no slack_file.id)';
  }
  return null;
}

function parse(raw: string, type: string | undefined): Record<string, unknown> {
  if (type?.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = jsonFields.has(key) ? JSON.parse(value) : value;
  }
  return out;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: ApiCall[] = [];
  const scripts = new Map<string, Reply[]>();
  const users = new Map<string, string>();
  const files = new Map<string, { name: string; mimetype: string; bytes: Buffer }>();
  const uploads: FakeSlack['uploads'] = new Map();
  let base = '';
  let ts = 0;

  const answer = (method: string, args: Record<string, unknown>): Reply => {
    const scripted = scripts.get(method)?.shift();
    if (scripted) return scripted;
    ts += 1;
    const stamp = `1700000000.${String(ts).padStart(6, '0')}`;
    const blocks = args.blocks;
    if (unknownImage(blocks, uploads)) return { body: { ok: false, error: 'invalid_blocks' } };
    switch (method) {
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (!args.filename || !Number.isInteger(length) || length <= 0) {
          return { body: { ok: false, error: 'missing_argument' } };
        }
        const alt = args.alt_text === undefined ? undefined : String(args.alt_text);
        if (alt && alt.length > 1000) return { body: { ok: false, error: 'alt_txt_too_large' } };
        const id = `F${String(ts).padStart(8, '0')}`;
        uploads.set(id, {
          filename: String(args.filename),
          length,
          ...(alt ? { altText: alt } : {}),
          completed: false,
        });
        return { body: { ok: true, upload_url: `${base}/upload/${id}`, file_id: id } };
      }
      case 'files.completeUploadExternal': {
        const list = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : [];
        // Completing a file whose bytes never arrived (or arrived short) fails, as on Slack.
        const bad = list.find((f) => {
          const u = uploads.get(String(f.id));
          return !u?.bytes || u.bytes.length !== u.length;
        });
        if (list.length === 0 || bad) return { body: { ok: false, error: 'file_not_found' } };
        for (const f of list) {
          const u = uploads.get(String(f.id));
          if (u) u.completed = true;
        }
        return {
          body: {
            ok: true,
            files: list.map((f) => ({ id: f.id, title: f.title ?? uploads.get(String(f.id))?.filename })),
          },
        };
      }
      case 'chat.postMessage': {
        const channel = String(args.channel ?? '');
        // A post to a user id lands in the DM channel with that user.
        return {
          body: { ok: true, channel: /^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel, ts: stamp },
        };
      }
      case 'chat.update':
        return { body: { ok: true, channel: args.channel, ts: args.ts } };
      case 'chat.postEphemeral':
        return { body: { ok: true, message_ts: stamp } };
      case 'views.open':
      case 'views.publish':
        return { body: { ok: true, view: { id: `V${ts}`, ...(args.view as object) } } };
      case 'users.info': {
        const email = users.get(String(args.user));
        return email
          ? { body: { ok: true, user: { id: args.user, profile: { email } } } }
          : { body: { ok: false, error: 'user_not_found' } };
      }
      case 'users.lookupByEmail': {
        const id = [...users].find(([, e]) => e === args.email)?.[0];
        return id
          ? { body: { ok: true, user: { id, profile: { email: args.email } } } }
          : { body: { ok: false, error: 'users_not_found' } };
      }
      case 'response_url':
        return { body: { ok: true } };
      case 'files.info': {
        const file = files.get(String(args.file));
        return file
          ? {
              body: {
                ok: true,
                file: {
                  id: args.file,
                  name: file.name,
                  mimetype: file.mimetype,
                  size: file.bytes.length,
                  url_private: `${base}/files-pri/${String(args.file)}/${encodeURIComponent(file.name)}`,
                  url_private_download: `${base}/download/${String(args.file)}/${encodeURIComponent(file.name)}`,
                },
              },
            }
          : { body: { ok: false, error: 'file_not_found' } };
      }
      default:
        return { body: { ok: false, error: 'unknown_method' } };
    }
  };

  const server: Server = createServer(async (request, response) => {
    const path = request.url ?? '';
    if (path.startsWith('/upload/')) {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const id = path.split('/')[2] ?? '';
      const upload = uploads.get(id);
      calls.push({
        method: 'upload',
        args: { fileId: id, bytes: Buffer.concat(chunks), contentType: request.headers['content-type'] },
        authorization: request.headers.authorization,
      });
      if (!upload || request.method !== 'POST') {
        response.writeHead(404);
        response.end();
        return;
      }
      upload.bytes = Buffer.concat(chunks);
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`OK - ${upload.bytes.length}`);
      return;
    }
    const raw = await bodyOf(request);
    if (path.startsWith('/download/')) {
      calls.push({ method: 'download', args: { path }, authorization: request.headers.authorization });
      const file = files.get(path.split('/')[2] ?? '');
      // Slack answers a download without a valid token with its sign-in page, not the file.
      if (!file || request.headers.authorization !== 'Bearer xoxb-test-token') {
        response.writeHead(file ? 302 : 404, { location: '/signin' });
        response.end();
        return;
      }
      response.writeHead(200, { 'content-type': file.mimetype });
      response.end(file.bytes);
      return;
    }
    const method = path.startsWith('/response/') ? 'response_url' : path.replace(/^\/api\//, '');
    const args = parse(raw, request.headers['content-type']);
    calls.push({ method, args, authorization: request.headers.authorization });
    const reply = answer(method, args);
    response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    response.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (name) => `${base}/response/${name}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    script: (method, ...replies) => scripts.set(method, [...(scripts.get(method) ?? []), ...replies]),
    users,
    files,
    uploads,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
