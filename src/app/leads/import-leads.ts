// Use case: import a lead list (trade show, purchased list) set-based — dedupe, insert, route and post in chunks;
// each owner whose open leads the list repeats gets one summary card for the whole import.
import { randomUUID } from 'node:crypto';
import { isDeadlock } from '../../db/deadlock.ts';
import { dedupeWithinFile } from '../../domain/leads/lead-file-repeats.ts';
import {
  type ImportTable,
  type LeadImportProblem,
  type ReadLeadRows,
  readLeadRows,
} from '../../domain/leads/lead-import.ts';
import { type ImportedDuplicateLine, importDuplicatesCard } from '../../messages/catalogue/leads.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { inTransaction } from '../unit-of-work.ts';
import type { MatchedOn } from './create-lead.ts';
import { type ImportState, IntakeRaced, importChunk } from './import-lead-chunk.ts';

export type ImportVia = 'import' | 'api-batch' | 'intake';

export interface ImportLeadsOptions {
  mapping?: Readonly<Record<string, string>>;
  source?: string | null;
  campaign?: string | null;
  // Rows per transaction: one import never holds one giant transaction (or every routing cursor) for long.
  chunkSize?: number;
  // How the rows arrived, recorded on each audit row and activity: a file import, or a JSON batch of POST /api/leads;
  // 'intake': single intakes taken together under load (take-in-leads-together.ts), each recorded as if alone.
  via?: ImportVia;
}

export interface ImportedDuplicate {
  line: number;
  number: string;
  // "file": an earlier row of the same file (ofLine) is the same person.
  matchedOn: MatchedOn | 'file';
  // How the person matched: for a repeat within the file, the earlier row's e-mail, phone or company.
  sameBy: MatchedOn;
  ofLine?: number;
  // The open lead's status.
  status: string;
  // The open lead the row was attached to.
  id: string;
}

// A lead the import made, with how it was routed.
export interface ImportedLead {
  line: number;
  id: string;
  number: string;
  status: string;
  owner?: { id: string; name: string };
  channel?: string;
}

export interface LeadImportReport {
  rows: number;
  created: number;
  routed: { offered: number; posted: number; unrouted: number };
  duplicates: ImportedDuplicate[];
  problems: LeadImportProblem[];
  ignoredColumns: string[];
  // Owners told, one summary card each, that the list repeated open leads of theirs.
  ownersNotified: number;
  // Every lead made, by line.
  createdLeads: ImportedLead[];
}

const defaultChunk = 1000;
// Times a chunk is tried when a concurrent intake of the same person beats one of its routed leads to the insert.
const raceAttempts = 3;

// The duplicates of one import that landed on one owner's leads, gathered over every chunk.
export type Notices = Map<string, ImportedDuplicateLine[]>;

export async function importLeads(
  deps: AppDeps,
  actor: Actor,
  table: ImportTable,
  options: ImportLeadsOptions = {},
): Promise<LeadImportReport> {
  const read = readLeadRows(table, {
    defaultRegion: deps.policy.org.phoneRegion,
    ...(options.mapping ? { mapping: options.mapping } : {}),
    source: options.source ?? 'import',
    campaign: options.campaign ?? null,
    currency: deps.policy.org.currency,
    labels: deps.policy.labels.book,
  });
  return importReadLeads(deps, actor, { ...read, count: table.rows.length }, options);
}

// The rows of a list already read (single intakes taken together come read): the rest of importLeads.
export async function importReadLeads(
  deps: AppDeps,
  actor: Actor,
  read: ReadLeadRows & { count: number },
  options: Omit<ImportLeadsOptions, 'mapping'> = {},
): Promise<LeadImportReport> {
  const report: LeadImportReport = {
    rows: read.count,
    created: 0,
    routed: { offered: 0, posted: 0, unrouted: 0 },
    duplicates: [],
    problems: read.problems,
    ignoredColumns: read.ignoredColumns,
    ownersNotified: 0,
    createdLeads: [],
  };
  const { unique, repeats } = dedupeWithinFile(read.rows);
  const repeatsByLine = new Map<number, typeof repeats>();
  for (const r of repeats) {
    const list = repeatsByLine.get(r.ofLine) ?? [];
    list.push(r);
    repeatsByLine.set(r.ofLine, list);
  }
  const notices: Notices = new Map();
  const createdIds = new Set<string>();
  const size = Math.max(1, options.chunkSize ?? defaultChunk);
  for (let i = 0; i < unique.length; i += size) {
    const chunk = unique.slice(i, i + size);
    for (let attempt = 1; ; attempt++) {
      // Each attempt records into its own state, kept only once its transaction commits.
      const mine: ImportState = {
        repeatsByLine,
        report: {
          ...report,
          created: 0,
          routed: { offered: 0, posted: 0, unrouted: 0 },
          duplicates: [],
          createdLeads: [],
        },
        notices: new Map(),
        createdIds: new Set(createdIds),
        via: options.via ?? 'import',
      };
      try {
        await inTransaction(deps, actor, (uow) => importChunk(uow, chunk, mine));
      } catch (error) {
        // A deadlock with a single intake of the same person (it locks the turn, then inserts; a chunk inserts its
        // leads that take no turn before it locks) rolled the chunk back whole: it is done again.
        if ((error instanceof IntakeRaced || isDeadlock(error)) && attempt < raceAttempts) continue;
        throw error;
      }
      report.created += mine.report.created;
      report.routed.offered += mine.report.routed.offered;
      report.routed.posted += mine.report.routed.posted;
      report.routed.unrouted += mine.report.routed.unrouted;
      report.duplicates.push(...mine.report.duplicates);
      report.createdLeads.push(...mine.report.createdLeads);
      for (const [holder, lines] of mine.notices)
        notices.set(holder, [...(notices.get(holder) ?? []), ...lines]);
      for (const id of mine.createdIds) createdIds.add(id);
      break;
    }
  }
  if (notices.size > 0) {
    // One card per owner for the whole list, sent once every chunk is in, instead of one per duplicate row.
    const importId = randomUUID();
    await inTransaction(deps, actor, (uow) =>
      uow.postMany(
        [...notices].map(([userId, lines]) => ({
          target: { kind: 'user', userId },
          refKey: `lead-import:${importId}:duplicates:${userId}`,
          build: (locale) => importDuplicatesCard(lines, locale, deps.policy.labels.book),
        })),
      ),
    );
    report.ownersNotified = notices.size;
  }
  report.duplicates.sort((a, b) => a.line - b.line);
  report.createdLeads.sort((a, b) => a.line - b.line);
  report.problems = [...report.problems].sort((a, b) => a.line - b.line);
  return report;
}
