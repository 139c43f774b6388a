// Owns handing an export to the Slack user who asked for it: the file made as them, uploaded through
// files.getUploadURLExternal → POST (streamed from disk) → files.completeUploadExternal shared into their DM only.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { WebClient } from '@slack/web-api';
import type { UserActor } from '../../src/app/commands/types.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { exportToTempFile, prepareExportWords } from '../../src/app/exports/export-file.ts';
import { exportText } from '../../src/messages/catalogue/exports.ts';
import type { Locale, ReplyFile } from '../../src/messages/model.ts';

export async function sendReplyFile(
  deps: AppDeps,
  client: WebClient,
  actor: UserActor,
  slackUserId: string,
  file: ReplyFile,
  locale: Locale,
): Promise<string> {
  const made = await exportToTempFile(await prepareExportWords(deps, actor, file.exportWords, locale));
  try {
    const dm = await client.conversations.open({ users: slackUserId });
    const channel = dm.channel?.id;
    if (!channel) throw new Error('slack conversations.open answered without a channel');
    const ticket = await client.files.getUploadURLExternal({ filename: made.name, length: made.bytes });
    if (!ticket.upload_url || !ticket.file_id)
      throw new Error('slack files.getUploadURLExternal answered without upload_url or file_id');
    // The upload URL is pre-authorised: the bytes go as the raw body, streamed from disk.
    const put = await fetch(ticket.upload_url, {
      method: 'POST',
      headers: { 'content-type': made.mime, 'content-length': String(made.bytes) },
      body: Readable.toWeb(createReadStream(made.path)) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit);
    if (!put.ok) throw new Error(`slack upload: HTTP ${put.status}`);
    await client.files.completeUploadExternal({
      files: [{ id: ticket.file_id, title: made.name }],
      channel_id: channel,
      initial_comment: exportText('done', locale, {
        rows: made.rows,
        kind: made.name.split('-')[0] ?? '',
        file: made.name,
      }),
    });
    return ticket.file_id;
  } finally {
    await made.remove();
  }
}
