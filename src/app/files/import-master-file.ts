// Use case: a customer or product sheet sent to the bot in chat, imported as the CLI and API do; the answer is the
// summary and the first refused rows, in the sender's language.
import { DomainError } from '../../domain/errors.ts';
import { errorLines } from '../../messages/catalogue/errors.ts';
import {
  moreRefusedText,
  refusedFileText,
  refusedRowText,
  type SheetKind,
  sheetSummaryText,
} from '../../messages/catalogue/master-import.ts';
import type { Locale, PrivateReply } from '../../messages/model.ts';
import type { UserActor } from '../commands/types.ts';
import { importCustomers } from '../customers/import-customers.ts';
import type { AppDeps } from '../deps.ts';
import type { SheetImportReport } from '../imports/import-sheet-rows.ts';
import { importProducts } from '../products/import-products.ts';
import { sheetRowsOf } from './read-sheet-rows.ts';

// Refused rows listed in a chat answer; the rest are counted.
const refusedShown = 10;

export async function importMasterFile(
  deps: AppDeps,
  actor: UserActor,
  file: { fileName: string; bytes: Uint8Array },
  kind: SheetKind,
  locale: Locale,
): Promise<PrivateReply> {
  const rows = sheetRowsOf(file.fileName, file.bytes, deps.policy.imports);
  let report: SheetImportReport;
  try {
    report =
      kind === 'customers'
        ? await importCustomers(deps, actor, rows)
        : await importProducts(deps, actor, rows);
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
    return {
      text: refusedFileText(file.fileName, errorLines(error, locale).join('; '), locale),
      tone: 'danger',
    };
  }
  const refused = report.lines.filter((l) => l.outcome === 'refused');
  const lines = [
    sheetSummaryText(report, file.fileName, kind, locale),
    ...refused.slice(0, refusedShown).map((row) => `• ${refusedRowText(row, locale)}`),
  ];
  if (refused.length > refusedShown) lines.push(moreRefusedText(refused.length - refusedShown, kind, locale));
  return { text: lines.join('\n'), tone: refused.length > 0 ? 'warning' : 'success' };
}
