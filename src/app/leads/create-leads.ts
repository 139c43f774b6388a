// Use case: take in a batch of leads (POST /api/leads { leads }) through the import's set-based path, item by item.

import type { LabelBook } from '../../domain/labels.ts';
import {
  type ImportTable,
  type LeadImportField,
  type LeadImportProblemCode,
  leadImportCells,
  leadImportFields,
  leadImportRow,
  type ReadLeadRows,
} from '../../domain/leads/lead-import.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import type { MatchedOn, NewLead, ReadLead } from './create-lead.ts';
import { importLeads, importReadLeads } from './import-leads.ts';

// A lead of the batch that passed the edge's checks, with its position in the posted list.
export interface BatchLead {
  index: number;
  lead: NewLead;
  // As the intake queue read it when it came in: not read again.
  read?: ReadLead;
}

export type BatchItemResult =
  | {
      index: number;
      result: 'created';
      id: string;
      number: string;
      status: string;
      owner?: { id: string; name: string };
      channel?: string;
    }
  | {
      index: number;
      result: 'duplicate';
      id: string;
      number: string;
      // "batch": an earlier item of the same batch (ofIndex) is the same person.
      matchedOn: MatchedOn | 'batch';
      ofIndex?: number;
      // How the person matched, also for a repeat of an earlier item; and the open lead's status.
      sameBy: MatchedOn;
      status: string;
    }
  | {
      index: number;
      result: 'invalid';
      // Fields as NewLead names them (companySize, not company_size).
      problems: { field: keyof NewLead; code: LeadImportProblemCode; vars: Record<string, string> }[];
    };

const fieldOf: Record<LeadImportField, keyof NewLead> = {
  name: 'name',
  company: 'company',
  email: 'email',
  phone: 'phone',
  region: 'region',
  industry: 'industry',
  source: 'source',
  campaign: 'campaign',
  utm_medium: 'utmMedium',
  utm_term: 'utmTerm',
  utm_content: 'utmContent',
  note: 'note',
  province: 'province',
  city: 'city',
  company_size: 'companySize',
  deal_size: 'dealSize',
  deal_currency: 'dealCurrency',
  language: 'language',
};

// An item's field as a sheet's cell holds it.
const cellText = (lead: NewLead, f: LeadImportField) => {
  const v = lead[fieldOf[f]];
  return v === null || v === undefined ? '' : String(v);
};

// Items become rows of a sheet whose columns are exactly the lead fields; row n is item n − 1, so an owner's
// summary card counts items from 1 as it counts a file's lines.
function tableOf(items: readonly BatchLead[]): ImportTable {
  return {
    header: { line: 0, cells: [...leadImportFields] },
    rows: items.map(({ index, lead }) => ({
      line: index + 1,
      cells: leadImportFields.map((f) => cellText(lead, f)),
    })),
  };
}

// Items every one of which intake has read already, as the rows reading their sheet would give; else null.
function rowsOf(
  items: readonly BatchLead[],
  source: string,
  labels: LabelBook,
): (ReadLeadRows & { count: number }) | null {
  const rows: ReadLeadRows['rows'] = [];
  for (const { index, lead, read } of items) {
    if (!read) return null;
    const cells = leadImportCells((f) => cellText(lead, f));
    rows.push(
      leadImportRow(index + 1, cells, read.contact, read.facts.row, { source, campaign: null, labels }),
    );
  }
  return { rows, problems: [], ignoredColumns: [], count: items.length };
}

export async function createLeads(
  deps: AppDeps,
  actor: Actor,
  items: readonly BatchLead[],
  // 'intake': single requests taken together, each recorded as it would be alone.
  via: 'api-batch' | 'intake' = 'api-batch',
): Promise<BatchItemResult[]> {
  // The same question a single intake asks: taken together or posted as a batch, each is still an entered lead.
  demand(deps, actor, 'lead.create', {}, 'lead_create_not_allowed');
  if (items.length === 0) return [];
  // As a single intake: a lead naming no source came from the website (or chat, typed by a person).
  const options = { source: actor.kind === 'user' ? 'chat' : 'web', campaign: null, via };
  const read = rowsOf(items, options.source, deps.policy.labels.book);
  const report = read
    ? await importReadLeads(deps, actor, read, options)
    : await importLeads(deps, actor, tableOf(items), options);
  const results: BatchItemResult[] = [];
  for (const c of report.createdLeads) {
    results.push({
      index: c.line - 1,
      result: 'created',
      id: c.id,
      number: c.number,
      status: c.status,
      ...(c.owner ? { owner: c.owner } : {}),
      ...(c.channel ? { channel: c.channel } : {}),
    });
  }
  for (const d of report.duplicates) {
    results.push({
      index: d.line - 1,
      result: 'duplicate',
      id: d.id,
      number: d.number,
      matchedOn: d.matchedOn === 'file' ? 'batch' : d.matchedOn,
      sameBy: d.sameBy,
      status: d.status,
      ...(d.ofLine !== undefined ? { ofIndex: d.ofLine - 1 } : {}),
    });
  }
  const problems = new Map<number, Extract<BatchItemResult, { result: 'invalid' }>['problems']>();
  for (const p of report.problems) {
    if (p.field === '(file)') throw new Error(`a batch has no file to fault: ${p.code}`);
    const list = problems.get(p.line - 1) ?? [];
    list.push({ field: fieldOf[p.field], code: p.code, vars: p.vars });
    problems.set(p.line - 1, list);
  }
  for (const [index, list] of problems) results.push({ index, result: 'invalid', problems: list });
  return results.sort((a, b) => a.index - b.index);
}
