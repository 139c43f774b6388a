// Use case (query): the file a chat card promised its asker, made now as that asker (their permissions as of now) into
// a temporary file the delivering adapter uploads and then removes.
import { DomainError } from '../../domain/errors.ts';
import type { CardFile, Locale } from '../../messages/model.ts';
import type { AppDeps, Platform } from '../deps.ts';
import { findUser } from '../roster/find-user.ts';
import { type ExportedFile, exportToTempFile, prepareExportWords } from './export-file.ts';

export async function exportForAsker(
  deps: AppDeps,
  file: CardFile,
  via: Platform,
  locale: Locale,
): Promise<ExportedFile> {
  // Someone who left the roster since asking gets nothing.
  const user = await findUser(deps, { by: 'id', id: file.askerId });
  if (!user) throw new DomainError('forbidden', 'not_on_roster');
  return exportToTempFile(
    await prepareExportWords(deps, { kind: 'user', user, via }, file.exportWords, locale),
  );
}
