// Owns finding the open leads an import's rows repeat: exactly by e-mail or phone, else alike on company and contact.
import { and, isNull, or } from 'drizzle-orm';
import { anyOf, queryAlikeLeads } from '../../db/lead-lookups.ts';
import { leads } from '../../db/schema.ts';
import {
  alikeCompanyGrams,
  contactKey,
  type DedupeCandidate,
  fuzzyDuplicate,
} from '../../domain/leads/dedupe.ts';
import type { LeadImportRow } from '../../domain/leads/lead-import.ts';
import type { UnitOfWork } from '../unit-of-work.ts';
import type { RowBlindIndexes } from './contact-keys.ts';
import type { MatchedOn } from './create-lead.ts';
import type { LeadRow } from './route-lead.ts';

export interface Match {
  row: LeadImportRow;
  lead: LeadRow;
  matchedOn: MatchedOn;
}

// Where an open lead alike to a company can be: its first two characters, and one of alikeCompanyGrams' bigrams
// (none when the company has no bigram: then only the very same text, which the prefix alone already pins).
export const alikeBound = (core: string) => ({
  prefix: [...core].slice(0, 2).join(''),
  grams: alikeCompanyGrams(core),
});

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
export async function findOpenMatches(
  uow: UnitOfWork,
  rows: readonly LeadImportRow[],
  alike: boolean,
  // Every row's, by line.
  bidx: RowBlindIndexes,
): Promise<Map<number, Match>> {
  const { tx } = uow;
  const ring = uow.deps.keyring;
  const emails = rows.flatMap((r) => (r.emailNorm ? [r.emailNorm] : []));
  const phones = rows.flatMap((r) => (r.phoneNorm ? [r.phoneNorm] : []));
  const emailOf = (r: LeadImportRow) => bidx.get(r.line)?.email ?? null;
  const phoneOf = (r: LeadImportRow) => bidx.get(r.line)?.phone ?? null;
  // Blind indexes; the plain columns only for leads taken in before encryption and not yet backfilled.
  const exactBy = [
    emails.length
      ? anyOf(
          leads.emailBidx,
          rows.flatMap((r) => emailOf(r) ?? []),
          'text',
        )
      : undefined,
    phones.length
      ? anyOf(
          leads.phoneBidx,
          rows.flatMap((r) => phoneOf(r) ?? []),
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
    const emailKey = emailOf(row);
    const phoneKey = phoneOf(row);
    const email = emailKey ? byEmail.get(emailKey) : undefined;
    const phone = phoneKey ? byPhone.get(phoneKey) : undefined;
    if (email) found.push({ row, id: email, matchedOn: 'email' });
    else if (phone) found.push({ row, id: phone, matchedOn: 'phone' });
    else if (alike && row.companyCore) rest.push(row);
  }

  // Only rows no e-mail or phone placed are compared on company and contact, as intake looks them up: against the
  // open leads sharing the company's two-character prefix and one of the bigrams any alike company contains
  // (alikeCompanyGrams), each row against its own; a big import stays linear, and a re-import skips this entirely.
  const near = await queryAlikeLeads(
    tx,
    rest.map((r) => ({ line: r.line, ...alikeBound(r.companyCore ?? '') })),
  );
  const candidates = new Map<number, DedupeCandidate[]>();
  for (const l of near) {
    const list = candidates.get(l.line) ?? [];
    list.push({ id: l.id, companyCore: l.company_key, contact: contactKey(l.name) });
    candidates.set(l.line, list);
  }
  for (const row of rest) {
    const match = fuzzyDuplicate(
      { companyCore: row.companyCore ?? '', contact: row.contactKey },
      candidates.get(row.line) ?? [],
    );
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
