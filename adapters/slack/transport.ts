// Owns the Slack Transport: cards out through chat.postMessage / chat.update, paced, with failures sorted into retry or give up.
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type WebClientOptions,
} from '@slack/web-api';
import {
  type PostedLookup,
  RetryableSendError,
  type SendRequest,
  type Transport,
} from '../../src/app/transport.ts';
import type { ChartRenderer } from '../../src/charts/chart-renderer.ts';
import type { SlackConfig } from './config.ts';
import { createHomeRefresh, type HomeRefresh } from './home-refresh.ts';
import { Pacer, type Rate, slackRates } from './pacer.ts';
import { renderMessage } from './render.ts';
import { slackChartImages } from './upload-chart.ts';

// The client's default retries for ~30 minutes with no timeout; the outbox already retries, so keep the client's short.
export function slackClientOptions(config: Pick<SlackConfig, 'apiUrl'>): WebClientOptions {
  return {
    slackApiUrl: config.apiUrl,
    timeout: 10_000,
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
    // A 429 comes back to us (with Retry-After) instead of being waited out inside the client.
    rejectRateLimitedCalls: true,
  };
}

// Platform errors worth another try; anything else (channel_not_found, invalid_blocks, …) will fail the same way again.
const transientErrors = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

// Every card carries its outbox id in message metadata, so a post whose answer was lost can be found in the channel.
export const OUTBOX_EVENT_TYPE = 'closeloop_outbox';

// A message is found again by the channel it landed in (a DM to U… lands in D…) and its ts.
export function messageIdOf(channel: string, ts: string): string {
  return `${channel}/${ts}`;
}

export function parseMessageId(messageId: string): { channel: string; ts: string } | null {
  const [channel, ts, extra] = messageId.split('/');
  return channel && ts && extra === undefined ? { channel, ts } : null;
}

export interface SlackTransportOptions {
  config: Pick<SlackConfig, 'botToken' | 'apiUrl'>;
  // A send that would wait longer than this goes back to the outbox with that delay instead of holding a worker.
  maxWaitMs?: number;
  rates?: Partial<Record<keyof typeof slackRates, Rate>>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  // How long after the last card to a person their App Home is republished.
  homeRefreshMs?: number;
  // Pages of channel history read when looking for lost posts, before giving up (200 messages a page).
  maxHistoryPages?: number;
  // Draws a card's charts; without it a chart shows as its alt text.
  charts?: ChartRenderer;
}

export interface SlackTransport extends Transport {
  readonly client: WebClient;
  readonly homes: HomeRefresh;
  readonly charts: ChartRenderer | undefined;
}

export function isSlackTransport(transport: Transport | undefined): transport is SlackTransport {
  return transport?.platform === 'slack' && 'homes' in transport;
}

// A person's DM is addressed by their user id (U… or, on Enterprise Grid, W…); channels are C…/G….
const isPerson = (destination: string) => /^[UW][A-Z0-9]+$/.test(destination);

export function createSlackTransport(options: SlackTransportOptions): SlackTransport {
  const client = new WebClient(options.config.botToken, slackClientOptions(options.config));
  const pacer = new Pacer(options.now);
  const rates = { ...slackRates, ...options.rates };
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const homes = createHomeRefresh(options.homeRefreshMs ?? 2_000);

  // Waits for a slot on every key, or hands the wait back to the outbox when it is long.
  async function paced<T>(keys: [string, Rate][], call: () => Promise<T>): Promise<T> {
    const wait = Math.max(...keys.map(([key, rate]) => pacer.waitFor(key, rate)));
    if (wait > maxWaitMs) throw new RetryableSendError(`slack: paced for ${wait} ms`, wait, true);
    const taken = Math.max(...keys.map(([key, rate]) => pacer.take(key, rate)));
    if (taken > 0) await sleep(taken);
    try {
      return await call();
    } catch (error) {
      throw sendError(error, (ms) => {
        for (const [key] of keys) pacer.hold(key, ms);
      });
    }
  }

  // Our own bot's id, so metadata another app wrote into the channel is never taken for ours.
  let botId: Promise<string> | undefined;
  const ourBotId = () => {
    botId ??= paced([['auth.test', rates['auth.test']]], () => client.auth.test()).then(
      (r) => r.bot_id ?? '',
      (error: unknown) => {
        botId = undefined;
        throw error;
      },
    );
    return botId;
  };
  // Uploads the card's charts (once per outbox row) and renders it with their image blocks.
  async function messageOf(request: SendRequest) {
    const images = request.card.charts?.length
      ? await paced([['files.upload', rates['files.upload']]], () =>
          slackChartImages(client, options.charts, request.card, request.locale, request.uploads),
        )
      : [];
    return { message: renderMessage(request.card, request.locale, images), withImages: images.length > 0 };
  }

  // Slack processes an upload in the background; an image block naming a file not processed yet is refused as
  // invalid_blocks. With images that is worth a retry — the files are cached, so only the post is repeated.
  const imageNotReady = (error: unknown, withImages: boolean) =>
    withImages &&
    error instanceof Error &&
    !(error instanceof RetryableSendError) &&
    /invalid_blocks/.test(error.message)
      ? new RetryableSendError(`${error.message} (an uploaded chart may still be processing)`, 2_000)
      : error;

  return {
    platform: 'slack',
    client,
    homes,
    charts: options.charts,
    post: async (request) => {
      const { message, withImages } = await messageOf(request);
      const result = await paced(
        [
          [`channel:${request.destination}`, rates.channel],
          ['chat.postMessage', rates['chat.postMessage']],
        ],
        () =>
          client.chat.postMessage({
            channel: request.destination,
            text: message.text,
            blocks: message.blocks,
            unfurl_links: false,
            unfurl_media: false,
            ...(request.deliveryId
              ? {
                  metadata: {
                    event_type: OUTBOX_EVENT_TYPE,
                    event_payload: { outbox_id: request.deliveryId },
                  },
                }
              : {}),
          }),
      ).catch((error: unknown) => {
        throw imageNotReady(error, withImages);
      });
      if (!result.channel || !result.ts)
        throw new Error('slack chat.postMessage answered without channel or ts');
      if (isPerson(request.destination)) homes.schedule(request.destination);
      return { messageId: messageIdOf(result.channel, result.ts) };
    },
    update: async (request) => {
      const where = parseMessageId(request.messageId);
      if (!where) throw new Error(`slack: "${request.messageId}" is not a channel/ts message id`);
      const { message, withImages } = await messageOf(request);
      await paced([['chat.update', rates['chat.update']]], () =>
        client.chat.update({
          channel: where.channel,
          ts: where.ts,
          text: message.text,
          blocks: message.blocks,
        }),
      ).catch((error: unknown) => {
        throw imageNotReady(error, withImages);
      });
      if (isPerson(request.destination)) homes.schedule(request.destination);
    },
    findPosted: (lookup) => findPosted(lookup),
  };

  // Slack has no idempotency key: read the conversation back from just before the in-flight mark and pick out our
  // messages whose metadata names one of these outbox rows. A DM is read in the D… channel the user id opens.
  async function findPosted(lookup: PostedLookup): Promise<Map<string, string>> {
    const wanted = new Set(lookup.deliveryIds);
    const found = new Map<string, string>();
    const ours = await ourBotId();
    let channel = lookup.destination;
    if (isPerson(channel)) {
      const opened = await paced([['conversations.open', rates['conversations.open']]], () =>
        client.conversations.open({ users: lookup.destination }),
      );
      channel = opened.channel?.id ?? channel;
    }
    const oldest = (Math.max(0, lookup.since.getTime()) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < (options.maxHistoryPages ?? 50); page++) {
      const history = await paced([['conversations.history', rates['conversations.history']]], () =>
        client.conversations.history({
          channel,
          oldest,
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        }),
      );
      for (const m of history.messages ?? []) {
        const id = (m.metadata?.event_payload as Record<string, unknown> | undefined)?.outbox_id;
        if (m.metadata?.event_type !== OUTBOX_EVENT_TYPE || m.bot_id !== ours || !m.ts) continue;
        if (typeof id === 'string' && wanted.has(id)) found.set(id, messageIdOf(channel, m.ts));
      }
      cursor = history.response_metadata?.next_cursor || undefined;
      if (found.size === wanted.size || !history.has_more || !cursor) return found;
    }
    throw new Error(
      `slack: gave up looking for lost posts in ${channel} after ${options.maxHistoryPages ?? 50} pages`,
    );
  }
}

// Sorts a Web API failure: 429, network and 5xx go back to the outbox; the rest are permanent.
export function sendError(error: unknown, onRateLimited: (ms: number) => void = () => {}): Error {
  if (error instanceof WebAPIRateLimitedError) {
    const ms = Math.max(1, error.retryAfter) * 1_000;
    onRateLimited(ms);
    return new RetryableSendError(`slack: rate limited, retry after ${error.retryAfter}s`, ms, false, true);
  }
  if (error instanceof WebAPIRequestError) return new RetryableSendError(`slack: ${error.original.message}`);
  if (error instanceof WebAPIHTTPError) {
    return error.statusCode >= 500
      ? new RetryableSendError(`slack: HTTP ${error.statusCode}`)
      : new Error(`slack: HTTP ${error.statusCode} ${error.statusMessage}`);
  }
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    // Slack answered ok:false, so nothing was posted.
    return transientErrors.has(code)
      ? new RetryableSendError(`slack: ${code}`, undefined, false, true)
      : new Error(`slack: ${code}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
