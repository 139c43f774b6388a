// Owns sending to Lark: post a card (im.v1.message.create, deduped by uuid, or an ephemeral card only one person in a
// group sees) and edit it (im.v1.message.patch), paced and retried.
import { createHash } from 'node:crypto';
import { RetryableSendError, type SendRequest, type Transport } from '../../src/app/transport.ts';
import { type ChartPng, uploadCardCharts } from '../../src/charts/chart-images.ts';
import type { ChartRenderer } from '../../src/charts/chart-renderer.ts';
import type { LarkClient } from './client.ts';
import { createPacer, type Pacer, type PacerClock, realPacerClock } from './pacing.ts';
import { type LarkCard, renderCard } from './render.ts';

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
}

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

async function createMessage(client: LarkClient, receiveId: string, card: LarkCard, uuid: string) {
  const reply = await client.im.v1.message
    .create({
      params: { receive_id_type: receiveIdType(receiveId) },
      data: { receive_id: receiveId, msg_type: 'interactive', content: JSON.stringify(card), uuid },
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

// POST /open-apis/im/v1/images (multipart, image_type=message) → the image_key a card's img element names.
export async function uploadLarkImage(client: LarkClient, picture: ChartPng): Promise<string> {
  const reply = (await client.im.v1.image
    .create({ data: { image_type: 'message', image: picture.png } })
    .catch((error: unknown) => {
      throw failureOf('im.v1.image.create', error);
    })) as { image_key?: string; code?: number; msg?: string; data?: { image_key?: string } } | null;
  // The SDK hands back the answer's data ({ image_key }); a non-zero code arrives as the whole answer.
  if (reply?.code)
    checked('im.v1.image.create', { code: reply.code, ...(reply.msg ? { msg: reply.msg } : {}) });
  const key = reply?.image_key ?? reply?.data?.image_key;
  if (!key) throw new Error('im.v1.image.create answered without an image_key');
  return key;
}

export interface LarkTransportOptions {
  pacer?: Pacer;
  pacerClock?: PacerClock;
  // Draws a card's charts; without it a chart shows as its alt text.
  charts?: ChartRenderer;
}

// Lark's image upload limit: 1,000 a minute and 50 a second per app, like message create.
const imageUploads = { count: 50, ms: 1_000 };

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
  return {
    platform: 'lark',
    post: async (request) => {
      const target = ephemeralTarget(request.destination);
      await (target
        ? pacer.wait(`ephemeral:${target.chatId}`, perGroupEphemeral)
        : pacer.wait(`to:${request.destination}`, perConversation));
      const card = await cardOf(request);
      return { messageId: await sendLarkCard(client, request.destination, card, request.idempotencyKey) };
    },
    update: async (request) => {
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
    },
  };
}
