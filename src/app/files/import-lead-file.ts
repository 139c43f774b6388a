// Use case: a lead list sent as a file (CSV or XLSX bytes + its name) imported with the per-row report.
import { isImportProblem, type LeadImportProblem } from '../../domain/leads/lead-import.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { importLeads, type LeadImportReport } from '../leads/import-leads.ts';
import { readLeadFile } from '../leads/read-lead-file.ts';

export interface LeadFile {
  fileName: string;
  bytes: Uint8Array;
  source?: string;
  campaign?: string;
}

export type LeadFileOutcome =
  | { kind: 'imported'; report: LeadImportReport }
  // The file as a whole cannot be read (not a workbook, no header, no name column): nothing was imported.
  | { kind: 'unreadable'; problem: LeadImportProblem };

export async function importLeadFile(deps: AppDeps, actor: Actor, file: LeadFile): Promise<LeadFileOutcome> {
  demand(deps, actor, 'lead.import', {}, 'lead_import_not_allowed');
  const table = await readLeadFile(file.fileName, file.bytes, deps.policy.imports);
  if (isImportProblem(table)) return { kind: 'unreadable', problem: table };
  const report = await importLeads(deps, actor, table, {
    source: file.source ?? 'import',
    campaign: file.campaign ?? null,
  });
  const fileProblem = report.problems.find((p) => p.field === '(file)');
  if (fileProblem) return { kind: 'unreadable', problem: fileProblem };
  return { kind: 'imported', report };
}
