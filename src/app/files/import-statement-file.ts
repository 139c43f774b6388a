// Use case: a bank statement sent as a file by finance (CSV, camt.053 or MT940 bytes + its name) imported and matched.
import { invalid } from '../../domain/errors.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { type ImportResult, importStatement } from '../reconcile/import-statement.ts';

export interface StatementFile {
  fileName: string;
  bytes: Uint8Array;
}

export async function importStatementFile(
  deps: AppDeps,
  actor: Actor,
  file: StatementFile,
): Promise<ImportResult> {
  // Refused before the bytes are read, with the same answer importStatement gives.
  demand(deps, actor, 'recon.import', {}, 'file_statement_not_finance');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    throw invalid('file_statement_encoding', 'file', { file: file.fileName });
  }
  return importStatement(deps, actor, { text, fileName: file.fileName });
}
