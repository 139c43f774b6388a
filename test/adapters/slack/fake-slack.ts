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
  // Every message in each conversation (a post to U… lands in D…), oldest first, as conversations.history reads them.
  messages: Map<string, StoredMessage[]>;
  // From the next call on, `method` still takes effect but its answer is withheld until the server closes: a reply lost
  // to a crash. `after` answers that many first.
  withholdAnswers(method: string, after?: number): void;
  // Calls whose answer is being withheld right now.
  withheld(): number;
  // Uploads through files.getUploadURLExternal by file id: the bytes once POSTed, and whether the upload was completed.
  uploads: Map<
    string,
    { filename: string; length: number; altText?: string; bytes?: Buffer; completed: boolean }
  >;
  // "Sign in with Slack": authorization code → the id_token claims openid.connect.token answers with (used once).
  oidcGrants: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

export interface StoredMessage {
  type: 'message';
  ts: string;
  text?: unknown;
  blocks?: unknown;
  user: string;
  bot_id: string;
  app_id: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

// Who the bot token belongs to, as auth.test answers and as every message it posts is signed.
export const fakeBot = { userId: 'U0CLOSELOOP', botId: 'B0CLOSELOOP', appId: 'A0CLOSELOOP' };

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
  const messages = new Map<string, StoredMessage[]>();
  const withholding = new Map<string, number>();
  let withheld = 0;
  const uploads: FakeSlack['uploads'] = new Map();
  const oidcGrants = new Map<string, Record<string, unknown>>();
  let base = '';
  let ts = 0;
  // A post to a user id lands in the DM channel with that user.
  const conversationOf = (channel: string) => (/^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel);

  const answer = (method: string, args: Record<string, unknown>): Reply => {
    const scripted = scripts.get(method)?.shift();
    if (scripted) return scripted;
    ts += 1;
    // Message ts are wall-clock seconds and a sequence, unique and increasing, as Slack's are.
    const stamp = `${Math.floor(Date.now() / 1000)}.${String(ts % 1_000_000).padStart(6, '0')}`;
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
        const channel = conversationOf(String(args.channel ?? ''));
        const metadata = args.metadata as StoredMessage['metadata'] | undefined;
        const list = messages.get(channel) ?? [];
        list.push({
          type: 'message',
          ts: stamp,
          text: args.text,
          blocks: args.blocks,
          user: fakeBot.userId,
          bot_id: fakeBot.botId,
          app_id: fakeBot.appId,
          ...(metadata?.event_type ? { metadata } : {}),
        });
        messages.set(channel, list);
        return { body: { ok: true, channel, ts: stamp } };
      }
      case 'auth.test':
        return {
          body: {
            ok: true,
            team_id: 'T0ACME',
            user_id: fakeBot.userId,
            bot_id: fakeBot.botId,
            user: 'closeloop',
          },
        };
      case 'conversations.open': {
        const user = String(args.users ?? '');
        return /^[UW][A-Z0-9]+$/.test(user)
          ? { body: { ok: true, channel: { id: conversationOf(user) } } }
          : { body: { ok: false, error: 'user_not_found' } };
      }
      case 'conversations.history':
        return history(args);
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
      case 'openid.connect.token': {
        const claims = oidcGrants.get(String(args.code));
        oidcGrants.delete(String(args.code));
        if (!claims || !args.client_secret) return { body: { ok: false, error: 'invalid_code' } };
        const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const idToken = [
          part({ alg: 'RS256', typ: 'JWT' }),
          part({
            iss: 'https://slack.com',
            aud: args.client_id,
            exp: Math.floor(Date.now() / 1000) + 300,
            ...claims,
          }),
          'signature',
        ].join('.');
        return { body: { ok: true, access_token: 'xoxp-oidc', token_type: 'Bearer', id_token: idToken } };
      }
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

  // Newest first, after `oldest` (exclusive unless inclusive), `limit` a page (default 100, at most 999), metadata only
  // with include_all_metadata; the cursor is where the next page starts.
  const history = (args: Record<string, unknown>): Reply => {
    const channel = String(args.channel ?? '');
    const all = messages.get(channel);
    if (!all) return { body: { ok: false, error: 'channel_not_found' } };
    const oldest = Number(args.oldest ?? 0);
    const inclusive = String(args.inclusive) === 'true';
    const withMetadata = String(args.include_all_metadata) === 'true';
    const limit = Math.min(999, Math.max(1, Number(args.limit ?? 100) || 100));
    const start = args.cursor ? Number(Buffer.from(String(args.cursor), 'base64').toString('utf8')) : 0;
    const newestFirst = all
      .filter((m) => (inclusive ? Number(m.ts) >= oldest : Number(m.ts) > oldest))
      .reverse();
    const page = newestFirst.slice(start, start + limit);
    const more = start + limit < newestFirst.length;
    return {
      body: {
        ok: true,
        messages: page.map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m)),
        has_more: more,
        response_metadata: { next_cursor: more ? Buffer.from(String(start + limit)).toString('base64') : '' },
      },
    };
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
    const answered = withholding.get(method);
    if (answered !== undefined) {
      if (answered <= 0) {
        withheld += 1;
        response.on('close', () => {
          withheld -= 1;
        });
        return;
      }
      withholding.set(method, answered - 1);
    }
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
    oidcGrants,
    script: (method, ...replies) => scripts.set(method, [...(scripts.get(method) ?? []), ...replies]),
    users,
    files,
    messages,
    withholdAnswers: (method, after = 0) => withholding.set(method, after),
    withheld: () => withheld,
    uploads,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
