// Use case: a chat reply in the thread under an order's card — its text becomes a comment, its files attachments.
import { filesTexts, sizeText } from '../../messages/catalogue/files.ts';
import type { PrivateReply } from '../../messages/model.ts';
import { localeOf, type UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { type AttachmentStore, attachFile, type IncomingFile } from './attach-file.ts';
import { commentOrder } from './comment-order.ts';

export interface ThreadReply {
  // Mentions already removed by the adapter; blank when the reply is only a file.
  text: string;
  files: IncomingFile[];
}

// A private answer when files were attached (the sender wants to know they landed); null for a plain comment,
// which the thread itself already shows.
export async function replyInOrderThread(
  deps: AppDeps,
  actor: UserActor,
  number: string,
  reply: ThreadReply,
  store: AttachmentStore,
): Promise<PrivateReply | null> {
  if (reply.text.trim() !== '') await commentOrder(deps, actor, number, reply.text);
  if (reply.files.length === 0) return null;
  const t = filesTexts(localeOf(deps, actor));
  const lines: string[] = [];
  for (const file of reply.files) {
    const attached = await attachFile(deps, actor, number, file, store);
    lines.push(
      t('attached', { file: attached.fileName, size: sizeText(attached.sizeBytes), number: attached.number }),
    );
  }
  return { text: lines.join('\n'), tone: 'success' };
}
