// Owns how an open lead is found by e-mail or phone: blind indexes, plus the plain dedupe columns of leads taken in
// before encryption until the start-up backfill has moved them.
import { eq, or } from 'drizzle-orm';
import type { Keyring } from '../../crypto/keyring.ts';
import { leads } from '../../db/schema.ts';
import type { LeadRow } from './route-lead.ts';

// A contact's exact dedupe keys: blind indexes, and the normalised forms for leads not yet backfilled (plain columns).
export interface ContactKeys {
  emailBidx: string | null;
  phoneBidx: string | null;
  emailNorm: string | null;
  phoneNorm: string | null;
}

// The conditions that find an open lead with this e-mail or phone, sealed or (until the backfill ran) plain.
export function sameContact(k: ContactKeys) {
  return or(
    k.emailBidx ? eq(leads.emailBidx, k.emailBidx) : undefined,
    k.phoneBidx ? eq(leads.phoneBidx, k.phoneBidx) : undefined,
    k.emailNorm ? eq(leads.emailNorm, k.emailNorm) : undefined,
    k.phoneNorm ? eq(leads.phoneNorm, k.phoneNorm) : undefined,
  );
}

export const sameEmail = (l: LeadRow, k: ContactKeys) =>
  (k.emailBidx !== null && l.emailBidx === k.emailBidx) ||
  (k.emailNorm !== null && l.emailNorm === k.emailNorm);

// The keys a stored lead is found by.
export const contactKeysOf = (l: LeadRow): ContactKeys => ({
  emailBidx: l.emailBidx,
  phoneBidx: l.phoneBidx,
  emailNorm: l.emailNorm,
  phoneNorm: l.phoneNorm,
});

// An import chunk's rows' blind indexes by line, each an HMAC computed once: the chunk's dedupe, insert and the placing
// of what was inserted all compare them.
export type RowBlindIndexes = ReadonlyMap<number, { email: string | null; phone: string | null }>;

export const blindIndexesOf = (
  ring: Keyring,
  rows: readonly { line: number; emailNorm: string | null; phoneNorm: string | null }[],
): RowBlindIndexes =>
  new Map(
    rows.map((r) => [
      r.line,
      { email: ring.blindIndex('email', r.emailNorm), phone: ring.blindIndex('phone', r.phoneNorm) },
    ]),
  );
