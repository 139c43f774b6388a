// Use case (query): the bytes of an export a chat reply promised — its words read again and run as the asker (their
// permissions as of now), into a temporary file an adapter uploads and then removes; or straight into a stream.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExportWords } from '../../domain/exports/export-request.ts';
import { localDate } from '../../domain/time.ts';
import type { Locale } from '../../messages/model.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { type PreparedExport, prepareExport } from './prepare-export.ts';

// `leads month xlsx owner:@li` → the export it names, refused (a DomainError) before any byte when it may not run.
export function prepareExportWords(
  deps: AppDeps,
  actor: Actor,
  words: string,
  locale: Locale,
): Promise<PreparedExport> {
  const positional: string[] = [];
  const named: Record<string, string> = {};
  for (const word of words.split(/\s+/).filter(Boolean)) {
    const at = word.indexOf(':');
    if (at > 0) named[word.slice(0, at).toLowerCase()] = word.slice(at + 1);
    else positional.push(word);
  }
  const today = localDate(deps.clock.now(), deps.policy.org.timezone);
  return prepareExport(deps, actor, readExportWords(positional, named, today), locale);
}

export interface ExportedFile {
  name: string;
  mime: string;
  path: string;
  bytes: number;
  rows: number;
  remove(): Promise<void>;
}

export async function exportToTempFile(prepared: PreparedExport): Promise<ExportedFile> {
  const dir = await mkdtemp(join(tmpdir(), 'closeloop-export-'));
  const path = join(dir, prepared.fileName);
  try {
    const rows = await prepared.writeTo(createWriteStream(path));
    return {
      name: prepared.fileName,
      mime: prepared.mime,
      path,
      bytes: (await stat(path)).size,
      rows,
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
