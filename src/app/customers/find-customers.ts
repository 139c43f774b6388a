// Use case: list and search customers — by any CN/EN form of the name (folded like lead dedupe), alias, tax ID,
// a contact's name, phone or email, the owner's name or email, an external id — ordered by name. Tax ID, phone and
// email are sealed at rest, so they match exactly (after normalisation) through blind indexes, not as substrings.
import { type CustomerSearch, queryCustomers } from '../../db/customer-search.ts';
import { searchKeys } from '../../domain/customers/customer-fields.ts';
import { invalid } from '../../domain/errors.ts';
import { normaliseEmail, normalisePhone } from '../../domain/leads/normalise.ts';
import { demand } from '../access/ask.ts';
import type { Actor, AppDeps } from '../deps.ts';
import { taxIdBlindIndex } from './customer-record.ts';

export interface CustomerSummary {
  id: string;
  name: string;
  legalName: string | null;
  owner: { name: string; email: string } | null;
  region: string | null;
  tier: string | null;
  currency: string;
  creditLimitMinor: number | null;
  externalIds: Record<string, string>;
}

export interface FindCustomers {
  text?: string;
  ownerEmail?: string;
  limit?: number;
  offset?: number;
}

// Tax ID, contact e-mail and phone are sealed at rest, so they are looked for by blind index, exact after
// normalisation ("91320500ma1mhd0001" and "139 1234 0001" still find them).
function searchOf(deps: AppDeps, text: string, nameKeys: readonly string[]): CustomerSearch {
  const ring = deps.keyring;
  const email = normaliseEmail(text);
  const phone = normalisePhone(text, deps.policy.org.phoneRegion);
  return {
    text,
    nameKeys,
    taxIdBidx: taxIdBlindIndex(ring, text),
    emailBidx: email ? ring.blindIndex('email', email) : null,
    phoneBidx: phone ? ring.blindIndex('phone', phone) : null,
  };
}

export async function findCustomers(
  deps: AppDeps,
  actor: Actor,
  query: FindCustomers,
): Promise<{ items: CustomerSummary[]; total: number }> {
  demand(deps, actor, 'customer.read', {}, 'customer_read_forbidden', { name: query.text ?? '' });
  const text = query.text?.trim();
  let search: CustomerSearch | undefined;
  if (text !== undefined && text !== '') {
    const keys = searchKeys(text);
    if (keys.length === 0 && !/[\p{L}\p{N}]/u.test(text)) throw invalid('customer_search_short', 'text');
    search = searchOf(deps, text, keys);
  }
  const { rows, total } = await queryCustomers(deps.db, {
    ...(search ? { search } : {}),
    ...(query.ownerEmail ? { ownerEmail: query.ownerEmail } : {}),
    limit: Math.min(Math.max(query.limit ?? 20, 1), 200),
    offset: Math.max(query.offset ?? 0, 0),
  });
  return {
    items: rows.map(({ ownerName, ownerEmail, ...r }) => ({
      ...r,
      owner: ownerName && ownerEmail ? { name: ownerName, email: ownerEmail } : null,
    })),
    total,
  };
}
