// Owns the Lark adapter as the app sees it: POST /lark/events (verify, decrypt, challenge, dispatch) or the long connection.
import * as lark from '@larksuiteoapi/node-sdk';
import type { FastifyReply } from 'fastify';
import { chatFileMaxBytes } from '../../src/app/files/take-chat-file.ts';
import { sameSecret } from '../../src/app/signin/make-token.ts';
import type { Transport } from '../../src/app/transport.ts';
import type { DepsPlugin } from '../../src/http/server.ts';
import { createLarkClient, type LarkClient, larkLogger } from './client.ts';
import type { LarkConfig } from './config.ts';
import { decrypt, signatureValid, timestampFresh } from './crypto.ts';
import { envelopeSchema, handleLarkEvent, type InboundContext, type LarkEnvelope } from './handler.ts';
import { linkRosterByLarkEmail } from './people.ts';
import { createLarkTransport, type LarkTransportOptions } from './transport.ts';

export const LARK_EVENTS_PATH = '/lark/events';

export interface LarkAdapter {
  client: LarkClient;
  transport: Transport;
  plugin: DepsPlugin;
  // Resolves once every event answered so far has finished its after-the-answer work.
  idle(): Promise<void>;
}

export interface LarkAdapterOptions extends LarkTransportOptions {
  clickBudgetMs?: number;
  // The wall clock the request window is measured against (tests move it).
  now?: () => number;
  // Tests that exercise first-contact linking turn the start-up lookup off.
  linkRosterOnStart?: boolean;
}

type Opened =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'event'; envelope: LarkEnvelope }
  | { kind: 'ignored' }
  | { kind: 'rejected'; status: 400 | 401; message: string };

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

// Every check Lark's security settings call for, on the bytes exactly as they arrived.
export function openRequest(
  config: Pick<LarkConfig, 'encryptKey' | 'verificationToken'>,
  headers: Record<string, string | string[] | undefined>,
  raw: Buffer,
  nowMs: number = Date.now(),
): Opened {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { kind: 'rejected', status: 400, message: 'the body is not JSON' };
  }
  if (!body || typeof body !== 'object')
    return { kind: 'rejected', status: 400, message: 'the body is not a JSON object' };
  let payload = body as Record<string, unknown>;
  let decrypted = false;
  const signature = {
    timestamp: header(headers, 'x-lark-request-timestamp'),
    nonce: header(headers, 'x-lark-request-nonce'),
    signature: header(headers, 'x-lark-signature'),
  };
  // A signed request is judged by its signature over the raw bytes before anything is decrypted: a body encrypted
  // with another key decrypts to noise now and then (1 in ~256 passes the padding check), which must not read as a
  // malformed request rather than a forged one.
  if (config.encryptKey && signature.signature && !signatureValid(signature, raw, config.encryptKey)) {
    return { kind: 'rejected', status: 401, message: 'X-Lark-Signature does not match' };
  }
  if (typeof payload.encrypt === 'string') {
    if (!config.encryptKey) {
      return { kind: 'rejected', status: 400, message: 'encrypted body, but LARK_ENCRYPT_KEY is not set' };
    }
    const plain = decrypt(payload.encrypt, config.encryptKey);
    if (plain === null)
      return { kind: 'rejected', status: 401, message: 'the body does not decrypt with LARK_ENCRYPT_KEY' };
    try {
      payload = JSON.parse(plain) as Record<string, unknown>;
    } catch {
      return { kind: 'rejected', status: 400, message: 'the decrypted body is not JSON' };
    }
    decrypted = true;
  }
  const isChallenge = payload.type === 'url_verification';
  // With an Encrypt Key every event and callback is signed; only the URL check may come unsigned (it then proves the key by decrypting).
  if (config.encryptKey && (!isChallenge || signature.signature || !decrypted)) {
    if (!signatureValid(signature, raw, config.encryptKey)) {
      return { kind: 'rejected', status: 401, message: 'X-Lark-Signature does not match' };
    }
  }
  // The signature proves the timestamp is Lark's; a stale one is a replay. Unsigned (no Encrypt Key), a timestamp that
  // is sent is still held to the window, and event ids catch the rest.
  const signed = Boolean(config.encryptKey && signature.signature);
  if ((signed || signature.timestamp !== undefined) && !timestampFresh(signature.timestamp, nowMs)) {
    return {
      kind: 'rejected',
      status: 401,
      message: 'X-Lark-Request-Timestamp is missing, malformed or more than 5 minutes from now',
    };
  }
  const eventHeader = payload.header as { token?: unknown } | undefined;
  const token = eventHeader?.token ?? payload.token;
  // Compared in constant time: how long a refusal takes says nothing about how much of a guessed token was right.
  if (
    config.verificationToken &&
    (typeof token !== 'string' || !sameSecret(token, config.verificationToken))
  ) {
    return { kind: 'rejected', status: 401, message: 'the verification token does not match' };
  }
  if (isChallenge) {
    return typeof payload.challenge === 'string'
      ? { kind: 'challenge', challenge: payload.challenge }
      : { kind: 'rejected', status: 400, message: 'url_verification without a challenge' };
  }
  const envelope = envelopeSchema.safeParse(payload);
  // Schema 1.0 events are not subscribed to by our manifest; answering 200 stops Lark retrying them.
  return envelope.success ? { kind: 'event', envelope: envelope.data } : { kind: 'ignored' };
}

// The long connection hands events over flattened (header and event fields merged); rebuild the 2.0 envelope.
export function envelopeFromFlat(data: Record<string, unknown>): LarkEnvelope | null {
  const { schema: _schema, event_id, event_type, token, create_time, app_id, tenant_key, ...event } = data;
  if (typeof event_id !== 'string' || typeof event_type !== 'string') return null;
  return {
    schema: '2.0',
    header: {
      event_id,
      event_type,
      ...(typeof create_time === 'string' ? { create_time } : {}),
      ...(typeof app_id === 'string' ? { app_id } : {}),
    },
    // A card callback's own `token` (for delayed updates) shares the name with the header's; keep it with the event.
    event: {
      ...event,
      ...(token === undefined ? {} : { token }),
      ...(tenant_key === undefined ? {} : { tenant_key }),
    },
  };
}

// The events and callback enabled in manifest/lark.md; the long connection registers exactly these.
export const LARK_SUBSCRIPTIONS = [
  'im.message.receive_v1',
  'card.action.trigger',
  'im.chat.member.bot.added_v1',
  'im.chat.access_event.bot_p2p_chat_entered_v1',
];

// The dispatcher the WSClient feeds; its answer to card.action.trigger goes back over the socket.
export function wsDispatcher(handle: (envelope: LarkEnvelope) => Promise<unknown>): lark.EventDispatcher {
  const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error, logger: larkLogger });
  const handles: Record<string, (data: Record<string, unknown>) => Promise<unknown>> = {};
  for (const type of LARK_SUBSCRIPTIONS) {
    handles[type] = async (data) => {
      const envelope = envelopeFromFlat(data);
      return envelope ? handle(envelope) : {};
    };
  }
  return dispatcher.register(handles);
}

export function createLarkAdapter(config: LarkConfig, options: LarkAdapterOptions = {}): LarkAdapter {
  const client = createLarkClient(config);
  const pending = new Set<Promise<void>>();

  const plugin: DepsPlugin = async (app, { deps }) => {
    const ctx: InboundContext = {
      deps,
      client,
      log: (what, error) => app.log.error({ err: error }, `lark ${what} failed`),
      later: (work) => {
        const run = work().catch((error: unknown) => app.log.error({ err: error }, 'lark event failed'));
        pending.add(run);
        void run.finally(() => pending.delete(run));
      },
      ...(options.clickBudgetMs === undefined ? {} : { clickBudgetMs: options.clickBudgetMs }),
      ...(config.dataDir ? { files: { dataDir: config.dataDir, maxBytes: chatFileMaxBytes } } : {}),
    };

    // Cards reach a person on Lark only once their open_id is known; look the whole roster up at start, in the background.
    let closing = false;
    let linking: Promise<unknown> = Promise.resolve();
    if (options.linkRosterOnStart !== false) {
      app.addHook('onReady', async () => {
        ctx.later(async () => {
          linking = linkRosterByLarkEmail(deps, client, { stopped: () => closing }).catch((error: unknown) =>
            app.log.error({ err: error }, 'lark roster linking failed'),
          );
          await linking;
        });
      });
      app.addHook('onClose', async () => {
        closing = true;
        await linking;
      });
    }

    if (config.mode === 'ws') {
      const ws = new lark.WSClient({
        appId: config.appId,
        appSecret: config.appSecret,
        domain: config.domain,
        loggerLevel: lark.LoggerLevel.error,
        logger: larkLogger,
        onError: (error) => app.log.error({ err: error }, 'lark long connection failed'),
      });
      app.addHook('onReady', async () => {
        void ws.start({ eventDispatcher: wsDispatcher((envelope) => handleLarkEvent(ctx, envelope)) });
      });
      app.addHook('onClose', async () => ws.close({ force: true }));
      return;
    }

    // Signatures cover the bytes as sent, so this scope keeps the raw body instead of parsed JSON.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    // Lark's 3 s run from when the request reached us, not from when its handler got a turn.
    const arrivals = new WeakMap<object, number>();
    app.addHook('onRequest', async (request) => {
      arrivals.set(request.raw, performance.now());
    });
    app.post(LARK_EVENTS_PATH, { schema: { hide: true } }, async (request, reply: FastifyReply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const opened = openRequest(config, request.headers, raw, (options.now ?? Date.now)());
      if (opened.kind === 'rejected') {
        request.log.warn({ reason: opened.message }, 'lark request rejected');
        return reply
          .code(opened.status)
          .send({ error: opened.status === 401 ? 'unauthorized' : 'bad_request', message: opened.message });
      }
      if (opened.kind === 'challenge') return reply.code(200).send({ challenge: opened.challenge });
      if (opened.kind === 'ignored') return reply.code(200).send({});
      const receivedAt = arrivals.get(request.raw) ?? performance.now();
      return reply.code(200).send(await handleLarkEvent(ctx, opened.envelope, receivedAt));
    });
  };

  return {
    client,
    transport: createLarkTransport(client, options),
    plugin,
    idle: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
