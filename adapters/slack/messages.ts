// Owns Slack message events: replies under an order card become comments and attachments; files sent to the bot run their caption.
import type { App } from '@slack/bolt';
import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { z } from 'zod';
import { localeOf, type UserActor } from '../../src/app/commands/types.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { parseFileCaption } from '../../src/app/files/file-caption.ts';
import {
  type ChatFile,
  chatFileMaxBytes,
  chatFileTooLarge,
  readCapped,
  takeChatFile,
} from '../../src/app/files/take-chat-file.ts';
import type { AttachmentStore, IncomingFile } from '../../src/app/orders/attach-file.ts';
import { findOrderByCard } from '../../src/app/orders/find-order-by-card.ts';
import { replyInOrderThread } from '../../src/app/orders/reply-in-order-thread.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import { filesTexts } from '../../src/messages/catalogue/files.ts';
import type { Locale, PrivateReply } from '../../src/messages/model.ts';
import { slackPersonOf } from './people.ts';
import { renderReply } from './render.ts';
import { messageIdOf } from './transport.ts';

// Plain messages, messages with files, and thread replies also sent to the channel; edits, deletions, joins and bots are not ours.
const capturedSubtypes = new Set([undefined, 'file_share', 'thread_broadcast']);

const slackFile = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  size: z.number().optional(),
  mimetype: z.string().optional(),
});

const messageEvent = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  files: z.array(slackFile).optional(),
});
type MessageEvent = z.infer<typeof messageEvent>;

const envelope = z.object({
  authorizations: z
    .array(z.object({ user_id: z.string().optional(), is_bot: z.boolean().optional() }))
    .optional(),
});

export interface SlackMessageOptions {
  deps: AppDeps;
  botToken: string;
  files: AttachmentStore;
}

const downloadFailed = (file: string, detail: string) =>
  new DomainError('invalid', 'file_download_failed', { file, detail }, 'file');

const withoutMentions = (text: string) => text.replace(/<@[UW][A-Z0-9]+(?:\|[^>]*)?>/g, ' ').trim();

export function registerSlackMessages(app: App, options: SlackMessageOptions): void {
  const { deps } = options;
  const maxBytes = Math.min(options.files.maxBytes, chatFileMaxBytes);

  app.event('message', async ({ event, body, client }) => {
    const parsed = messageEvent.safeParse(event);
    if (!parsed.success) return;
    const message = parsed.data;
    if (!capturedSubtypes.has(message.subtype) || message.bot_id || !message.user) return;
    const inThread = message.thread_ts !== undefined && message.thread_ts !== message.ts;
    if (inThread && message.thread_ts) {
      const order = await findOrderByCard(deps, 'slack', messageIdOf(message.channel, message.thread_ts));
      if (order) {
        await onOrderThread(client, message, order.number);
        return;
      }
    }
    const files = message.files ?? [];
    if (files.length === 0) {
      // "lead import" typed to the bot without the file: say how to send one.
      const caption = withoutMentions(message.text ?? '');
      if (message.channel_type === 'im' && !inThread && parseFileCaption(caption)) {
        const { reply, locale } = await asPerson(client, message.user, async (_actor, locale) => ({
          text: filesTexts(locale)('captionWithoutFile', { caption }),
          tone: 'info',
        }));
        if (reply) await client.chat.postMessage({ channel: message.channel, ...renderReply(reply, locale) });
      }
      return;
    }
    // In a channel a file is the bot's business only when the bot is mentioned; a DM always is.
    if (message.channel_type !== 'im') {
      const bots = envelope
        .safeParse(body)
        .data?.authorizations?.flatMap((a) => (a.user_id ? [a.user_id] : []));
      const text = message.text ?? '';
      const mentioned =
        bots && bots.length > 0 ? bots.some((id) => text.includes(`<@${id}`)) : /<@[UW][A-Z0-9]+/.test(text);
      if (!mentioned) return;
    }
    await onFiles(client, message);
  });

  // The roster user behind the message, and their language; a stranger's refusal comes back as the reply.
  async function asPerson(
    client: WebClient,
    slackUserId: string,
    work: (actor: UserActor, locale: Locale) => Promise<PrivateReply | null>,
  ): Promise<{ reply: PrivateReply | null; locale: Locale }> {
    let locale = deps.policy.org.locale;
    try {
      const user = await slackPersonOf(deps, client, slackUserId);
      const actor: UserActor = { kind: 'user', user, via: 'slack' };
      locale = localeOf(deps, actor);
      return { reply: await work(actor, locale), locale };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return {
        reply: { text: errorText(error, locale), tone: error.kind === 'invalid' ? 'danger' : 'warning' },
        locale,
      };
    }
  }

  async function onOrderThread(client: WebClient, message: MessageEvent, number: string): Promise<void> {
    const slackUser = message.user ?? '';
    const { reply, locale } = await asPerson(client, slackUser, async (actor) => {
      const files: IncomingFile[] = [];
      for (const file of message.files ?? []) files.push(await fetchFile(client, file.id));
      return replyInOrderThread(
        deps,
        actor,
        number,
        { text: withoutMentions(message.text ?? ''), files },
        options.files,
      );
    });
    if (!reply) return;
    // Only the sender sees it, in the thread they wrote in.
    await client.chat.postEphemeral({
      channel: message.channel,
      user: slackUser,
      thread_ts: message.thread_ts ?? message.ts,
      ...renderReply(reply, locale),
    });
  }

  async function onFiles(client: WebClient, message: MessageEvent): Promise<void> {
    const slackUser = message.user ?? '';
    const caption = withoutMentions(message.text ?? '');
    for (const shared of message.files ?? []) {
      const { reply, locale } = await asPerson(client, slackUser, async (actor) => {
        // Without a caption there is nothing to do with the bytes: answer with help before downloading anything.
        const file: ChatFile = parseFileCaption(caption)
          ? { caption, ...(await fetchFile(client, shared.id)) }
          : { caption, fileName: shared.name ?? shared.id, contentType: null, bytes: Buffer.alloc(0) };
        return takeChatFile(deps, actor, file, options.files);
      });
      if (!reply) continue;
      const rendered = renderReply(reply, locale);
      if (message.channel_type === 'im')
        await client.chat.postMessage({ channel: message.channel, ...rendered });
      else await client.chat.postEphemeral({ channel: message.channel, user: slackUser, ...rendered });
    }
  }

  // files.info for the private download URL and the size; the bytes with the bot token as Bearer, never past the limit.
  async function fetchFile(client: WebClient, fileId: string): Promise<IncomingFile> {
    let info: Awaited<ReturnType<WebClient['files']['info']>>['file'];
    try {
      info = (await client.files.info({ file: fileId })).file;
    } catch (error) {
      if (!(error instanceof WebAPIPlatformError)) throw error;
      throw downloadFailed(fileId, error.data.error);
    }
    const fileName = info?.name ?? fileId;
    const url = info?.url_private_download ?? info?.url_private;
    if (!url) throw downloadFailed(fileName, 'no download URL');
    if ((info?.size ?? 0) > maxBytes) throw chatFileTooLarge(fileName, maxBytes);
    let response: Response;
    try {
      // A token Slack does not accept is answered with a redirect to its sign-in page, never the file.
      response = await fetch(url, {
        headers: { authorization: `Bearer ${options.botToken}` },
        redirect: 'manual',
      });
    } catch (error) {
      throw downloadFailed(fileName, (error as Error).message);
    }
    if (!response.ok || !response.body) throw downloadFailed(fileName, `HTTP ${response.status}`);
    const bytes = await readCapped(response.body, maxBytes, fileName);
    return { fileName, contentType: info?.mimetype ?? response.headers.get('content-type'), bytes };
  }
}
