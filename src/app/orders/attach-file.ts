// Use case: a file attached to an order (from the API): bytes under the data directory, metadata and audit in one go.
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { attachments } from '../../db/schema.ts';
import { invalid } from '../../domain/errors.ts';
import { type Actor, type AppDeps, actorId } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import { getOrderStatus } from './get-order-status.ts';

// Where attachments live and how large one may be; the caller (main.ts via the API plugin) owns both.
export interface AttachmentStore {
  dataDir: string;
  maxBytes: number;
}

export interface IncomingFile {
  fileName: string;
  contentType: string | null;
  bytes: Buffer;
}

export interface AttachResult {
  id: string;
  number: string;
  fileName: string;
  sizeBytes: number;
  contentType: string | null;
}

const badCharacter = (c: string) =>
  c === '/' || c === '\\' || c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127;

// A name is shown and offered back on download, never used as a path: only its length and characters are checked.
export function checkFileName(raw: string): string {
  const name = raw.trim();
  if (name === '' || name.length > 200 || [...name].some(badCharacter) || name === '.' || name === '..')
    throw invalid('order_attachment_name', 'fileName', { max: 200 });
  return name;
}

export function tooLarge(maxBytes: number) {
  return invalid('order_attachment_too_large', 'file', {
    max: maxBytes,
    maxMb: Math.round((maxBytes / 1024 / 1024) * 10) / 10,
  });
}

export async function attachFile(
  deps: AppDeps,
  actor: Actor,
  number: string,
  file: IncomingFile,
  store: AttachmentStore,
): Promise<AttachResult> {
  const fileName = checkFileName(file.fileName);
  if (file.bytes.length === 0) throw invalid('order_attachment_empty', 'file');
  if (file.bytes.length > store.maxBytes) throw tooLarge(store.maxBytes);
  // Who may see the order may add to it.
  const { loaded } = await getOrderStatus(deps, actor, number);
  const { order } = loaded;
  const id = randomUUID();
  // Relative to the data directory, so the directory can move.
  const storagePath = join('attachments', order.id, id);
  const absolute = join(store.dataDir, storagePath);
  // Customer documents: only the app's OS user may list or read them (folders made earlier are tightened too).
  const folder = join(store.dataDir, 'attachments');
  await mkdir(join(folder, order.id), { recursive: true, mode: 0o700 });
  await chmod(folder, 0o700);
  await chmod(join(folder, order.id), 0o700);
  await writeFile(absolute, file.bytes, { flag: 'wx', mode: 0o600 });
  try {
    return await inTransaction(deps, actor, async (uow) => {
      await uow.tx.insert(attachments).values({
        id,
        orderId: order.id,
        fileName,
        storagePath,
        sizeBytes: file.bytes.length,
        contentType: file.contentType,
        uploadedBy: actorId(actor),
        at: uow.now,
      });
      await uow.audit({
        action: 'order.attach',
        entityType: 'order',
        entityId: order.id,
        after: {
          attachmentId: id,
          version: order.version,
          fileName,
          sizeBytes: file.bytes.length,
          contentType: file.contentType,
        },
      });
      return {
        id,
        number: order.number,
        fileName,
        sizeBytes: file.bytes.length,
        contentType: file.contentType,
      };
    });
  } catch (error) {
    // No row, no file: a failed attach leaves nothing behind.
    await rm(absolute, { force: true });
    throw error;
  }
}
