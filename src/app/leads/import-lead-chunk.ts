// Owns one chunk of a lead import in its transaction: dedupe against open leads, insert every new lead routed (the
// turn-taking ones under the routing cursors' lock), and record creations, routing and duplicates in a few statements.
import type { SQLWrapper } from 'drizzle-orm';
import { insertMany, insertManyReturning, insertRows } from '../../db/bulk-insert.ts';
import { drawLeadNumbers, lockLeadCompanies } from '../../db/lead-locks.ts';
import { anyOf } from '../../db/lead-lookups.ts';
import { customers, leadActivities, leads } from '../../db/schema.ts';
import type { LeadImportRow } from '../../domain/leads/lead-import.ts';
import type { LeadFacts, RoutingDecision } from '../../domain/leads/routing.ts';
import type { AuditEntry, CardPost, TargetUser, UnitOfWork } from '../unit-of-work.ts';
import { listeningEndpoints } from '../webhooks/publish-event.ts';
import { publishLeadsCreated } from '../webhooks/publish-record-event.ts';
import { blindIndexesOf, type RowBlindIndexes } from './contact-keys.ts';
import { findOpenMatches } from './find-open-matches.ts';
import type { ImportVia, LeadImportReport, Notices } from './import-leads.ts';
import { recordCreated, recordDuplicates } from './record-imported-leads.ts';
import { decideWithoutTurn, type RoutedLead, recordRouted, routeTurns } from './route-imported-leads.ts';
import { type LeadRow, leadFacts, routingColumns, unrouted } from './route-lead.ts';

export interface ImportState {
  repeatsByLine: Map<number, { row: LeadImportRow; ofLine: number }[]>;
  report: LeadImportReport;
  notices: Notices;
  // Leads this import made: a later row landing on one is not news for its owner.
  createdIds: Set<string>;
  via: ImportVia;
}

// What one chunk writes, gathered so each table gets a few multi-row statements instead of one per row.
export interface Writes {
  activities: (typeof leadActivities.$inferInsert)[];
  audits: AuditEntry[];
  posts: CardPost[];
  // Routing's lead updates and cursor moves.
  statements: SQLWrapper[];
  // Users routing already read, so their cards need no look-up.
  people: Map<string, TargetUser>;
}

// Rows (activities, audit rows, cards: about five a lead) up to which a chunk writes them in one statement, one JSON
// parameter a table; a bigger chunk (a file import) writes table by table in multi-row batches.
const oneStatementRows = 1000;

export async function importChunk(
  uow: UnitOfWork,
  chunk: LeadImportRow[],
  state: ImportState,
): Promise<void> {
  const { tx, now } = uow;
  const ring = uow.deps.keyring;
  const cores = [...new Set(chunk.flatMap((r) => (r.companyCore ? [r.companyCore] : [])))].sort();
  // The same lock single intake takes per company, so import and intake never both create one.
  await lockLeadCompanies(tx, cores);
  const bidx = blindIndexesOf(ring, chunk);
  const matches = await findOpenMatches(uow, chunk, true, bidx);
  const fresh = chunk.filter((r) => !matches.has(r.line));

  const customerKeys = [...new Set(fresh.flatMap((r) => (r.customerKey ? [r.customerKey] : [])))];
  const known = customerKeys.length
    ? await tx
        .select()
        .from(customers)
        .where(anyOf(customers.normalizedName, customerKeys, 'text'))
    : [];
  const customerOf = new Map(known.map((c) => [c.normalizedName, c]));

  // Every lead goes in routed (one write each). A lead that takes no turn is decided now and inserted with the
  // chunk's other pick-independent writes; the rest are decided under the cursors' lock after those writes, and
  // inserted then, so the lock covers only their few statements.
  const decidedOf = new Map<number, RoutingDecision>();
  const turning: { row: LeadImportRow; value: typeof leads.$inferInsert; facts: LeadFacts }[] = [];
  const first: { row: LeadImportRow; value: typeof leads.$inferInsert }[] = [];
  for (const r of fresh) {
    const customer = (r.customerKey && customerOf.get(r.customerKey)) || null;
    const value = {
      name: r.name,
      company: r.company,
      email: ring.encrypt(r.email),
      phone: ring.encrypt(r.phone),
      emailBidx: bidx.get(r.line)?.email ?? null,
      phoneBidx: bidx.get(r.line)?.phone ?? null,
      companyKey: r.companyCore,
      region: r.region,
      industry: r.industry,
      source: r.source ?? 'import',
      campaign: r.campaign,
      // A row naming no source takes the import's; its utm says so too.
      utm: r.utm && { ...r.utm, source: r.source ?? 'import' },
      note: r.note,
      ...r.facts,
      customerId: customer?.id ?? null,
      createdAt: now,
      updatedAt: now,
    };
    const facts = leadFacts(
      value,
      customer ? { id: customer.id, name: customer.name, ownerId: customer.ownerId } : null,
    );
    const decision = decideWithoutTurn(uow, facts);
    if (!decision) {
      turning.push({ row: r, value: { ...value, status: 'new' }, facts });
      continue;
    }
    decidedOf.set(r.line, decision);
    first.push({ row: r, value: { ...value, ...routingColumns(decision, now) } });
  }
  // Numbers follow the rows' order although the turn-taking leads go in later: all are drawn now, in line order.
  if (turning.length > 0) {
    const seqs = await drawLeadNumbers(tx, fresh.length);
    const seqOf = new Map(fresh.map((r, i) => [r.line, seqs[i]]));
    for (const f of first) f.value.seq = seqOf.get(f.row.line);
    for (const t of turning) t.value.seq = seqOf.get(t.row.line);
  }
  const inserted = await insertManyReturning(
    tx,
    leads,
    first.map((f) => f.value),
    { onConflictDoNothing: true },
  );
  const { placed: created, lost } = placeInserted(
    bidx,
    first.map((f) => f.row),
    inserted,
  );
  // A concurrent intake committed the same person between our look-up and the insert: that lead is the original.
  if (lost.length > 0)
    for (const [line, m] of await findOpenMatches(uow, lost, false, bidx)) matches.set(line, m);
  for (const c of created) state.createdIds.add(c.lead.id);

  const writes: Writes = { activities: [], audits: [], posts: [], statements: [], people: new Map() };
  recordCreated(uow, created, writes, state.via);
  const decided: RoutedLead[] = [];
  for (const { row, lead } of created) {
    const decision = decidedOf.get(row.line);
    if (decision) decided.push({ line: row.line, lead: { ...lead, ...unrouted }, decision, routed: lead });
  }
  recordRouted(uow, decided, state.report, writes);
  const leadOfLine = new Map<number, LeadRow>([
    ...created.map((c) => [c.row.line, c.lead] as const),
    ...[...matches.values()].map((m) => [m.row.line, m.lead] as const),
  ]);
  // A row repeating a lead that is yet to take its turn is recorded once that lead is in (its holder's card).
  const turningLines = new Set(turning.map((t) => t.row.line));
  const repeats = chunk.flatMap((r) => state.repeatsByLine.get(r.line) ?? []);
  recordDuplicates(
    uow,
    [...matches.values()],
    repeats.filter((r) => !turningLines.has(r.ofLine)),
    leadOfLine,
    state,
    writes,
  );
  // Read before routing takes the cursors' lock: nothing is looked up while other intakes queue behind it.
  const listening = fresh.length > 0 ? await listeningEndpoints(uow, 'lead.created') : [];
  await writeAll(uow, writes);
  const turned: LeadRow[] = [];
  if (turning.length > 0) {
    const afterTurn: Writes = { activities: [], audits: [], posts: [], statements: [], people: new Map() };
    const decisions = await routeTurns(
      uow,
      turning.map((t) => ({ line: t.row.line, facts: t.facts })),
      afterTurn,
    );
    const values = turning.map((t) => {
      const d = decisions.get(t.row.line);
      return d ? { ...t.value, ...routingColumns(d.decision, now) } : t.value;
    });
    const placed = placeInserted(
      bidx,
      turning.map((t) => t.row),
      await insertManyReturning(tx, leads, values, { onConflictDoNothing: true }),
    );
    // Each pick above counted on its lead going in: one lost to a concurrent intake of the same person makes the
    // later picks wrong, so the chunk is done again (it then finds that person's lead).
    if (placed.lost.length > 0) throw new IntakeRaced();
    recordCreated(uow, placed.placed, afterTurn, state.via);
    const routed: RoutedLead[] = [];
    for (const { row, lead } of placed.placed) {
      state.createdIds.add(lead.id);
      leadOfLine.set(row.line, lead);
      turned.push(lead);
      const d = decisions.get(row.line);
      if (d) routed.push({ line: row.line, lead: { ...lead, ...unrouted }, routed: lead, ...d });
    }
    recordRouted(uow, routed, state.report, afterTurn);
    recordDuplicates(
      uow,
      [],
      repeats.filter((r) => turningLines.has(r.ofLine)),
      leadOfLine,
      state,
      afterTurn,
    );
    await writeAll(uow, afterTurn);
  }
  await publishLeadsCreated(uow, [...created.map((c) => c.lead.id), ...turned.map((l) => l.id)], listening);
  state.report.created += created.length + turned.length;
}

// A chunk's turn-taking lead lost its insert to a concurrent intake of the same person after its routing pick.
export class IntakeRaced extends Error {
  constructor() {
    super('a lead routed in this chunk was taken in concurrently; the chunk is done again');
  }
}

// Which inserted lead is which row: rows come back in no promised order, and e-mail / phone identify each among the
// inserted; a row with none was lost to a concurrent insert of the same person.
function placeInserted(
  bidx: RowBlindIndexes,
  rows: readonly LeadImportRow[],
  inserted: readonly LeadRow[],
): { placed: { row: LeadImportRow; lead: LeadRow }[]; lost: LeadImportRow[] } {
  const byContact = new Map<string, LeadRow>();
  for (const l of inserted) {
    if (l.emailBidx) byContact.set(`e:${l.emailBidx}`, l);
    if (l.phoneBidx) byContact.set(`p:${l.phoneBidx}`, l);
  }
  const placed: { row: LeadImportRow; lead: LeadRow }[] = [];
  const lost: LeadImportRow[] = [];
  for (const r of rows) {
    const keys = bidx.get(r.line);
    const lead =
      (keys?.email ? byContact.get(`e:${keys.email}`) : undefined) ??
      (keys?.phone ? byContact.get(`p:${keys.phone}`) : undefined);
    if (lead) placed.push({ row: r, lead });
    else lost.push(r);
  }
  return { placed, lost };
}

// Writes a chunk's gathered rows: a small chunk (intakes taken together) in one statement, a file's table by table.
async function writeAll(uow: UnitOfWork, writes: Writes): Promise<void> {
  const rows = writes.activities.length + writes.audits.length + writes.posts.length;
  if (rows <= oneStatementRows) {
    await uow.together({
      statements: [
        ...writes.statements,
        ...(writes.activities.length > 0 ? [insertRows(leadActivities, writes.activities)] : []),
      ],
      audit: writes.audits,
      posts: writes.posts,
      people: writes.people,
    });
    return;
  }
  for (const statement of writes.statements) await uow.tx.execute(statement.getSQL());
  await insertMany(uow.tx, leadActivities, writes.activities);
  await uow.auditMany(writes.audits);
  await uow.postMany(writes.posts);
}
