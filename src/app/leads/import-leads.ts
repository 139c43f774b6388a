// Use case: import a lead list (trade show, purchased list) set-based — dedupe, insert, route and post in chunks.
import { and, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { auditLog, customers, leadActivities, leads, routingCursors } from '../../db/schema.ts';
import { contactKey, type DedupeCandidate, fuzzyDuplicate } from '../../domain/leads/dedupe.ts';
import {
  dedupeWithinFile,
  type ImportTable,
  type LeadImportProblem,
  type LeadImportRow,
  readLeadRows,
} from '../../domain/leads/lead-import.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { type RoutingDecision, routeLead } from '../../domain/leads/routing.ts';
import { claimCard, offerCard } from '../../messages/catalogue/leads.ts';
import { type Actor, type AppDeps, actorId, actorLabel } from '../deps.ts';
import { type AuditEntry, inTransaction, type UnitOfWork } from '../unit-of-work.ts';
import { defaultPhoneRegion, type MatchedOn } from './create-lead.ts';
import { cardDataOf, claimRef, type LeadRow, loadCandidates, lockCursors, offerRef } from './route-lead.ts';

export interface ImportLeadsOptions {
  mapping?: Readonly<Record<string, string>>;
  source?: string | null;
  campaign?: string | null;
  // Rows per transaction: one import never holds one giant transaction (or every routing cursor) for long.
  chunkSize?: number;
}

export interface ImportedDuplicate {
  line: number;
  number: string;
  // "file": an earlier row of the same file (ofLine) is the same person.
  matchedOn: MatchedOn | 'file';
  ofLine?: number;
}

export interface LeadImportReport {
  rows: number;
  created: number;
  routed: { offered: number; posted: number; unrouted: number };
  duplicates: ImportedDuplicate[];
  problems: LeadImportProblem[];
  ignoredColumns: string[];
}

const defaultChunk = 500;

export async function importLeads(
  deps: AppDeps,
  actor: Actor,
  table: ImportTable,
  options: ImportLeadsOptions = {},
): Promise<LeadImportReport> {
  const read = readLeadRows(table, {
    defaultRegion: defaultPhoneRegion,
    ...(options.mapping ? { mapping: options.mapping } : {}),
    source: options.source ?? 'import',
    campaign: options.campaign ?? null,
  });
  const report: LeadImportReport = {
    rows: table.rows.length,
    created: 0,
    routed: { offered: 0, posted: 0, unrouted: 0 },
    duplicates: [],
    problems: read.problems,
    ignoredColumns: read.ignoredColumns,
  };
  const { unique, repeats } = dedupeWithinFile(read.rows);
  const repeatsByLine = new Map<number, typeof repeats>();
  for (const r of repeats) {
    const list = repeatsByLine.get(r.ofLine) ?? [];
    list.push(r);
    repeatsByLine.set(r.ofLine, list);
  }
  const size = Math.max(1, options.chunkSize ?? defaultChunk);
  for (let i = 0; i < unique.length; i += size) {
    const chunk = unique.slice(i, i + size);
    await inTransaction(deps, actor, (uow) => importChunk(uow, chunk, repeatsByLine, report));
  }
  report.duplicates.sort((a, b) => a.line - b.line);
  report.problems = [...report.problems].sort((a, b) => a.line - b.line);
  return report;
}

interface Match {
  row: LeadImportRow;
  lead: LeadRow;
  matchedOn: MatchedOn;
}

async function importChunk(
  uow: UnitOfWork,
  chunk: LeadImportRow[],
  repeatsByLine: Map<number, { row: LeadImportRow; ofLine: number }[]>,
  report: LeadImportReport,
): Promise<void> {
  const { tx, now } = uow;
  const cores = [...new Set(chunk.flatMap((r) => (r.companyCore ? [r.companyCore] : [])))].sort();
  // The same lock single intake takes per company, in one order, so import and intake never both create one.
  if (cores.length > 0)
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext('lead-company:' || k)) from unnest(${textArray(cores)}) as k order by k`,
    );
  const matches = await findOpenMatches(uow, chunk, cores);
  const fresh = chunk.filter((r) => !matches.has(r.line));

  const customerKeys = [...new Set(fresh.flatMap((r) => (r.customerKey ? [r.customerKey] : [])))];
  const known = customerKeys.length
    ? await tx.select().from(customers).where(inArray(customers.normalizedName, customerKeys))
    : [];
  const customerOf = new Map(known.map((c) => [c.normalizedName, c]));

  const inserted = fresh.length
    ? await tx
        .insert(leads)
        .values(
          fresh.map((r) => ({
            name: r.name,
            company: r.company,
            email: r.email,
            phone: r.phone,
            emailNorm: r.emailNorm,
            phoneNorm: r.phoneNorm,
            companyKey: r.companyCore,
            region: r.region,
            industry: r.industry,
            source: r.source ?? 'import',
            campaign: r.campaign,
            note: r.note,
            customerId: (r.customerKey && customerOf.get(r.customerKey)?.id) || null,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .onConflictDoNothing()
        .returning()
    : [];
  // Rows come back in no promised order; e-mail / phone identify each among the inserted.
  const byContact = new Map<string, LeadRow>();
  for (const l of inserted) {
    if (l.emailNorm) byContact.set(`e:${l.emailNorm}`, l);
    if (l.phoneNorm) byContact.set(`p:${l.phoneNorm}`, l);
  }
  const created: { row: LeadImportRow; lead: LeadRow }[] = [];
  const lost: LeadImportRow[] = [];
  for (const r of fresh) {
    const lead =
      (r.emailNorm ? byContact.get(`e:${r.emailNorm}`) : undefined) ??
      (r.phoneNorm ? byContact.get(`p:${r.phoneNorm}`) : undefined);
    if (lead) created.push({ row: r, lead });
    else lost.push(r);
  }
  // A concurrent intake committed the same person between our look-up and the insert: that lead is the original.
  if (lost.length > 0) for (const [line, m] of await findOpenMatches(uow, lost, [])) matches.set(line, m);

  await recordCreated(uow, created);
  await routeCreated(uow, created, report);
  const leadOfLine = new Map<number, LeadRow>([
    ...created.map((c) => [c.row.line, c.lead] as const),
    ...[...matches.values()].map((m) => [m.row.line, m.lead] as const),
  ]);
  const repeats = chunk.flatMap((r) => repeatsByLine.get(r.line) ?? []);
  await recordDuplicates(uow, [...matches.values()], repeats, leadOfLine, report);
  report.created += created.length;
}

const textArray = (values: readonly string[]): SQL =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

const prefixOf = (core: string) => [...core].slice(0, 2).join('');

// Open leads that are the same person as a row: exactly by e-mail or phone, else alike on company and contact.
async function findOpenMatches(
  uow: UnitOfWork,
  rows: readonly LeadImportRow[],
  cores: readonly string[],
): Promise<Map<number, Match>> {
  const emails = rows.flatMap((r) => (r.emailNorm ? [r.emailNorm] : []));
  const phones = rows.flatMap((r) => (r.phoneNorm ? [r.phoneNorm] : []));
  const prefixes = [...new Set(cores.map(prefixOf))];
  const conditions = [
    emails.length ? inArray(leads.emailNorm, emails) : undefined,
    phones.length ? inArray(leads.phoneNorm, phones) : undefined,
    // A hashed semi-join: LIKE ANY over hundreds of patterns would test every pattern on every open lead.
    prefixes.length
      ? sql`substr(${leads.companyKey}, 1, 2) in (select unnest(${textArray(prefixes)}))`
      : undefined,
  ].filter((c) => c !== undefined);
  const out = new Map<number, Match>();
  if (conditions.length === 0) return out;
  const open = await uow.tx
    .select()
    .from(leads)
    .where(and(isNull(leads.closedAt), or(...conditions)));
  const byEmail = new Map(open.flatMap((l) => (l.emailNorm ? [[l.emailNorm, l] as const] : [])));
  const byPhone = new Map(open.flatMap((l) => (l.phoneNorm ? [[l.phoneNorm, l] as const] : [])));
  const byId = new Map(open.map((l) => [l.id, l]));
  // Compared only within a two-character prefix, as intake looks them up: a big import stays linear.
  const alikeByPrefix = new Map<string, DedupeCandidate[]>();
  for (const l of open) {
    if (!l.companyKey) continue;
    const group = alikeByPrefix.get(prefixOf(l.companyKey)) ?? [];
    group.push({ id: l.id, companyCore: l.companyKey, contact: contactKey(l.name) });
    alikeByPrefix.set(prefixOf(l.companyKey), group);
  }
  for (const row of rows) {
    const email = row.emailNorm ? byEmail.get(row.emailNorm) : undefined;
    if (email) {
      out.set(row.line, { row, lead: email, matchedOn: 'email' });
      continue;
    }
    const phone = row.phoneNorm ? byPhone.get(row.phoneNorm) : undefined;
    if (phone) {
      out.set(row.line, { row, lead: phone, matchedOn: 'phone' });
      continue;
    }
    if (!row.companyCore) continue;
    const alike = fuzzyDuplicate(
      { companyCore: row.companyCore, contact: row.contactKey },
      alikeByPrefix.get(prefixOf(row.companyCore)) ?? [],
    );
    const lead = alike ? byId.get(alike.id) : undefined;
    if (lead) out.set(row.line, { row, lead, matchedOn: 'company' });
  }
  return out;
}

// Audit rows for many entities in one statement, shaped exactly as uow.audit writes them.
async function auditMany(uow: UnitOfWork, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await uow.tx.insert(auditLog).values(
    entries.map((e) => ({
      at: uow.now,
      actorId: actorId(uow.actor),
      actorLabel: actorLabel(uow.actor),
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  );
}

async function recordCreated(
  uow: UnitOfWork,
  created: readonly { row: LeadImportRow; lead: LeadRow }[],
): Promise<void> {
  if (created.length === 0) return;
  await auditMany(
    uow,
    created.map(({ lead }) => ({
      action: 'lead.create',
      entityType: 'lead',
      entityId: lead.id,
      after: {
        number: leadNumber(lead.seq),
        name: lead.name,
        company: lead.company,
        emailNorm: lead.emailNorm,
        phoneNorm: lead.phoneNorm,
        source: lead.source,
        customerId: lead.customerId,
        via: 'import',
      },
    })),
  );
  await uow.tx.insert(leadActivities).values(
    created.map(({ row, lead }) => ({
      leadId: lead.id,
      actorId: actorId(uow.actor),
      kind: 'created',
      data: { source: lead.source, campaign: lead.campaign, via: 'import', line: row.line },
      at: uow.now,
    })),
  );
}

// Routes every new lead of the chunk with one roster read and one cursor lock, keeping loads and turns in memory.
async function routeCreated(
  uow: UnitOfWork,
  created: readonly { row: LeadImportRow; lead: LeadRow }[],
  report: LeadImportReport,
): Promise<void> {
  if (created.length === 0) return;
  const { tx, now, deps } = uow;
  const { cursors, weighted } = await lockCursors(uow);
  const candidates = await loadCandidates(tx, deps.policy, now);
  const customerIds = [...new Set(created.flatMap((c) => (c.lead.customerId ? [c.lead.customerId] : [])))];
  const customerRows = customerIds.length
    ? await tx
        .select({ id: customers.id, name: customers.name, ownerId: customers.ownerId })
        .from(customers)
        .where(inArray(customers.id, customerIds))
    : [];
  const customerOf = new Map(customerRows.map((c) => [c.id, c]));
  const moved = new Set<string>();
  const decisions: { lead: LeadRow; decision: RoutingDecision }[] = [];
  for (const { lead } of created) {
    const decision = routeLead({
      lead: {
        region: lead.region,
        industry: lead.industry,
        source: lead.source,
        existingCustomer: (lead.customerId && customerOf.get(lead.customerId)) || null,
      },
      rules: deps.policy.routing.rules,
      candidates,
      cursors,
      weighted,
      now,
    });
    decisions.push({ lead, decision });
    if (decision.kind !== 'offer') continue;
    const taker = candidates.find((c) => c.id === decision.userId);
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

  const changes = decisions.map(({ lead, decision }) => ({
    id: lead.id,
    status: decision.kind === 'unrouted' ? 'new' : 'offered',
    offered_to_id: decision.kind === 'offer' ? decision.userId : null,
    claim_channel: decision.kind === 'claim' ? decision.channel : null,
    routing_rule: decision.reason.rule,
    routing_strategy: decision.reason.strategy,
    routing_reason: decision.reason,
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
  const updated = await tx
    .select()
    .from(leads)
    .where(
      inArray(
        leads.id,
        decisions.map((d) => d.lead.id),
      ),
    );
  const fresh = new Map(updated.map((l) => [l.id, l]));

  for (const rule of moved) {
    const state = weighted[rule];
    const values = { lastUserId: cursors[rule] ?? null, ...(state ? { state } : {}), updatedAt: now };
    await tx
      .insert(routingCursors)
      .values({ rule, ...values })
      .onConflictDoUpdate({ target: routingCursors.rule, set: values });
  }
  await tx.insert(leadActivities).values(
    decisions.map(({ lead, decision }) => ({
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
    })),
  );
  await auditMany(
    uow,
    decisions.map(({ lead, decision }) => {
      const after = fresh.get(lead.id);
      return {
        action: 'lead.route',
        entityType: 'lead',
        entityId: lead.id,
        before: { status: lead.status, offeredToId: lead.offeredToId, claimChannel: lead.claimChannel },
        after: {
          status: after?.status,
          offeredToId: after?.offeredToId ?? null,
          claimChannel: after?.claimChannel ?? null,
          reason: decision.reason,
        },
      };
    }),
  );
  for (const { lead, decision } of decisions) {
    const row = fresh.get(lead.id);
    if (!row) throw new Error(`lead ${lead.id} vanished while routing`);
    const card = cardDataOf(row);
    if (decision.kind === 'offer') {
      report.routed.offered++;
      await uow.post(
        { kind: 'user', userId: decision.userId },
        offerRef(lead.id, decision.userId),
        (locale) => offerCard(card, locale),
      );
    } else if (decision.kind === 'claim') {
      report.routed.posted++;
      await uow.post({ kind: 'channel', name: decision.channel }, claimRef(lead.id), (locale) =>
        claimCard(card, locale),
      );
    } else report.routed.unrouted++;
  }
}

// Each duplicate row becomes a `duplicate` touch on the open lead it repeats, with its source, as intake records it.
async function recordDuplicates(
  uow: UnitOfWork,
  matches: readonly Match[],
  repeats: readonly { row: LeadImportRow; ofLine: number }[],
  leadOfLine: ReadonlyMap<number, LeadRow>,
  report: LeadImportReport,
): Promise<void> {
  const touches: { row: LeadImportRow; lead: LeadRow; matchedOn: MatchedOn | 'file'; ofLine?: number }[] =
    matches.map((m) => ({ row: m.row, lead: m.lead, matchedOn: m.matchedOn }));
  for (const r of repeats) {
    const lead = leadOfLine.get(r.ofLine);
    if (lead) touches.push({ row: r.row, lead, matchedOn: 'file', ofLine: r.ofLine });
  }
  if (touches.length === 0) return;
  await uow.tx.insert(leadActivities).values(
    touches.map(({ row, lead, matchedOn }) => ({
      leadId: lead.id,
      actorId: actorId(uow.actor),
      kind: 'duplicate',
      note: row.note,
      data: {
        source: row.source ?? 'import',
        campaign: row.campaign,
        name: row.name,
        email: row.email,
        phone: row.phone,
        note: row.note,
        matchedOn,
        via: 'import',
        line: row.line,
      },
      at: uow.now,
    })),
  );
  await auditMany(
    uow,
    touches.map(({ row, lead, matchedOn }) => ({
      action: 'lead.duplicate',
      entityType: 'lead',
      entityId: lead.id,
      after: { source: row.source ?? 'import', campaign: row.campaign, matchedOn, via: 'import' },
    })),
  );
  for (const t of touches)
    report.duplicates.push({
      line: t.row.line,
      number: leadNumber(t.lead.seq),
      matchedOn: t.matchedOn,
      ...(t.ofLine !== undefined ? { ofLine: t.ofLine } : {}),
    });
}
