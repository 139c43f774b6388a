// Owns what an import chunk records for its rows: the creation of each new lead and each duplicate's touch.
import { randomUUID } from 'node:crypto';
import type { Keyring } from '../../crypto/keyring.ts';
import { maskEmail, maskPhone } from '../../domain/access/mask.ts';
import type { LeadImportRow } from '../../domain/leads/lead-import.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { duplicateCard } from '../../messages/catalogue/leads.ts';
import { actorId } from '../deps.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import type { MatchedOn } from './create-lead.ts';
import type { Match } from './find-open-matches.ts';
import type { ImportState, Writes } from './import-lead-chunk.ts';
import { cardDataOf, type LeadRow } from './route-lead.ts';

export function recordCreated(
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
        ...(via === 'intake' ? {} : { via }),
      },
    });
    writes.activities.push({
      leadId: lead.id,
      actorId: actorId(uow.actor),
      kind: 'created',
      data: {
        source: lead.source,
        campaign: lead.campaign,
        ...(via === 'intake' ? {} : { via, line: row.line }),
      },
      at: uow.now,
    });
  }
}

// Each duplicate row becomes a `duplicate` touch on the open lead it repeats, with its source, as intake records it;
// a lead that was open before this import puts the row on its holder's summary card.
export function recordDuplicates(
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
  const alone = state.via === 'intake';
  const ring = uow.deps.keyring;
  for (const { row, lead, matchedOn, ofLine } of touches) {
    // Single intakes taken together are recorded as each would be alone: the contact it matched on, never "file".
    const sameBy: MatchedOn = matchedOn !== 'file' ? matchedOn : sameContactAs(ring, row, lead);
    writes.activities.push({
      leadId: lead.id,
      actorId: actorId(uow.actor),
      kind: 'duplicate',
      note: row.note,
      data: {
        source: row.source ?? 'import',
        campaign: row.campaign,
        name: row.name,
        email: ring.encrypt(row.email),
        phone: ring.encrypt(row.phone),
        note: row.note,
        ...(alone ? { matchedOn: sameBy } : { matchedOn, via: state.via, line: row.line }),
      },
      at: uow.now,
    });
    writes.audits.push({
      action: 'lead.duplicate',
      entityType: 'lead',
      entityId: lead.id,
      after: {
        source: row.source ?? 'import',
        campaign: row.campaign,
        ...(alone ? { matchedOn: sameBy } : { matchedOn, via: state.via }),
      },
    });
    state.report.duplicates.push({
      line: row.line,
      number: leadNumber(lead.seq),
      matchedOn,
      sameBy,
      status: lead.status,
      ...(ofLine !== undefined ? { ofLine } : {}),
      id: lead.id,
    });
    const holder = lead.ownerId ?? lead.offeredToId;
    if (!holder) continue;
    if (alone) {
      // As single intake tells the holder: one card per arrival, also for a lead made moments ago by another.
      const card = cardDataOf(lead, uow.deps);
      const dup = { source: row.source ?? 'import', campaign: row.campaign, matchedOn: sameBy };
      writes.posts.push({
        target: { kind: 'user', userId: holder },
        refKey: `lead:${lead.id}:duplicate:${randomUUID()}`,
        build: (locale) => duplicateCard(card, dup, locale),
      });
      continue;
    }
    if (matchedOn === 'file' || state.createdIds.has(lead.id)) continue;
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

// How a row repeating an earlier row of the same list is the same person: its e-mail, else its phone, else alike.
function sameContactAs(ring: Keyring, row: LeadImportRow, lead: LeadRow): MatchedOn {
  if (row.emailNorm && lead.emailBidx === ring.blindIndex('email', row.emailNorm)) return 'email';
  if (row.phoneNorm && lead.phoneBidx === ring.blindIndex('phone', row.phoneNorm)) return 'phone';
  return 'company';
}
