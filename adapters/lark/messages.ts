// Owns Lark messages that are not commands: replies under an order card (comments, attachments) and files for the bot.
import type { Readable } from 'node:stream';
import { localeOf, type UserActor } from '../../src/app/commands/types.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { parseFileCaption } from '../../src/app/files/file-caption.ts';
import { chatFileMaxBytes, fileHelp, readCapped, takeChatFile } from '../../src/app/files/take-chat-file.ts';
import type { AttachmentStore, IncomingFile } from '../../src/app/orders/attach-file.ts';
import { findOrderByCard } from '../../src/app/orders/find-order-by-card.ts';
import { replyInOrderThread } from '../../src/app/orders/reply-in-order-thread.ts';
import { queueReply } from '../../src/app/outbox/queue-reply.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { errorText } from '../../src/messages/catalogue/errors.ts';
import { filesTexts } from '../../src/messages/catalogue/files.ts';
import type { Locale, PrivateReply } from '../../src/messages/model.ts';
import type { LarkClient } from './client.ts';
import { larkUser } from './people.ts';
import { privateDestination } from './transport.ts';

// The fields of im.message.receive_v1 this module reads.
export interface LarkMessage {
  sender: { sender_id: { open_id: string }; sender_type?: string | undefined };
  message: {
    message_id: string;
    // The first message of the thread, and the message replied to; both absent outside a thread.
    root_id?: string | undefined;
    parent_id?: string | undefined;
    chat_id: string;
    chat_type?: string | undefined;
    message_type: string;
    content: string;
    mentions?: { key: string }[] | undefined;
  };
}

export interface LarkMessageContext {
  deps: AppDeps;
  client: LarkClient;
  files: AttachmentStore;
}

interface FileRef {
  messageId: string;
  fileKey: string;
  fileName: string;
  // The resource type the download asks for: image for a picture, file for files, audio and video.
  type: 'file' | 'image';
}

function parseContent(content: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(content);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

// The words of a text or rich-text (post) message, mention placeholders removed.
export function messageWords(message: LarkMessage['message']): string {
  const content = parseContent(message.content);
  let text = '';
  if (message.message_type === 'text' && typeof content.text === 'string') text = content.text;
  if (message.message_type === 'post') {
    // A post is { title, content: [[{ tag: 'text', text }, …], …] } (also nested under a locale key when sent by clients).
    const body = (Array.isArray(content.content) ? content : Object.values(content)[0]) as
      | { title?: unknown; content?: unknown }
      | undefined;
    const paragraphs = Array.isArray(body?.content) ? (body.content as unknown[]) : [];
    const lines = paragraphs.map((p) =>
      (Array.isArray(p) ? p : [])
        .map((node: { tag?: unknown; text?: unknown }) =>
          node.tag === 'text' || node.tag === 'a' ? String(node.text ?? '') : '',
        )
        .join(''),
    );
    text = [typeof body?.title === 'string' ? body.title : '', ...lines].filter(Boolean).join('\n');
  }
  for (const m of message.mentions ?? []) text = text.split(m.key).join(' ');
  return text
    .replace(/@_user_\d+/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

// A file, a video (media) or a picture; a picture has no name, so it is named after its key.
function fileOf(messageId: string, messageType: string, content: string): FileRef | null {
  const parsed = parseContent(content);
  if (messageType === 'image') {
    const imageKey = typeof parsed.image_key === 'string' ? parsed.image_key : '';
    return imageKey ? { messageId, fileKey: imageKey, fileName: imageKey, type: 'image' } : null;
  }
  if (messageType !== 'file' && messageType !== 'media') return null;
  const fileKey = typeof parsed.file_key === 'string' ? parsed.file_key : '';
  if (!fileKey) return null;
  const fileName = typeof parsed.file_name === 'string' && parsed.file_name ? parsed.file_name : fileKey;
  return { messageId, fileKey, fileName, type: 'file' };
}

const imageExtensions: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
};

const downloadFailed = (fileName: string, detail: string) =>
  new DomainError('invalid', 'file_download_failed', { file: fileName, detail }, 'file');

// GET /open-apis/im/v1/messages/{message_id}/resources/{file_key}?type=file with the tenant token, never past the limit.
async function download(client: LarkClient, file: FileRef, maxBytes: number): Promise<IncomingFile> {
  let stream: Readable;
  let headers: Record<string, unknown> = {};
  try {
    const answer = await client.im.messageResource.get({
      params: { type: file.type },
      path: { message_id: file.messageId, file_key: file.fileKey },
    });
    stream = answer.getReadableStream();
    headers = (answer.headers ?? {}) as Record<string, unknown>;
  } catch (error) {
    const status = (error as { response?: { status?: number } }).response?.status;
    throw downloadFailed(file.fileName, status ? `HTTP ${status}` : String((error as Error).message));
  }
  const bytes = await readCapped(stream, maxBytes, file.fileName);
  const type =
    typeof headers['content-type'] === 'string' ? headers['content-type'].split(';')[0]?.trim() : null;
  const fileName =
    file.type === 'image' ? `${file.fileName}${imageExtensions[type ?? ''] ?? ''}` : file.fileName;
  return { fileName, contentType: type ?? null, bytes };
}

// The message a reply answers, when it is a file: GET /open-apis/im/v1/messages/{message_id}.
async function parentFile(client: LarkClient, parentId: string): Promise<FileRef | null> {
  const answer = await client.im.message.get({ path: { message_id: parentId } });
  const item = answer.data?.items?.[0];
  if (!item?.msg_type || !item.body?.content) return null;
  const file = fileOf(parentId, item.msg_type, item.body.content);
  return file?.type === 'file' ? file : null;
}

// True when the message was this module's to answer; false leaves it to the text commands.
export async function onLarkMessage(ctx: LarkMessageContext, event: LarkMessage): Promise<boolean> {
  const { deps } = ctx;
  const { message } = event;
  const openId = event.sender.sender_id.open_id;
  const direct = message.chat_type === undefined || message.chat_type === 'p2p';
  // In a group the answer is for the sender alone; a direct chat already is just them.
  const replyTo = direct ? message.chat_id : privateDestination(message.chat_id, openId);
  const maxBytes = Math.min(ctx.files.maxBytes, chatFileMaxBytes);

  const answer = async (work: (actor: UserActor, locale: Locale) => Promise<PrivateReply | null>) => {
    let locale: Locale = deps.policy.org.locale;
    let reply: PrivateReply | null;
    try {
      const actor: UserActor = { kind: 'user', user: await larkUser(deps, ctx.client, openId), via: 'lark' };
      locale = localeOf(deps, actor);
      reply = await work(actor, locale);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      reply = { text: errorText(error, locale), tone: error.kind === 'invalid' ? 'danger' : 'warning' };
    }
    if (!reply) return;
    await queueReply(deps, {
      platform: 'lark',
      destination: replyTo,
      refKey: `lark:file:${message.message_id}`,
      locale,
      card: reply.card ?? { title: '', body: reply.text, fields: [], actions: [], tone: reply.tone },
    });
  };

  for (const parentId of new Set([message.root_id, message.parent_id])) {
    if (!parentId) continue;
    const order = await findOrderByCard(deps, 'lark', parentId);
    if (!order) continue;
    await answer(async (actor) => {
      const file = fileOf(message.message_id, message.message_type, message.content);
      const files = file ? [await download(ctx.client, file, maxBytes)] : [];
      return replyInOrderThread(deps, actor, order.number, { text: messageWords(message), files }, ctx.files);
    });
    return true;
  }

  const file = fileOf(message.message_id, message.message_type, message.content);
  // Pictures outside an order's thread are chat, not files for the bot.
  if (file?.type === 'image') return false;
  if (file) {
    // A Lark file carries no text: the person names what it is by replying to it. A file in a group is not for the bot.
    if (direct) await answer(async (_actor, locale) => fileHelp(locale, file.fileName, 'reply'));
    return true;
  }

  const caption = messageWords(message);
  if (!parseFileCaption(caption)) return false;
  await answer(async (actor, locale) => {
    const parent = message.parent_id ? await parentFile(ctx.client, message.parent_id) : null;
    if (!parent) return { text: filesTexts(locale)('captionWithoutFileLark', { caption }), tone: 'info' };
    const bytes = await download(ctx.client, parent, maxBytes);
    return takeChatFile(deps, actor, { caption, ...bytes }, ctx.files, 'reply');
  });
  return true;
}
