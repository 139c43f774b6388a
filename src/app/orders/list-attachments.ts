// Use cases: "order attachments <number>" and the download — an order's files, read by whoever may see the order.
import { and, eq } from 'drizzle-orm';
import { attachments } from '../../db/schema.ts';
import { notFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import type { AttachmentView } from '../../messages/catalogue/orders.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { getOrderStatus } from './get-order-status.ts';

export async function listAttachments(
  deps: AppDeps,
  actor: Actor,
  number: string,
): Promise<{ number: string; attachments: AttachmentView[] }> {
  const status = await getOrderStatus(deps, actor, number);
  return { number: status.loaded.order.number, attachments: status.attachments };
}

export interface StoredAttachment {
  fileName: string;
  contentType: string | null;
  sizeBytes: number;
  // Relative to the data directory.
  storagePath: string;
}

export async function getAttachment(
  deps: AppDeps,
  actor: Actor,
  number: string,
  attachmentId: string,
): Promise<StoredAttachment> {
  const { loaded } = await getOrderStatus(deps, actor, number);
  const missing = () =>
    notFound('order_attachment_not_found', { number: loaded.order.number, id: attachmentId });
  if (!isUuid(attachmentId)) throw missing();
  const [row] = await deps.db
    .select({
      fileName: attachments.fileName,
      contentType: attachments.contentType,
      sizeBytes: attachments.sizeBytes,
      storagePath: attachments.storagePath,
    })
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.orderId, loaded.order.id)));
  if (!row) throw missing();
  return row;
}
