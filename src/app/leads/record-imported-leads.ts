// Owns what an import chunk records for its rows: the creation of each new lead and each duplicate's touch.
import { maskEmail, maskPhone } from '../../domain/access/mask.ts';
import type { LeadImportRow } from '../../domain/leads/lead-import.ts';
import { leadNumber } from '../../domain/leads/normalise.ts';
import { actorId } from '../deps.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import type { MatchedOn } from './create-lead.ts';
import type { Match } from './find-open-matches.ts';
import type { ImportState, Writes } from './import-leads.ts';
import type { LeadRow } from './route-lead.ts';

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
