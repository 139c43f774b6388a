// Use case: import a lead list (trade show, purchased list) set-based — dedupe, insert, route and post in chunks;
// each owner whose open leads the list repeats gets one summary card for the whole import.
import { randomUUID } from 'node:crypto';
import { and, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { insertMany } from '../../db/bulk-insert.ts';
import { customers, leadActivities, leads, routingCursors } from '../../db/schema.ts';
import { maskEmail, maskPhone } from '../../domain/access/mask.ts';
import { contactKey, type DedupeCandidate } from '../../domain/leads/dedupe.ts';
import {
  alikeFinder,
  dedupeWithinFile,
  type ImportTable,
  type LeadImportProblem,
  type LeadImportRow,
  readLeadRows,
} from '../../domain/leads/lead-import.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { type RoutingDecision, routeLead } from '../../domain/leads/routing.ts';
import {
  claimCard,
  type ImportedDuplicateLine,
  importDuplicatesCard,
  offerCard,
} from '../../messages/catalogue/leads.ts';
import { type Actor, type AppDeps, actorId } from '../deps.ts';
import { type AuditEntry, type CardPost, inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { publishLeadsCreated } from '../webhooks/publish-record-event.ts';
import type { MatchedOn } from './create-lead.ts';
import { cardDataOf, claimRef, type LeadRow, leadFacts, offerRef, takeTurn } from './route-lead.ts';

export interface ImportLeadsOptions {
  mapping?: Readonly<Record<string, string>>;
  source?: string | null;
  campaign?: string | null;
  // Rows per transaction: one import never holds one giant transaction (or every routing cursor) for long.
  chunkSize?: number;
  // How the rows arrived, recorded on each audit row and activity: a file import, or a JSON batch of POST /api/leads.
  via?: 'import' | 'api-batch';
}

export interface ImportedDuplicate {
  line: number;
  number: string;
  // "file": an earlier row of the same file (ofLine) is the same person.
  matchedOn: MatchedOn | 'file';
  ofLine?: number;
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

// The duplicates of one import that landed on one owner's leads, gathered over every chunk.
type Notices = Map<string, ImportedDuplicateLine[]>;

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
  });
  const report: LeadImportReport = {
    rows: table.rows.length,
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
    await inTransaction(deps, actor, (uow) =>
      importChunk(uow, chunk, { repeatsByLine, report, notices, createdIds, via: options.via ?? 'import' }),
    );
  }
  if (notices.size > 0) {
    // One card per owner for the whole list, sent once every chunk is in, instead of one per duplicate row.
    const importId = randomUUID();
    await inTransaction(deps, actor, (uow) =>
      uow.postMany(
        [...notices].map(([userId, lines]) => ({
          target: { kind: 'user', userId },
          refKey: `lead-import:${importId}:duplicates:${userId}`,
          build: (locale) => importDuplicatesCard(lines, locale),
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

interface Match {
  row: LeadImportRow;
  lead: LeadRow;
  matchedOn: MatchedOn;
}

interface ImportState {
  repeatsByLine: Map<number, { row: LeadImportRow; ofLine: number }[]>;
  report: LeadImportReport;
  notices: Notices;
  // Leads this import made: a later row landing on one is not news for its owner.
  createdIds: Set<string>;
  via: 'import' | 'api-batch';
}

// What one chunk writes, gathered so each table gets a few multi-row statements instead of one per row.
interface Writes {
  activities: (typeof leadActivities.$inferInsert)[];
  audits: AuditEntry[];
  posts: CardPost[];
}

async function importChunk(uow: UnitOfWork, chunk: LeadImportRow[], state: ImportState): Promise<void> {
  const { tx, now } = uow;
  const ring = uow.deps.keyring;
  const cores = [...new Set(chunk.flatMap((r) => (r.companyCore ? [r.companyCore] : [])))].sort();
  // The same lock single intake takes per company, in one order, so import and intake never both create one.
  if (cores.length > 0)
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext('lead-company:' || k)) from unnest(${sql.param(cores)}::text[]) as k order by k`,
    );
  const matches = await findOpenMatches(uow, chunk, true);
  const fresh = chunk.filter((r) => !matches.has(r.line));

  const customerKeys = [...new Set(fresh.flatMap((r) => (r.customerKey ? [r.customerKey] : [])))];
  const known = customerKeys.length
    ? await tx
        .select()
        .from(customers)
        .where(anyOf(customers.normalizedName, customerKeys, 'text'))
    : [];
  const customerOf = new Map(known.map((c) => [c.normalizedName, c]));

  const insertedIds = await insertMany(
    tx,
    leads,
    fresh.map((r) => ({
      name: r.name,
      company: r.company,
      email: ring.encrypt(r.email),
      phone: ring.encrypt(r.phone),
      emailBidx: ring.blindIndex('email', r.emailNorm),
      phoneBidx: ring.blindIndex('phone', r.phoneNorm),
      companyKey: r.companyCore,
      region: r.region,
      industry: r.industry,
      source: r.source ?? 'import',
      campaign: r.campaign,
      // A row naming no source takes the import's; its utm says so too.
      utm: r.utm && { ...r.utm, source: r.source ?? 'import' },
      note: r.note,
      ...r.facts,
      customerId: (r.customerKey && customerOf.get(r.customerKey)?.id) || null,
      createdAt: now,
      updatedAt: now,
    })),
    { onConflictDoNothing: true },
  );
  const inserted = insertedIds.length
    ? await tx
        .select()
        .from(leads)
        .where(anyOf(leads.id, insertedIds, 'uuid'))
    : [];
  // Rows come back in no promised order; e-mail / phone identify each among the inserted.
  const byContact = new Map<string, LeadRow>();
  for (const l of inserted) {
    if (l.emailBidx) byContact.set(`e:${l.emailBidx}`, l);
    if (l.phoneBidx) byContact.set(`p:${l.phoneBidx}`, l);
  }
  const created: { row: LeadImportRow; lead: LeadRow }[] = [];
  const lost: LeadImportRow[] = [];
  for (const r of fresh) {
    const lead =
      (r.emailNorm ? byContact.get(`e:${ring.blindIndex('email', r.emailNorm)}`) : undefined) ??
      (r.phoneNorm ? byContact.get(`p:${ring.blindIndex('phone', r.phoneNorm)}`) : undefined);
    if (lead) created.push({ row: r, lead });
    else lost.push(r);
  }
  // A concurrent intake committed the same person between our look-up and the insert: that lead is the original.
  if (lost.length > 0) for (const [line, m] of await findOpenMatches(uow, lost, false)) matches.set(line, m);
  for (const c of created) state.createdIds.add(c.lead.id);

  const writes: Writes = { activities: [], audits: [], posts: [] };
  recordCreated(uow, created, writes, state.via);
  await routeCreated(uow, created, state.report, writes);
  const leadOfLine = new Map<number, LeadRow>([
    ...created.map((c) => [c.row.line, c.lead] as const),
    ...[...matches.values()].map((m) => [m.row.line, m.lead] as const),
  ]);
  const repeats = chunk.flatMap((r) => state.repeatsByLine.get(r.line) ?? []);
  recordDuplicates(uow, [...matches.values()], repeats, leadOfLine, state, writes);

  await insertMany(tx, leadActivities, writes.activities);
  await uow.auditMany(writes.audits);
  await uow.postMany(writes.posts);
  await publishLeadsCreated(
    uow,
    created.map((c) => c.lead.id),
  );
  state.report.created += created.length;
}

// One array parameter for a whole chunk's values: drizzle's inArray binds (and builds) one parameter per value.
const anyOf = (column: PgColumn | SQL, values: readonly string[], type: 'text' | 'uuid'): SQL =>
  sql`${column} = any(${sql.param([...values])}::${sql.raw(type)}[])`;

const prefixOf = (core: string) => [...core].slice(0, 2).join('');

const matchColumns = {
  id: leads.id,
  emailBidx: leads.emailBidx,
  phoneBidx: leads.phoneBidx,
  emailNorm: leads.emailNorm,
  phoneNorm: leads.phoneNorm,
  companyKey: leads.companyKey,
  name: leads.name,
};

// Open leads that are the same person as a row: exactly by e-mail or phone, else alike on company and contact.
async function findOpenMatches(
  uow: UnitOfWork,
  rows: readonly LeadImportRow[],
  alike: boolean,
): Promise<Map<number, Match>> {
  const { tx } = uow;
  const ring = uow.deps.keyring;
  const emails = rows.flatMap((r) => (r.emailNorm ? [r.emailNorm] : []));
  const phones = rows.flatMap((r) => (r.phoneNorm ? [r.phoneNorm] : []));
  // Blind indexes; the plain columns only for leads taken in before encryption and not yet backfilled.
  const exactBy = [
    emails.length
      ? anyOf(
          leads.emailBidx,
          emails.map((e) => ring.blindIndex('email', e)),
          'text',
        )
      : undefined,
    phones.length
      ? anyOf(
          leads.phoneBidx,
          phones.map((p) => ring.blindIndex('phone', p)),
          'text',
        )
      : undefined,
    emails.length ? anyOf(leads.emailNorm, emails, 'text') : undefined,
    phones.length ? anyOf(leads.phoneNorm, phones, 'text') : undefined,
  ].filter((c) => c !== undefined);
  const exact = exactBy.length
    ? await tx
        .select(matchColumns)
        .from(leads)
        .where(and(isNull(leads.closedAt), or(...exactBy)))
    : [];
  const emailKey = (l: (typeof exact)[number]) => l.emailBidx ?? ring.blindIndex('email', l.emailNorm);
  const phoneKey = (l: (typeof exact)[number]) => l.phoneBidx ?? ring.blindIndex('phone', l.phoneNorm);
  const byEmail = new Map(exact.flatMap((l) => (emailKey(l) ? [[emailKey(l), l.id] as const] : [])));
  const byPhone = new Map(exact.flatMap((l) => (phoneKey(l) ? [[phoneKey(l), l.id] as const] : [])));
  const found: { row: LeadImportRow; id: string; matchedOn: MatchedOn }[] = [];
  const rest: LeadImportRow[] = [];
  for (const row of rows) {
    const email = row.emailNorm ? byEmail.get(ring.blindIndex('email', row.emailNorm)) : undefined;
    const phone = row.phoneNorm ? byPhone.get(ring.blindIndex('phone', row.phoneNorm)) : undefined;
    if (email) found.push({ row, id: email, matchedOn: 'email' });
    else if (phone) found.push({ row, id: phone, matchedOn: 'phone' });
    else if (alike && row.companyCore) rest.push(row);
  }

  // Only rows no e-mail or phone placed are compared on company and contact, and only within a two-character
  // prefix, as intake looks them up: a big import stays linear, and a re-import skips this entirely.
  const prefixes = [...new Set(rest.map((r) => prefixOf(r.companyCore ?? '')))];
  const near = prefixes.length
    ? await tx
        .select(matchColumns)
        .from(leads)
        .where(and(isNull(leads.closedAt), anyOf(sql`substr(${leads.companyKey}, 1, 2)`, prefixes, 'text')))
    : [];
  const groups = new Map<string, DedupeCandidate[]>();
  for (const l of near) {
    if (!l.companyKey) continue;
    const group = groups.get(prefixOf(l.companyKey)) ?? [];
    group.push({ id: l.id, companyCore: l.companyKey, contact: contactKey(l.name) });
    groups.set(prefixOf(l.companyKey), group);
  }
  const finders = new Map([...groups].map(([prefix, group]) => [prefix, alikeFinder(group)]));
  for (const row of rest) {
    const core = row.companyCore ?? '';
    const match = finders.get(prefixOf(core))?.({ companyCore: core, contact: row.contactKey });
    if (match) found.push({ row, id: match.id, matchedOn: 'company' });
  }

  const out = new Map<number, Match>();
  if (found.length === 0) return out;
  const full = await tx
    .select()
    .from(leads)
    .where(anyOf(leads.id, [...new Set(found.map((f) => f.id))], 'uuid'));
  const byId = new Map(full.map((l) => [l.id, l]));
  for (const f of found) {
    const lead = byId.get(f.id);
    if (lead) out.set(f.row.line, { row: f.row, lead, matchedOn: f.matchedOn });
  }
  return out;
}

function recordCreated(
  uow: UnitOfWork,
  created: readonly { row: LeadImportRow; lead: LeadRow }[],
  writes: Writes,
  via: ImportState['via'],
): void {
  for (const { row, lead } of created) {
    writes.audits.push({
      action: 'lead.create',
      entityType: 'lead',
      entityId: lead.id,
      after: {
        number: leadNumber(lead.seq),
        name: lead.name,
        company: lead.company,
        // Masked: the audit log must not keep personal data in the clear.
        email: row.emailNorm === null ? null : maskEmail(row.emailNorm),
        phone: row.phoneNorm === null ? null : maskPhone(row.phoneNorm),
        source: lead.source,
        customerId: lead.customerId,
        via,
      },
    });
    writes.activities.push({
      leadId: lead.id,
      actorId: actorId(uow.actor),
      kind: 'created',
      data: { source: lead.source, campaign: lead.campaign, via, line: row.line },
      at: uow.now,
    });
  }
}

// Routes every new lead of the chunk with one roster read and one cursor lock, keeping loads and turns in memory.
async function routeCreated(
  uow: UnitOfWork,
  created: readonly { row: LeadImportRow; lead: LeadRow }[],
  report: LeadImportReport,
  writes: Writes,
): Promise<void> {
  if (created.length === 0) return;
  const { tx, now, deps } = uow;
  const { cursors, weighted, candidates } = await takeTurn(uow);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const customerIds = [...new Set(created.flatMap((c) => (c.lead.customerId ? [c.lead.customerId] : [])))];
  const customerRows = customerIds.length
    ? await tx
        .select({ id: customers.id, name: customers.name, ownerId: customers.ownerId })
        .from(customers)
        .where(inArray(customers.id, customerIds))
    : [];
  const customerOf = new Map(customerRows.map((c) => [c.id, c]));
  const moved = new Set<string>();
  const decisions: { line: number; lead: LeadRow; decision: RoutingDecision; routed: LeadRow }[] = [];
  for (const { row, lead } of created) {
    const decision = routeLead({
      lead: leadFacts(lead, (lead.customerId && customerOf.get(lead.customerId)) || null),
      rules: deps.policy.routing.rules,
      candidates,
      cursors,
      weighted,
      now,
    });
    // The lead as the update below leaves it: its card and audit need no second read.
    const routed: LeadRow = {
      ...lead,
      status: decision.kind === 'unrouted' ? 'new' : 'offered',
      offeredToId: decision.kind === 'offer' ? decision.userId : null,
      claimChannel: decision.kind === 'claim' ? decision.channel : null,
      routingRule: decision.reason.rule,
      routingStrategy: decision.reason.strategy,
      routingReason: decision.reason,
      offeredAt: decision.kind === 'unrouted' ? lead.offeredAt : now,
      updatedAt: now,
    };
    decisions.push({ line: row.line, lead, decision, routed });
    if (decision.kind !== 'offer') continue;
    const taker = byId.get(decision.userId);
    if (taker) {
      taker.openLeads++;
      taker.offeredToday++;
    }
    if (decision.cursor) {
      cursors[decision.cursor.rule] = decision.cursor.userId;
      moved.add(decision.cursor.rule);
    }
    if (decision.weighted) {
      weighted[decision.weighted.rule] = decision.weighted.state;
      cursors[decision.weighted.rule] = decision.userId;
      moved.add(decision.weighted.rule);
    }
  }

  const changes = decisions.map(({ routed }) => ({
    id: routed.id,
    status: routed.status,
    offered_to_id: routed.offeredToId,
    claim_channel: routed.claimChannel,
    routing_rule: routed.routingRule,
    routing_strategy: routed.routingStrategy,
    routing_reason: routed.routingReason,
  }));
  await tx.execute(sql`
    update leads as l set
      status = v.status, offered_to_id = v.offered_to_id, claim_channel = v.claim_channel,
      routing_rule = v.routing_rule, routing_strategy = v.routing_strategy, routing_reason = v.routing_reason,
      offered_at = case when v.status = 'offered' then ${now.toISOString()}::timestamptz else l.offered_at end,
      updated_at = ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as v(
      id uuid, status text, offered_to_id uuid, claim_channel text,
      routing_rule text, routing_strategy text, routing_reason jsonb)
    where l.id = v.id`);

  for (const rule of moved) {
    const state = weighted[rule];
    const values = { lastUserId: cursors[rule] ?? null, ...(state ? { state } : {}), updatedAt: now };
    await tx
      .insert(routingCursors)
      .values({ rule, ...values })
      .onConflictDoUpdate({ target: routingCursors.rule, set: values });
  }
  for (const { line, lead, decision, routed } of decisions) {
    const taker = decision.kind === 'offer' ? byId.get(decision.userId) : undefined;
    report.createdLeads.push({
      line,
      id: lead.id,
      number: leadNumber(lead.seq),
      status: routed.status,
      ...(taker ? { owner: { id: taker.id, name: taker.name } } : {}),
      ...(decision.kind === 'claim' ? { channel: decision.channel } : {}),
    });
    writes.activities.push({
      leadId: lead.id,
      actorId: actorId(uow.actor),
      kind:
        decision.kind === 'offer' ? 'offered' : decision.kind === 'claim' ? 'posted_for_claim' : 'unrouted',
      data: {
        ...(decision.kind === 'offer' ? { to: decision.userId } : {}),
        ...(decision.kind === 'claim' ? { channel: decision.channel } : {}),
        reason: decision.reason,
      },
      at: now,
    });
    writes.audits.push({
      action: 'lead.route',
      entityType: 'lead',
      entityId: lead.id,
      before: { status: lead.status, offeredToId: lead.offeredToId, claimChannel: lead.claimChannel },
      after: {
        status: routed.status,
        offeredToId: routed.offeredToId,
        claimChannel: routed.claimChannel,
        reason: decision.reason,
      },
    });
    const card = cardDataOf(routed, uow.deps);
    if (decision.kind === 'offer') {
      report.routed.offered++;
      writes.posts.push({
        target: { kind: 'user', userId: decision.userId },
        refKey: offerRef(lead.id, decision.userId),
        build: (locale) => offerCard(card, locale),
      });
    } else if (decision.kind === 'claim') {
      report.routed.posted++;
      writes.posts.push({
        target: { kind: 'channel', name: decision.channel },
        refKey: claimRef(lead.id),
        build: (locale) => claimCard(card, locale),
      });
    } else report.routed.unrouted++;
  }
}

// Each duplicate row becomes a `duplicate` touch on the open lead it repeats, with its source, as intake records it;
// a lead that was open before this import puts the row on its holder's summary card.
function recordDuplicates(
  uow: UnitOfWork,
  matches: readonly Match[],
  repeats: readonly { row: LeadImportRow; ofLine: number }[],
  leadOfLine: ReadonlyMap<number, LeadRow>,
  state: ImportState,
  writes: Writes,
): void {
  const touches: { row: LeadImportRow; lead: LeadRow; matchedOn: MatchedOn | 'file'; ofLine?: number }[] =
    matches.map((m) => ({ row: m.row, lead: m.lead, matchedOn: m.matchedOn }));
  for (const r of repeats) {
    const lead = leadOfLine.get(r.ofLine);
    if (lead) touches.push({ row: r.row, lead, matchedOn: 'file', ofLine: r.ofLine });
  }
  for (const { row, lead, matchedOn, ofLine } of touches) {
    writes.activities.push({
      leadId: lead.id,
      actorId: actorId(uow.actor),
      kind: 'duplicate',
      note: row.note,
      data: {
        source: row.source ?? 'import',
        campaign: row.campaign,
        name: row.name,
        email: uow.deps.keyring.encrypt(row.email),
        phone: uow.deps.keyring.encrypt(row.phone),
        note: row.note,
        matchedOn,
        via: state.via,
        line: row.line,
      },
      at: uow.now,
    });
    writes.audits.push({
      action: 'lead.duplicate',
      entityType: 'lead',
      entityId: lead.id,
      after: { source: row.source ?? 'import', campaign: row.campaign, matchedOn, via: state.via },
    });
    state.report.duplicates.push({
      line: row.line,
      number: leadNumber(lead.seq),
      matchedOn,
      ...(ofLine !== undefined ? { ofLine } : {}),
      id: lead.id,
    });
    const holder = lead.ownerId ?? lead.offeredToId;
    if (matchedOn === 'file' || !holder || state.createdIds.has(lead.id)) continue;
    const lines = state.notices.get(holder) ?? [];
    lines.push({
      number: leadNumber(lead.seq),
      name: lead.name,
      company: lead.company,
      source: row.source ?? 'import',
      campaign: row.campaign,
      matchedOn,
      line: row.line,
    });
    state.notices.set(holder, lines);
  }
}
