// Owns what a file sent to the bot in chat does, the same on Slack, Lark and the console: its caption picks the use case.
import { invalid } from '../../domain/errors.ts';
import { filesTexts, sizeText } from '../../messages/catalogue/files.ts';
import { importProblemText } from '../../messages/catalogue/leads.ts';
import { statementRepeatsText } from '../../messages/catalogue/statement-import.ts';
import type { Locale, PrivateReply } from '../../messages/model.ts';
import { localeOf, type UserActor } from '../commands/types.ts';
import type { AppDeps } from '../deps.ts';
import { type AttachmentStore, attachFile } from '../orders/attach-file.ts';
import { parseFileCaption } from './file-caption.ts';
import { importLeadFile } from './import-lead-file.ts';
import { importMasterFile } from './import-master-file.ts';
import { importStatementFile } from './import-statement-file.ts';

// Chat platforms carry larger files, but a lead list or a statement past this is a job for the CLI or the API.
export const chatFileMaxBytes = 20 * 1024 * 1024;

// Bad rows listed in a chat answer; the rest are counted.
const badRowsShown = 10;

export interface ChatFile {
  // The text sent with the file (Slack's message text, the console's caption, Lark's reply to the file).
  caption: string;
  fileName: string;
  contentType: string | null;
  bytes: Buffer;
}

// Refused before a download when the platform tells the size, and after it when it does not.
export function chatFileTooLarge(fileName: string, maxBytes = chatFileMaxBytes) {
  return invalid('file_too_large', 'file', {
    file: fileName,
    max: maxBytes,
    maxMb: Math.round((maxBytes / 1024 / 1024) * 10) / 10,
  });
}

// Reads a download to the end, or refuses it as soon as it passes the limit (platforms do not always say the size first).
export async function readCapped(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  fileName: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw chatFileTooLarge(fileName, maxBytes);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

// What to say to a file without a caption (or with one we do not know): the captions, for this platform.
export function fileHelp(locale: Locale, fileName: string, platform: 'caption' | 'reply'): PrivateReply {
  const t = filesTexts(locale);
  return { text: t(platform === 'reply' ? 'helpLark' : 'help', { file: fileName }), tone: 'info' };
}

export async function takeChatFile(
  deps: AppDeps,
  actor: UserActor,
  file: ChatFile,
  store: AttachmentStore,
  // How a caption reaches us on this platform: with the file (Slack, console) or as a reply to it (Lark).
  captionStyle: 'caption' | 'reply' = 'caption',
): Promise<PrivateReply> {
  const locale = localeOf(deps, actor);
  const t = filesTexts(locale);
  const caption = parseFileCaption(file.caption);
  if (!caption) return fileHelp(locale, file.fileName, captionStyle);
  if (file.bytes.length === 0) throw invalid('file_empty', 'file', { file: file.fileName });
  if (file.bytes.length > Math.min(chatFileMaxBytes, store.maxBytes))
    throw chatFileTooLarge(file.fileName, Math.min(chatFileMaxBytes, store.maxBytes));

  if (caption.kind === 'attach') {
    const attached = await attachFile(deps, actor, caption.number, file, store);
    return {
      text: t('attached', {
        file: attached.fileName,
        size: sizeText(attached.sizeBytes),
        number: attached.number,
      }),
      tone: 'success',
    };
  }

  if (caption.kind === 'statement') {
    const { repeated, ...result } = await importStatementFile(deps, actor, file);
    // `skipped` counts the file's own repeats as well; "already imported" is the rest, the repeats are listed.
    const vars = { file: file.fileName, ...result, skipped: result.skipped - repeated.length };
    const repeats = statementRepeatsText(repeated, locale);
    const reply: PrivateReply =
      result.imported === 0 && result.total > 0
        ? { text: t('statementAgain', vars), tone: 'info' }
        : { text: t('statementImported', vars), tone: result.exceptions > 0 ? 'warning' : 'success' };
    // Every new line is accounted for: matched, an exception, or money going out that is only kept.
    const notes = [
      ...(result.imported > 0 && result.outgoing > 0 ? [t('statementOutgoing', vars)] : []),
      ...(repeats ? [repeats] : []),
    ];
    return notes.length > 0 ? { ...reply, text: [reply.text, ...notes].join('\n') } : reply;
  }

  if (caption.kind === 'customers' || caption.kind === 'products')
    return importMasterFile(deps, actor, file, caption.kind, locale);

  const outcome = await importLeadFile(deps, actor, {
    fileName: file.fileName,
    bytes: file.bytes,
    ...(caption.source ? { source: caption.source } : {}),
    ...(caption.campaign ? { campaign: caption.campaign } : {}),
  });
  if (outcome.kind === 'unreadable') {
    return {
      text: t('leadsUnreadable', {
        file: file.fileName,
        reason: importProblemText(outcome.problem, locale),
      }),
      tone: 'danger',
    };
  }
  const { report } = outcome;
  const lines = [
    t('leadsImported', {
      file: file.fileName,
      rows: report.rows,
      created: report.created,
      duplicates: report.duplicates.length,
      problems: report.problems.length,
    }),
    ...report.problems
      .slice(0, badRowsShown)
      .map((p) => t('leadsBadRow', { reason: importProblemText(p, locale) })),
  ];
  if (report.problems.length > badRowsShown)
    lines.push(t('leadsMoreBad', { count: report.problems.length - badRowsShown }));
  if (report.ignoredColumns.length > 0)
    lines.push(t('leadsIgnoredColumns', { columns: report.ignoredColumns.join(', ') }));
  return { text: lines.join('\n'), tone: report.problems.length > 0 ? 'warning' : 'success' };
}
