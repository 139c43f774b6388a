// Owns sending to Lark: post a card (im.v1.message.create, deduped by uuid, or an ephemeral card only one person in a
// group sees) and edit it (im.v1.message.patch), paced and retried.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ExportedFile } from '../../src/app/exports/export-file.ts';
import {
  CredentialsRefusedError,
  RetryableSendError,
  type SendRequest,
  type Transport,
} from '../../src/app/transport.ts';
import { type ChartPng, uploadCardCharts } from '../../src/charts/chart-images.ts';
import type { ChartRenderer } from '../../src/charts/chart-renderer.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { exportDeliveryText } from '../../src/messages/catalogue/export-delivery.ts';
import type { Card, CardFile, Locale } from '../../src/messages/model.ts';
import { type LarkClient, larkLogger } from './client.ts';
import { createPacer, type Pacer, type PacerClock, realPacerClock } from './pacing.ts';
import { type LarkCard, renderCard } from './render.ts';
import { replyCard, replyOf } from './replies.ts';

// Lark's published limits for bots: message create 50/s and 1,000/min per app, 5/s per chat or user; patch 5/s per message.
const appWide = [
  { count: 50, ms: 1_000 },
  { count: 1_000, ms: 60_000 },
];
const perConversation = { count: 5, ms: 1_000 };
const perMessage = { count: 5, ms: 1_000 };
// Ephemeral cards: 40/s into one group.
const perGroupEphemeral = { count: 40, ms: 1_000 };

const RATE_LIMITED = 99991400;
// "The request triggered the frequency limit" of one chat or message; worth a short wait, not a dead letter.
const CHAT_RATE_LIMITED = new Set([230020, 230049]);

// Lark keeps a create's uuid for an hour and answers a repeat with the first message: a retry can never post twice.
export function messageUuid(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
}

// What kind of id a destination is decides receive_id_type: oc_ chats, ou_ users (open_id), on_ union ids.
export function receiveIdType(destination: string): 'chat_id' | 'open_id' | 'union_id' | 'user_id' | 'email' {
  if (destination.startsWith('oc_')) return 'chat_id';
  if (destination.startsWith('ou_')) return 'open_id';
  if (destination.startsWith('on_')) return 'union_id';
  if (destination.includes('@')) return 'email';
  return 'user_id';
}

// A reply in a group goes to the asker alone: "ephemeral:<chat_id>:<open_id>" names that person in that chat.
const EPHEMERAL = 'ephemeral:';

export function privateDestination(chatId: string, openId: string): string {
  return `${EPHEMERAL}${chatId}:${openId}`;
}

export function ephemeralTarget(destination: string): { chatId: string; openId: string } | null {
  if (!destination.startsWith(EPHEMERAL)) return null;
  const [chatId, openId] = destination.slice(EPHEMERAL.length).split(':');
  return chatId && openId ? { chatId, openId } : null;
}

interface LarkReply {
  code?: number;
  msg?: string;
  data?: { message_id?: string };
}

interface HttpFailure {
  response?: { status?: number; headers?: Record<string, unknown>; data?: LarkReply };
  message?: string;
  // The request that failed (axios): the tenant token's own call, or the API call it was for.
  config?: { url?: string };
}

const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token';

function resetMs(headers: Record<string, unknown> | undefined): number | undefined {
  const raw = headers?.['x-ogw-ratelimit-reset'];
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
}

// Maps what the SDK threw to retryable (429, 5xx, network, rate-limit codes) or permanent (anything else).
function failureOf(what: string, error: unknown): Error {
  const e = error as HttpFailure;
  const status = e.response?.status;
  const body = e.response?.data;
  const detail =
    `${what} failed: ${status ?? 'no response'}${body?.code ? ` code ${body.code}` : ''} ${body?.msg ?? e.message ?? ''}`.trim();
  if (status === undefined) return new RetryableSendError(detail);
  // Lark refused the tenant token itself (a wrong or rotated app secret, a disabled app): the admin's to fix, not
  // the card's fault, so the card waits for it instead of being dead-lettered.
  if (status < 500 && status !== 429 && e.config?.url?.includes(TOKEN_PATH))
    return new CredentialsRefusedError(`tenant token refused, ${detail}`);
  if (status === 429 || body?.code === RATE_LIMITED) {
    return new RetryableSendError(detail, resetMs(e.response?.headers) ?? 1_000);
  }
  if (status >= 500) return new RetryableSendError(detail);
  if (body?.code !== undefined && CHAT_RATE_LIMITED.has(body.code))
    return new RetryableSendError(detail, 1_000);
  return new Error(detail);
}

function checked(what: string, reply: LarkReply | undefined): LarkReply {
  const code = reply?.code ?? 0;
  if (code === 0) return reply ?? {};
  const detail = `${what} failed: code ${code} ${reply?.msg ?? ''}`.trim();
  if (code === RATE_LIMITED || CHAT_RATE_LIMITED.has(code)) throw new RetryableSendError(detail, 1_000);
  throw new Error(detail);
}

async function createMessage(
  client: LarkClient,
  receiveId: string,
  card: LarkCard | { file_key: string },
  uuid: string,
  msgType: 'interactive' | 'file' = 'interactive',
) {
  const reply = await client.im.v1.message
    .create({
      params: { receive_id_type: receiveIdType(receiveId) },
      data: { receive_id: receiveId, msg_type: msgType, content: JSON.stringify(card), uuid },
    })
    .catch((error: unknown) => {
      throw failureOf('im.v1.message.create', error);
    });
  const messageId = checked('im.v1.message.create', reply).data?.message_id;
  if (!messageId) throw new Error('im.v1.message.create answered without a message_id');
  return messageId;
}

// POST /open-apis/ephemeral/v1/send has no SDK method; the generic request still carries the cached tenant token.
async function sendEphemeral(client: LarkClient, target: { chatId: string; openId: string }, card: LarkCard) {
  const reply = (await client
    .request({
      method: 'POST',
      url: '/open-apis/ephemeral/v1/send',
      data: { chat_id: target.chatId, open_id: target.openId, msg_type: 'interactive', card },
    })
    .catch((error: unknown) => {
      throw failureOf('ephemeral.v1.send', error);
    })) as LarkReply | undefined;
  const messageId = checked('ephemeral.v1.send', reply).data?.message_id;
  if (!messageId) throw new Error('ephemeral.v1.send answered without a message_id');
  return messageId;
}

// One card to a chat, a person, or one person inside a group. Lark refuses ephemeral cards in topic groups and to
// people who left the chat; the answer then goes to the person directly, so it is never lost.
export async function sendLarkCard(
  client: LarkClient,
  destination: string,
  card: LarkCard,
  idempotencyKey: string,
): Promise<string> {
  const target = ephemeralTarget(destination);
  if (!target) return createMessage(client, destination, card, messageUuid(idempotencyKey));
  try {
    return await sendEphemeral(client, target, card);
  } catch (error) {
    if (error instanceof RetryableSendError) throw error;
    return createMessage(client, target.openId, card, messageUuid(idempotencyKey));
  }
}

type UploadReply = { code?: number; msg?: string; data?: Record<string, unknown> } & Record<string, unknown>;

// The SDK hands back the answer's data ({ image_key } / { file_key }); a non-zero code arrives as the whole answer.
function uploadedKey(what: string, reply: UploadReply | null, field: 'image_key' | 'file_key'): string {
  if (reply?.code) checked(what, { code: reply.code, ...(reply.msg ? { msg: reply.msg } : {}) });
  const key = reply?.[field] ?? reply?.data?.[field];
  if (typeof key !== 'string' || !key) throw new Error(`${what} answered without a ${field}`);
  return key;
}

// POST /open-apis/im/v1/images (multipart, image_type=message) → the image_key a card's img element names.
export async function uploadLarkImage(client: LarkClient, picture: ChartPng): Promise<string> {
  const reply = (await client.im.v1.image
    .create({ data: { image_type: 'message', image: picture.png } })
    .catch((error: unknown) => {
      throw failureOf('im.v1.image.create', error);
    })) as UploadReply | null;
  return uploadedKey('im.v1.image.create', reply, 'image_key');
}

// Lark refuses files over 30 MB (and empty ones) at POST /open-apis/im/v1/files.
export const larkFileMaxBytes = 30 * 1024 * 1024;

// POST /open-apis/im/v1/files (multipart: file_type, file_name, file streamed from disk) → the file_key a file
// message names. xlsx goes as `xls` (Lark's spreadsheet type), anything else as `stream`.
export async function uploadLarkFile(client: LarkClient, made: ExportedFile): Promise<string> {
  const reply = (await client.im.v1.file
    .create({
      data: {
        file_type: made.name.endsWith('.xlsx') ? 'xls' : 'stream',
        file_name: made.name,
        file: createReadStream(made.path),
      },
    })
    .catch((error: unknown) => {
      throw failureOf('im.v1.file.create', error);
    })) as UploadReply | null;
  return uploadedKey('im.v1.file.create', reply, 'file_key');
}

// Makes a card's promised file (an export) as its asker; wired in main.ts, where the app's deps are.
export type MakeCardFile = (file: CardFile, locale: Locale) => Promise<ExportedFile>;

export interface LarkTransportOptions {
  pacer?: Pacer;
  pacerClock?: PacerClock;
  // Draws a card's charts; without it a chart shows as its alt text.
  charts?: ChartRenderer;
  // Makes the file a card promises its reader; without it the card goes alone.
  files?: MakeCardFile;
  // Where the warning that Lark refused the app's credentials goes (the redacting Lark logger by default).
  warn?: (text: string) => void;
}

// Keys in the outbox row's uploads: the card already posted, and the file_key of the file already uploaded.
const POSTED_CARD = 'lark:posted-card';
const UPLOADED_FILE = 'lark:file';

// Lark's image upload limit: 1,000 a minute and 50 a second per app, like message create.
const imageUploads = { count: 50, ms: 1_000 };
// Export files are few and large: at most 5 uploads a second per app, far below what Lark allows.
const fileUploads = { count: 5, ms: 1_000 };

export function createLarkTransport(client: LarkClient, options: LarkTransportOptions = {}): Transport {
  const pacer = options.pacer ?? createPacer(appWide, options.pacerClock ?? realPacerClock);
  // Uploads the card's charts once per outbox row (a retry reuses the image_keys) and renders the card with them.
  async function cardOf(request: SendRequest): Promise<LarkCard> {
    const charts = options.charts;
    const images =
      charts && request.card.charts?.length
        ? await uploadCardCharts(request.card, request.locale, {
            platform: 'lark',
            renderer: charts,
            uploads: request.uploads,
            upload: async (picture) => {
              await pacer.wait('images', imageUploads);
              return uploadLarkImage(client, picture);
            },
          })
        : [];
    return renderCard(request.card, request.locale, { images });
  }
  // The file a card promises, to its reader's direct chat (files cannot be ephemeral): made and uploaded once per
  // outbox row (a retry reuses the file_key), sent as a file message deduped on its own uuid.
  async function sendFile(request: SendRequest, file: CardFile, make: MakeCardFile): Promise<void> {
    const target = ephemeralTarget(request.destination);
    const to = target ? target.openId : request.destination;
    let fileKey = request.uploads?.get(UPLOADED_FILE);
    if (!fileKey) {
      let made: ExportedFile;
      try {
        made = await make(file, request.locale);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const refused = replyCard(replyOf(error, request.locale));
        await sendLarkCard(client, to, renderCard(refused, request.locale), `${request.idempotencyKey}:file`);
        return;
      }
      try {
        if (made.bytes > larkFileMaxBytes) {
          const tooBig = exportDeliveryText('tooBig', request.locale, {
            file: made.name,
            rows: made.rows,
            mb: (made.bytes / 1024 / 1024).toFixed(1),
            limit: larkFileMaxBytes / 1024 / 1024,
          });
          const card: Card = { title: '', body: tooBig, fields: [], actions: [], tone: 'warning' };
          await sendLarkCard(client, to, renderCard(card, request.locale), `${request.idempotencyKey}:file`);
          return;
        }
        await pacer.wait('files', fileUploads);
        fileKey = await uploadLarkFile(client, made);
        await request.uploads?.remember(UPLOADED_FILE, fileKey);
      } finally {
        await made.remove();
      }
    }
    await pacer.wait(`to:${to}`, perConversation);
    await createMessage(
      client,
      to,
      { file_key: fileKey },
      messageUuid(`${request.idempotencyKey}:file`),
      'file',
    );
  }
  const warn = options.warn ?? ((text: string) => larkLogger.warn(text));
  // Says in the log, for the admin, why cards stopped going and what fixes it; the error holds no secret. Once per
  // spell of refusals (every retried card would repeat it): a send that works ends the spell.
  let refusing = false;
  async function watched<T>(work: () => Promise<T>): Promise<T> {
    try {
      const done = await work();
      refusing = false;
      return done;
    } catch (error) {
      if (error instanceof CredentialsRefusedError && !refusing)
        warn(
          `Lark refused the app's credentials (${error.message}); cards wait and are retried with backoff until LARK_APP_ID / LARK_APP_SECRET are right`,
        );
      if (error instanceof CredentialsRefusedError) refusing = true;
      throw error;
    }
  }
  return {
    platform: 'lark',
    post: (request) =>
      watched(async () => {
        // A retry after the file failed does not post the card again (an ephemeral card has no uuid to dedupe on).
        const posted = request.uploads?.get(POSTED_CARD);
        let messageId = posted;
        if (!messageId) {
          const target = ephemeralTarget(request.destination);
          await (target
            ? pacer.wait(`ephemeral:${target.chatId}`, perGroupEphemeral)
            : pacer.wait(`to:${request.destination}`, perConversation));
          const card = await cardOf(request);
          messageId = await sendLarkCard(client, request.destination, card, request.idempotencyKey);
        }
        const file = request.card.file;
        if (file && options.files) {
          if (!posted) await request.uploads?.remember(POSTED_CARD, messageId);
          await sendFile(request, file, options.files);
        }
        return { messageId };
      }),
    update: (request) =>
      watched(async () => {
        // Lark has no edit for an ephemeral card outside its own click's answer.
        if (ephemeralTarget(request.destination))
          throw new Error(`an ephemeral card cannot be edited (${request.destination})`);
        await pacer.wait(`message:${request.messageId}`, perMessage);
        const reply = await client.im.v1.message
          .patch({
            path: { message_id: request.messageId },
            data: { content: JSON.stringify(await cardOf(request)) },
          })
          .catch((error: unknown) => {
            throw failureOf('im.v1.message.patch', error);
          });
        checked('im.v1.message.patch', reply);
      }),
  };
}
